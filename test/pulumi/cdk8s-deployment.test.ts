import * as pulumi from '@pulumi/pulumi';
import { valueOf } from './program-mocks';
import { ApiObject, App, Chart } from 'cdk8s';
import { buildPlatformApp, Recorded, recordingMocks } from './deployment-fixtures';
import { SecretValue } from '../../lib/core/secret-value';

let recorded: Recorded[] = [];
const dependsOnByName = new Map<string, string[]>();

beforeAll(async () => {
  recorded = await recordingMocks();
});

function buildApp(): { app: App; platform: Chart } {
  return buildPlatformApp();
}

describe('Cdk8sDeployment', () => {
  let names: string[];
  beforeAll(async () => {
    const { Cdk8sDeployment } = await import('../../lib/pulumi/cdk8s-deployment');
    const { app } = buildApp();
    const comp = new Cdk8sDeployment(
      'platform',
      { source: app, secretValues: { 'vsphere-password': pulumi.secret('p"a\\ss;#word') } },
      {
        transformations: [
          (a) => {
            const deps = (a.opts.dependsOn as pulumi.Resource[] | undefined) ?? [];
            dependsOnByName.set(
              a.name,
              deps.map((d) => (d as any).__name as string),
            );
            return undefined;
          },
        ],
      },
    );
    names = comp.resourceNames;
    await valueOf(pulumi.all(Object.values(comp.resources).map((r) => r.urn)));
  });

  test('the mock recorded every object and the components', () => {
    expect(recorded.length).toBe(5 + 2 + 1 + 1); // objects, chart components, the deployment, the crds chart's barrier
    expect(recorded.filter((r) => r.type === 'vsphere-k8s:index:Cdk8sDeployment').map((r) => r.name)).toEqual(['platform']);
    expect(
      recorded
        .filter((r) => r.type === 'vsphere-k8s:index:Cdk8sChart')
        .map((r) => r.name)
        .sort(),
    ).toEqual(['platform:crds', 'platform:platform']);
  });

  test('registers typed tokens for built-in kinds and the CRD token for custom kinds, under stable names', () => {
    const objects = recorded.filter((r) => r.type.startsWith('kubernetes:')).map((r) => `${r.type} ${r.name}`);
    expect(objects.sort()).toEqual(
      [
        'kubernetes:apiextensions.k8s.io/v1:CustomResourceDefinition apiextensions.k8s.io/v1:CustomResourceDefinition:tiers.crd.antrea.io',
        'kubernetes:core/v1:ConfigMap v1:ConfigMap:apps/settings',
        'kubernetes:core/v1:Namespace v1:Namespace:apps',
        'kubernetes:core/v1:Secret v1:Secret:apps/creds',
        'kubernetes:crd.antrea.io/v1beta1:Tier crd.antrea.io/v1beta1:Tier:platform-tier',
        // the "done" barrier of the crds chart, which the platform chart depends on (an empty ConfigGroup)
        'kubernetes:yaml/v2:ConfigGroup platform:crds:done',
      ].sort(),
    );
  });

  test('registers CRDs and Namespaces first, every object after its dependencies', () => {
    expect(names).toEqual([
      'apiextensions.k8s.io/v1:CustomResourceDefinition:tiers.crd.antrea.io',
      'v1:Namespace:apps',
      'crd.antrea.io/v1beta1:Tier:platform-tier',
      'v1:Secret:apps/creds',
      'v1:ConfigMap:apps/settings',
    ]);
  });

  test('turns namespaces, CRDs, cdk8s dependencies and chart dependencies into direct dependsOn edges only', () => {
    // The chart dependency (platform -> crds) is one edge to the crds chart's "done" barrier, listed only on the objects
    // that do not reach it through another dependency; the barrier waits for every object of the crds chart;
    // the Namespace edge of the ConfigMap is implied by the Secret (which needs it too).
    expect(dependsOnByName.get('v1:ConfigMap:apps/settings')).toEqual(['v1:Secret:apps/creds']);
    expect(dependsOnByName.get('v1:Secret:apps/creds')).toEqual(['v1:Namespace:apps']);
    expect(dependsOnByName.get('crd.antrea.io/v1beta1:Tier:platform-tier')).toEqual(['platform:crds:done']);
    expect(dependsOnByName.get('v1:Namespace:apps')).toEqual(['platform:crds:done']);
    expect(dependsOnByName.get('platform:crds:done')).toEqual(['apiextensions.k8s.io/v1:CustomResourceDefinition:tiers.crd.antrea.io']);
    expect(dependsOnByName.get('apiextensions.k8s.io/v1:CustomResourceDefinition:tiers.crd.antrea.io')).toEqual([]);
  });

  test('Secret data is a Pulumi secret, placeholders filled and encoded, no stringData, no plaintext', () => {
    const secret = recorded.find((r) => r.name === 'v1:Secret:apps/creds')!;
    expect(secret.inputs.stringData).toBeUndefined();
    const data = secret.inputs.data;
    expect(data[pulumi.runtime.specialSigKey]).toBe(pulumi.runtime.specialSecretSig);
    const decoded = Object.fromEntries(
      Object.entries(data.value as Record<string, string>).map(([k, v]) => [k, Buffer.from(v, 'base64').toString('utf8')]),
    );
    expect(decoded).toEqual({ password: 'p"a\\ss;#word', 'conf.ini': 'password = "p\\"a\\\\ss;#word"' });
    for (const r of recorded.filter((x) => x.name !== 'v1:Secret:apps/creds')) expect(JSON.stringify(r.inputs)).not.toContain('ss;#word');
  });
});

describe('Cdk8sDeployment failure modes and options', () => {
  function chartWith(obj: Record<string, unknown>): Chart {
    const app = new App();
    const chart = new Chart(app, 'c');
    new ApiObject(chart, 'x', obj as any);
    return chart;
  }

  test('should throw if a deploy-time secret has no value', async () => {
    const { Cdk8sDeployment } = await import('../../lib/pulumi/cdk8s-deployment');
    const chart = chartWith({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 's', namespace: 'default' },
      stringData: { p: SecretValue.deployTime('pw').render('raw') },
    });
    expect(() => new Cdk8sDeployment('miss', { source: chart })).toThrow(/miss: v1:Secret:default\/s: secretValues is missing "pw"/);
  });

  test('should throw if a placeholder appears outside a Secret', async () => {
    const { Cdk8sDeployment } = await import('../../lib/pulumi/cdk8s-deployment');
    const chart = chartWith({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'c', namespace: 'default' },
      data: { p: SecretValue.deployTime('pw').render('raw') },
    });
    expect(() => new Cdk8sDeployment('leak', { source: chart, secretValues: { pw: 'x' } })).toThrow(
      /may only appear in Secret data or stringData/,
    );
  });

  test('should throw if an object fails strict validation', async () => {
    const { Cdk8sDeployment } = await import('../../lib/pulumi/cdk8s-deployment');
    const chart = chartWith({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, dta: {} });
    expect(() => new Cdk8sDeployment('bad', { source: chart })).toThrow(/v1 ConfigMap c \/dta: unknown field "dta"/);
  });

  test('passes the provider through to every object and can mark Services skipAwait', async () => {
    const k8s = await import('@pulumi/kubernetes');
    const { Cdk8sDeployment } = await import('../../lib/pulumi/cdk8s-deployment');
    const seen: Array<{ name: string; provider: string | undefined; inputs: any }> = [];
    await pulumi.runtime.setMocks(
      {
        newResource: (args) => {
          seen.push({ name: args.name, provider: args.provider, inputs: args.inputs });
          return { id: `${args.name}-id`, state: args.inputs };
        },
        call: () => ({}),
      },
      'proj',
      'stack',
      false,
    );
    const provider = new k8s.Provider('cluster', { kubeconfig: 'dummy' });
    const chart = chartWith({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web', namespace: 'default' },
      spec: { type: 'LoadBalancer', ports: [{ port: 80 }], selector: { app: 'web' } },
    });
    const d = new Cdk8sDeployment('svc', { source: chart, skipAwaitServices: true }, { provider });
    await valueOf(d.resources['v1:Service:default/web'].urn);
    const svc = seen.find((s) => s.name === 'v1:Service:default/web')!;
    expect(svc.provider).toMatch(/^urn:pulumi:stack::proj::pulumi:providers:kubernetes::cluster::/);
    expect(svc.inputs.metadata.annotations).toEqual({ 'pulumi.com/skipAwait': 'true' });
  });
});
