import * as pulumi from '@pulumi/pulumi';
import { ApiObject, App, Chart } from 'cdk8s';
import { valueOf } from './program-mocks';
import { declareAntreaInstalled } from '../../lib/antrea/antrea-crds';
import { Tier } from '../../lib/antrea/tier';
import { SecretValue } from '../../lib/core/secret-value';
import type { Cdk8sDeployment as Cdk8sDeploymentType, Cdk8sDeploymentArgs } from '../../lib/pulumi/cdk8s-deployment';
import { replacementOptionsFor } from '../../lib/pulumi/replacement';
import { Recorded, recordingMocks } from './deployment-fixtures';

let recorded: Recorded[] = [];

beforeAll(async () => {
  recorded = await recordingMocks();
});

beforeEach(() => {
  recorded.length = 0;
});

/** An App with a namespaced and a cluster-scoped core object, an immutable ConfigMap, a StorageClass, a CSIDriver and a Tier. */
function buildApp(): App {
  const app = new App();
  declareAntreaInstalled(app, 'Antrea v2.7.0');
  const chart = new Chart(app, 'platform');
  new ApiObject(chart, 'ns', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'apps' } });
  new ApiObject(chart, 'cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: 'apps' }, data: { a: 'b' } });
  new ApiObject(chart, 'frozen', {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'frozen', namespace: 'apps' },
    data: { a: 'b' },
    immutable: true,
  } as any);
  new ApiObject(chart, 'sc', {
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: { name: 'fast' },
    provisioner: 'csi.vsphere.vmware.com',
    parameters: { storagepolicyname: 'gold' },
    reclaimPolicy: 'Delete',
    volumeBindingMode: 'WaitForFirstConsumer',
  } as any);
  new ApiObject(chart, 'driver', {
    apiVersion: 'storage.k8s.io/v1',
    kind: 'CSIDriver',
    metadata: { name: 'csi.vsphere.vmware.com' },
    spec: { attachRequired: true, podInfoOnMount: false },
  } as any);
  new Tier(chart, 'SecurityTeam', { priority: 120 });
  return app;
}

/** Deploys `app`, capturing the resource options each object is registered with (mocks do not see options). */
async function deploy(
  name: string,
  args: Omit<Cdk8sDeploymentArgs, 'source'> & { source?: Cdk8sDeploymentArgs['source'] } = {},
): Promise<{ d: Cdk8sDeploymentType; opts: Map<string, pulumi.CustomResourceOptions> }> {
  const { Cdk8sDeployment } = await import('../../lib/pulumi/cdk8s-deployment');
  const opts = new Map<string, pulumi.CustomResourceOptions>();
  const d = new Cdk8sDeployment(name, Object.assign({ source: buildApp() }, args), {
    // A resource transformation sees every child's final options: the way to test options under mocks.
    transformations: [
      (a) => {
        opts.set(a.name, a.opts as pulumi.CustomResourceOptions);
        return undefined;
      },
    ],
  });
  await valueOf(pulumi.all(Object.values(d.resources).map((r) => r.urn)));
  return { d, opts };
}

describe('Cdk8sDeployment.getResource', () => {
  test('finds namespaced objects by group/version/kind, namespace and name, cluster-scoped ones without a namespace', async () => {
    const { d } = await deploy('get');
    expect(d.getResource('v1/ConfigMap', 'apps', 'settings')).toBe(d.resources['v1:ConfigMap:apps/settings']);
    expect(d.getResource('storage.k8s.io/v1/StorageClass', 'fast')).toBe(d.resources['storage.k8s.io/v1:StorageClass:fast']);
    expect(d.getResource('crd.antrea.io/v1beta1/Tier', 'security-team')).toBe(d.resources['crd.antrea.io/v1beta1:Tier:security-team']);
    expect(d.getResource('v1/Namespace', 'apps')).toBe(d.resources['v1:Namespace:apps']);
  });

  test('honours the resource prefix', async () => {
    const { d } = await deploy('get-prefixed', { resourcePrefix: 'east:' });
    expect(d.getResource('v1/ConfigMap', 'apps', 'settings')).toBe(d.resources['east:v1:ConfigMap:apps/settings']);
  });

  test('should throw naming close matches if the object is not in the deployment', async () => {
    const { d } = await deploy('get-missing');
    expect(() => d.getResource('v1/ConfigMap', 'other', 'settings')).toThrow(
      'getResource: no object v1/ConfigMap other/settings in this deployment; close matches: v1/ConfigMap apps/settings',
    );
    // a namespaced object asked for without its namespace
    expect(() => d.getResource('v1/ConfigMap', 'settings')).toThrow(/close matches: v1\/ConfigMap apps\/settings/);
    // the wrong version
    expect(() => d.getResource('storage.k8s.io/v1beta1/StorageClass', 'fast')).toThrow(
      'getResource: no object storage.k8s.io/v1beta1/StorageClass fast in this deployment; close matches: storage.k8s.io/v1/StorageClass fast',
    );
    expect(() => d.getResource('v1/Secret', 'apps', 'nothing-like-it')).toThrow(
      /no object v1\/Secret apps\/nothing-like-it in this deployment \(6 objects\)/,
    );
  });

  test('should throw if the group/version/kind is not in "<group>/<version>/<Kind>" form', async () => {
    const { d } = await deploy('get-bad');
    expect(() => d.getResource('ConfigMap', 'apps', 'settings')).toThrow(
      'getResource("ConfigMap"): expected "<group>/<version>/<Kind>" or "v1/<Kind>", e.g. "apps/v1/Deployment"',
    );
  });
});

describe('Cdk8sDeployment replaceOnChanges / deleteBeforeReplace', () => {
  test('sets them on the kinds whose fields the API server or Antrea refuse to update, and only there', async () => {
    const { opts } = await deploy('replace');
    const of = (n: string): [unknown, unknown] => [opts.get(n)?.replaceOnChanges, opts.get(n)?.deleteBeforeReplace];
    expect(of('crd.antrea.io/v1beta1:Tier:security-team')).toEqual([['spec.priority'], true]);
    expect(of('storage.k8s.io/v1:StorageClass:fast')).toEqual([
      ['provisioner', 'parameters', 'reclaimPolicy', 'volumeBindingMode', 'mountOptions', 'allowedTopologies'],
      true,
    ]);
    expect(of('storage.k8s.io/v1:CSIDriver:csi.vsphere.vmware.com')).toEqual([
      ['spec.attachRequired', 'spec.podInfoOnMount', 'spec.fsGroupPolicy', 'spec.volumeLifecycleModes'],
      true,
    ]);
    expect(of('v1:ConfigMap:apps/frozen')).toEqual([['data', 'binaryData'], true]);
    expect(of('v1:ConfigMap:apps/settings')).toEqual([undefined, undefined]);
    expect(of('v1:Namespace:apps')).toEqual([undefined, undefined]);
  });

  test('the table covers workloads, Secrets and the Antrea kinds with immutable fields', () => {
    const r = (apiVersion: string, kind: string, extra: Record<string, unknown> = {}) =>
      replacementOptionsFor(Object.assign({ apiVersion, kind, metadata: { name: 'x' } }, extra))?.replaceOnChanges;
    expect(r('batch/v1', 'Job')).toEqual(['spec.selector', 'spec.template']);
    expect(r('apps/v1', 'Deployment')).toEqual(['spec.selector']);
    expect(r('apps/v1', 'StatefulSet')).toEqual([
      'spec.selector',
      'spec.serviceName',
      'spec.podManagementPolicy',
      'spec.volumeClaimTemplates',
    ]);
    expect(r('v1', 'Secret')).toEqual(['type']);
    expect(r('v1', 'Secret', { immutable: true })).toEqual(['type', 'data', 'binaryData']);
    expect(r('crd.antrea.io/v1beta1', 'IPPool')).toEqual(['spec.subnetInfo.gateway', 'spec.subnetInfo.prefixLength']);
    expect(r('multicluster.crd.antrea.io/v1alpha2', 'ClusterSet')).toEqual(['spec.clusterID']);
    // replacing a PVC would delete its volume: left as an update the API server refuses
    expect(r('v1', 'PersistentVolumeClaim')).toBeUndefined();
    expect(r('v1', 'Service')).toBeUndefined();
  });
});

describe('Cdk8sDeployment transforms', () => {
  test('are applied to a copy of each object, after validation, and may change inputs and options', async () => {
    const seen: string[] = [];
    const { d, opts } = await deploy('transformed', {
      transforms: [
        (manifest, _opts, resourceName) => {
          seen.push(resourceName);
          manifest.metadata.labels = Object.assign({}, manifest.metadata.labels, { team: 'platform' });
        },
        (manifest, o) => {
          if (manifest.kind !== 'ConfigMap' || manifest.metadata.name !== 'settings') return undefined;
          // inputs may be Pulumi outputs (not validated again), options may be replaced
          return {
            manifest: Object.assign({}, manifest, { data: { a: pulumi.output('from-an-output') } }),
            opts: Object.assign({}, o, { ignoreChanges: ['data.b'], protect: true }),
          };
        },
      ],
    });
    expect(seen).toEqual(d.resourceNames);
    const cm = recorded.find((r) => r.name === 'v1:ConfigMap:apps/settings')!;
    expect(cm.inputs.data).toEqual({ a: 'from-an-output' });
    expect(cm.inputs.metadata.labels).toEqual({ team: 'platform' });
    expect(opts.get('v1:ConfigMap:apps/settings')?.protect).toBe(true);
    expect(opts.get('v1:ConfigMap:apps/settings')?.ignoreChanges).toEqual(['data.b']);
    // the adapter's own options survive a transform that keeps them
    expect(opts.get('crd.antrea.io/v1beta1:Tier:security-team')?.replaceOnChanges).toEqual(['spec.priority']);
    const tier = recorded.find((r) => r.name === 'crd.antrea.io/v1beta1:Tier:security-team')!;
    expect(tier.inputs.metadata.labels).toEqual({ team: 'platform' });
  });

  test('dependsOn added by a transform is kept next to the computed dependencies', async () => {
    const { d: first } = await deploy('first', { resourcePrefix: 'a:' });
    const extra = first.getResource('v1/Namespace', 'apps');
    const { opts } = await deploy('second', {
      resourcePrefix: 'b:',
      transforms: [
        (m, o) => {
          if (m.kind === 'ConfigMap') (o.dependsOn as pulumi.Resource[]).push(extra);
        },
      ],
    });
    const deps = opts.get('b:v1:ConfigMap:apps/settings')?.dependsOn as pulumi.Resource[];
    expect(deps).toContain(extra);
    expect(deps.length).toBe(2); // its own Namespace, and the transform's
  });

  test('a transform cannot take an object out of its chart component (chart-level dependencies rely on it)', async () => {
    const { opts } = await deploy('reparented', { transforms: [() => ({ opts: { protect: true } })] });
    const o = opts.get('v1:ConfigMap:apps/settings')!;
    expect(o.protect).toBe(true);
    expect((o.parent as unknown as { __name: string }).__name).toBe('reparented:platform');
    expect((o.dependsOn as pulumi.Resource[]).length).toBe(1); // its Namespace
  });

  test('should throw if a transform changes the identity of an object', async () => {
    await expect(
      deploy('renamed', {
        transforms: [
          (m) => {
            if (m.kind === 'ConfigMap') m.metadata.name = 'renamed';
          },
        ],
      }),
    ).rejects.toThrow(/renamed: v1:ConfigMap:apps\/settings: a transform changed apiVersion, kind, metadata.name or metadata.namespace/);
  });

  test('should throw if a transform puts a deploy-time secret outside a Secret', async () => {
    await expect(
      deploy('leaky', {
        secretValues: { pw: 'x' },
        transforms: [
          (m) => {
            if (m.kind === 'ConfigMap') m.data = { p: SecretValue.deployTime('pw').render('raw') };
          },
        ],
      }),
    ).rejects.toThrow(/may only appear in Secret data or stringData/);
  });

  test('leave the plan untouched', async () => {
    const app = buildApp();
    const { planManifests } = await import('../../lib/pulumi/manifest-plan');
    const before = JSON.stringify(planManifests(app).objects.map((o) => o.manifest));
    await deploy('pure', {
      source: app,
      transforms: [
        (m) => {
          m.metadata.annotations = { touched: 'yes' };
        },
      ],
    });
    expect(JSON.stringify(planManifests(app).objects.map((o) => o.manifest))).toBe(before);
  });
});
