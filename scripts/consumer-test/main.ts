// Consumer smoke program for scripts/consumer-test.sh: built against the packed package (not the sources), under the
// tsconfig of `cdk8s init typescript-app` (CommonJS, node10 resolution) and under node16/nodenext and bundler.
// It imports both entry points, synthesizes a small storage App with synthesize() and registers a Cdk8sDeployment
// under Pulumi mocks. Exits non-zero on any failure.
// First, as docs/cdk8s.md says: the package's modules load through its code cache (checked by consumer-test.sh).
import 'vsphere-k8s-constructs/code-cache';
import * as fs from 'fs';
import * as path from 'path';
import * as pulumi from '@pulumi/pulumi';
import { ApiObject, App, Chart } from 'cdk8s';
import {
  ClusterId,
  CloudControllerManager,
  CsiDriver,
  declareAntreaInstalled,
  SecretValue,
  synthesize,
  Tier,
  VsphereStorageClass,
} from 'vsphere-k8s-constructs';
import { Cdk8sDeployment } from 'vsphere-k8s-constructs/pulumi';
// The public declarations list only the documented API: internal helpers are not importable (stripInternal).
// @ts-expect-error readInt is an internal reader helper
import { readInt } from 'vsphere-k8s-constructs';
// @ts-expect-error registerPoolOverlapCheck is internal to the Antrea constructs
import { registerPoolOverlapCheck } from 'vsphere-k8s-constructs';
void readInt;
void registerPoolOverlapCheck;

function check(condition: boolean, message: string): void {
  if (!condition) throw new Error(`consumer test: ${message}`);
}

function cdk8sPath(outRoot: string): void {
  const app = new App({ outdir: path.join(outRoot, 'manifests') });
  const chart = new Chart(app, 'storage');
  const vcenters = [{ server: 'vcenter.corp.example', datacenters: ['dc1'] }];
  const ccm = new CloudControllerManager(chart, 'Ccm', { vcenters, kubernetesVersion: 'v1.33.4' });
  new CsiDriver(chart, 'Csi', {
    vcenters,
    kubernetesVersion: 'v1.33.4',
    clusterId: ClusterId.of('prod-east'),
    cloudControllerManager: ccm,
  });
  VsphereStorageClass.block(chart, 'Block', { storagePolicyName: 'vSAN Default Storage Policy', isDefault: true });
  const result = synthesize(app);
  check(result.manifestFiles.length === 1, `expected 1 manifest file, got ${JSON.stringify(result.manifestFiles)}`);
  const yaml = fs.readFileSync(result.manifestFiles[0], 'utf8');
  for (const kind of ['StorageClass', 'CSIDriver', 'DaemonSet'])
    check(yaml.includes(`kind: ${kind}\n`), `no ${kind} in the synthesized YAML`);
  console.log(`cdk8s: synthesize() wrote ${result.objectCount} objects, ${result.extraFiles.length} extra files`);
}

async function pulumiPath(): Promise<void> {
  const registered: pulumi.runtime.MockResourceArgs[] = [];
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        registered.push(args);
        return { id: `${args.name}-id`, state: args.inputs };
      },
      call: () => ({}),
    },
    'consumer',
    'test',
    false,
  );
  const app = new App();
  declareAntreaInstalled(app, 'Antrea v2.7.0');
  const chart = new Chart(app, 'platform');
  new Tier(chart, 'SecurityTeam', { priority: 120 });
  new ApiObject(chart, 'Token', {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'api-token', namespace: 'default' },
    stringData: { token: SecretValue.deployTime('api-token').render('raw') },
  });
  const deployment = new Cdk8sDeployment('platform', { source: app, secretValues: { 'api-token': pulumi.secret('s3cr3t') } });
  const urns = Object.keys(deployment.resources).map((name) => deployment.resources[name].urn);
  await new Promise((resolve) => pulumi.all(urns).apply(resolve));
  const names = deployment.resourceNames.join(',');
  check(names === 'crd.antrea.io/v1beta1:Tier:security-team,v1:Secret:default/api-token', `resource names: ${names}`);
  const tier = registered.find((r) => r.name === 'crd.antrea.io/v1beta1:Tier:security-team');
  check(tier !== undefined && tier.type === 'kubernetes:crd.antrea.io/v1beta1:Tier', `Tier registered as ${tier && tier.type}`);
  console.log(`pulumi: Cdk8sDeployment registered ${registered.length} resources`);
}

async function main(): Promise<void> {
  const outRoot = fs.mkdtempSync(path.join(process.cwd(), 'out-'));
  cdk8sPath(outRoot);
  await pulumiPath();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
