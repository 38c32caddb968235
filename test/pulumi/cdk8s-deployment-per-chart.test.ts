import * as pulumi from '@pulumi/pulumi';
import { ApiObject, App, Chart } from 'cdk8s';
import { valueOf } from './program-mocks';
import { assertValidManifests, ManifestObject } from '../../lib/core/validation';
import type { Cdk8sDeployment as Cdk8sDeploymentType, Cdk8sDeploymentArgs } from '../../lib/pulumi/cdk8s-deployment';
import {
  dependsOnReference,
  RegistrationMode,
  replacementTransform,
  replacementTransforms,
  withDependsOnAnnotation,
} from '../../lib/pulumi/chart-groups';
import { planManifests } from '../../lib/pulumi/manifest-plan';
import { buildPlatformApp, Recorded, recordingMocks, tierCrd } from './deployment-fixtures';
import { replacementOptionsFor } from '../../lib/pulumi/replacement';

let recorded: Recorded[] = [];
const GROUP = 'kubernetes:yaml/v2:ConfigGroup';
const PASSWORD = 'p"a\\ss;#word';

beforeAll(async () => {
  recorded = await recordingMocks();
});

beforeEach(() => {
  recorded.length = 0;
});

/** The platform App of deployment-fixtures.ts, plus a LoadBalancer Service that the ConfigMap depends on and names in its own depends-on annotation. */
function buildApp(): App {
  const { app, platform, configMap } = buildPlatformApp();
  configMap.metadata.addAnnotation('config.kubernetes.io/depends-on', '/namespaces/apps/Service/web');
  const svc = new ApiObject(platform, 'svc', {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'web', namespace: 'apps' },
    spec: { type: 'LoadBalancer', ports: [{ port: 80 }], selector: { app: 'web' } },
  });
  configMap.addDependency(svc);
  return app;
}

/** k chained charts of `per` ConfigMaps each (chart i depends on chart i-1), every object in its own Namespace chart 0 holds. */
function chainApp(k: number, per: number): App {
  const app = new App();
  let prev: Chart | undefined;
  for (let i = 0; i < k; i++) {
    const chart = new Chart(app, `c${i}`);
    if (i === 0) new ApiObject(chart, 'ns', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'chain' } });
    for (let j = 0; j < per; j++) {
      new ApiObject(chart, `cm${j}`, {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: `c${i}-${j}`, namespace: 'chain' },
        data: { j: String(j) },
      });
    }
    if (prev) chart.addDependency(prev);
    prev = chart;
  }
  return app;
}

/** Deploys per chart, capturing each child's resource options through a resource transformation (mocks do not see options). */
async function deploy(
  name: string,
  args: Cdk8sDeploymentArgs,
): Promise<{ d: Cdk8sDeploymentType; opts: Map<string, pulumi.ComponentResourceOptions> }> {
  const { Cdk8sDeployment } = await import('../../lib/pulumi/cdk8s-deployment');
  const opts = new Map<string, pulumi.ComponentResourceOptions>();
  const d = new Cdk8sDeployment(name, Object.assign({ registration: RegistrationMode.PER_CHART }, args), {
    transformations: [
      (a) => {
        opts.set(a.name, a.opts);
        return undefined;
      },
    ],
  });
  await valueOf(pulumi.all(Object.values(d.chartGroups).map((g) => g.urn)));
  return { d, opts };
}

/** The wire form of a mock input: unwraps Pulumi's secret envelope (and reports whether there was one). */
function unwrap(v: any): { secret: boolean; value: any } {
  if (v && typeof v === 'object' && v[pulumi.runtime.specialSigKey] === pulumi.runtime.specialSecretSig)
    return { secret: true, value: v.value };
  return { secret: false, value: v };
}

/** The objects a recorded ConfigGroup sends: its `yaml` input, one JSON document per line (and whether it is secret). */
function objsOf(groupName: string): { secret: boolean; value: any[] } {
  const group = recorded.find((r) => r.type === GROUP && r.name === groupName);
  if (!group) throw new Error(`no ConfigGroup ${groupName} recorded`);
  expect(group.inputs.objs).toBeUndefined();
  const { secret, value } = unwrap(group.inputs.yaml);
  expect(typeof value).toBe('string');
  return { secret, value: (value as string).split('\n').map((line) => JSON.parse(line)) };
}

describe('Cdk8sDeployment with RegistrationMode.PER_CHART', () => {
  test('registers one ConfigGroup per chart, parented by the deployment, and no per-object resource', async () => {
    const { d } = await deploy('pc', {
      source: buildApp(),
      secretValues: { 'vsphere-password': pulumi.secret(PASSWORD) },
      skipAwaitServices: true,
    });
    expect(recorded.map((r) => `${r.type} ${r.name}`).sort()).toEqual(
      [`${GROUP} pc:crds`, `${GROUP} pc:platform`, 'vsphere-k8s:index:Cdk8sDeployment pc'].sort(),
    );
    expect(Object.keys(d.chartGroups).sort()).toEqual(['crds', 'platform']);
    expect(d.resources).toEqual({});
    expect(d.registration).toBe(RegistrationMode.PER_CHART);
    const urn = await valueOf(d.chartGroups.platform.urn);
    expect(urn).toBe(`urn:pulumi:stack::proj::vsphere-k8s:index:Cdk8sDeployment$${GROUP}::pc:platform`);
  });

  test("the group's objects are the chart's synthesized objects in plan order; in-chart edges the provider does not order become the depends-on annotation", async () => {
    const app = buildApp();
    const plan = planManifests(app);
    await deploy('objs', { source: app, secretValues: { 'vsphere-password': pulumi.secret(PASSWORD) }, skipAwaitServices: true });
    const crdsGroup = recorded.find((r) => r.name === 'objs:crds')!;
    expect(crdsGroup.inputs.resourcePrefix).toBe('');
    expect(objsOf('objs:crds')).toEqual({ secret: false, value: [tierCrd()] });
    // No Input among the objects: plain text, one JSON document per line.
    expect(crdsGroup.inputs.yaml).toBe(JSON.stringify(plan.objects[0].manifest));

    const platform = objsOf('objs:platform');
    const expected = plan.objects.filter((o) => o.chartIndex === plan.charts.indexOf('platform')).map((o) => o.manifest);
    expect(platform.value.map((m: ManifestObject) => `${m.kind}/${m.metadata?.name}`)).toEqual(
      expected.map((m) => `${m.kind}/${m.metadata?.name}`),
    );
    expect(platform.value.map((m: ManifestObject) => `${m.kind}/${m.metadata?.name}`)).toEqual([
      'Namespace/apps',
      'Tier/platform-tier',
      'Secret/creds',
      'Service/web',
      'ConfigMap/settings',
    ]);
    const byKind = Object.fromEntries(platform.value.map((m: ManifestObject) => [m.kind, m]));
    const synthesized = Object.fromEntries(expected.map((m) => [m.kind, m]));
    // Unchanged: the Namespace, the Tier (its CRD is in another chart: the group edge orders it) and the Secret's
    // Namespace edge (the provider installs Namespaces first).
    expect(byKind.Namespace).toEqual(synthesized.Namespace);
    expect(byKind.Tier).toEqual(synthesized.Tier);
    expect(byKind.Secret.metadata).toEqual(synthesized.Secret.metadata);
    // The ConfigMap waits for the Secret and the Service: the annotation it had keeps its reference, the Secret is added.
    expect(byKind.ConfigMap).toEqual({
      ...synthesized.ConfigMap,
      metadata: {
        ...synthesized.ConfigMap.metadata,
        annotations: { 'config.kubernetes.io/depends-on': '/namespaces/apps/Service/web,/namespaces/apps/Secret/creds' },
      },
    });
    // skipAwaitServices still marks the Service.
    expect(byKind.Service.metadata.annotations).toEqual({ 'pulumi.com/skipAwait': 'true' });
    // What is sent still passes strict validation (the annotation is a valid one).
    expect(() => assertValidManifests([tierCrd() as ManifestObject, ...platform.value])).not.toThrow();
  });

  test('Secret data stays a Pulumi secret, placeholders filled and base64-encoded, no stringData, no plaintext elsewhere', async () => {
    await deploy('sec', { source: buildApp(), secretValues: { 'vsphere-password': pulumi.secret(PASSWORD) } });
    const platform = objsOf('sec:platform');
    // A secret nested in an input makes the whole input secret on the wire.
    expect(platform.secret).toBe(true);
    const secret = platform.value.find((m: ManifestObject) => m.kind === 'Secret');
    expect(secret.stringData).toBeUndefined();
    const decoded = Object.fromEntries(
      Object.entries(secret.data as Record<string, string>).map(([k, v]) => [k, Buffer.from(v, 'base64').toString('utf8')]),
    );
    expect(decoded).toEqual({ password: PASSWORD, 'conf.ini': 'password = "p\\"a\\\\ss;#word"' });
    for (const r of recorded.filter((x) => x.name !== 'sec:platform')) expect(JSON.stringify(r.inputs)).not.toContain('ss;#word');
  });

  test('should throw if a deploy-time secret has no value (the same check as per object)', async () => {
    const { Cdk8sDeployment } = await import('../../lib/pulumi/cdk8s-deployment');
    expect(() => new Cdk8sDeployment('nosec', { source: buildApp(), registration: RegistrationMode.PER_CHART })).toThrow(
      /nosec: v1:Secret:apps\/creds: secretValues is missing "vsphere-password"/,
    );
  });

  test.each([2, 10])('%i chained charts: each group depends on the previous one only (linear)', async (k) => {
    const { d, opts } = await deploy(`chain${k}`, { source: chainApp(k, 30) });
    const deps = (i: number): string[] =>
      ((opts.get(`chain${k}:c${i}`)?.dependsOn as pulumi.Resource[] | undefined) ?? []).map((r) => (r as any).__name as string);
    let edges = 0;
    for (let i = 0; i < k; i++) {
      expect(deps(i)).toEqual(i === 0 ? [] : [`chain${k}:c${i - 1}`]);
      edges += deps(i).length;
    }
    expect(edges).toBe(k - 1);
    expect(Object.keys(d.chartGroups)).toHaveLength(k);
    for (let i = 0; i < k; i++) expect(opts.get(`chain${k}:c${i}`)?.parent).toBe(d);
    // The objects of a later chart need the Namespace of chart 0: the chain of group edges covers it, no extra edge.
    const last = objsOf(`chain${k}:c${k - 1}`).value as ManifestObject[];
    expect(last).toHaveLength(30);
    expect(last.every((m) => m.metadata?.annotations === undefined)).toBe(true);
  });

  test('a Namespace in a chart the dependant chart does not depend on becomes a group edge', async () => {
    const app = new App();
    const objects = new Chart(app, 'objects');
    new ApiObject(objects, 'cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', namespace: 'late' }, data: {} });
    const namespaces = new Chart(app, 'namespaces');
    new ApiObject(namespaces, 'ns', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'late' } });
    const { opts } = await deploy('xns', { source: app });
    expect(((opts.get('xns:objects')?.dependsOn as pulumi.Resource[]) ?? []).map((r) => (r as any).__name)).toEqual(['xns:namespaces']);
    expect(((opts.get('xns:namespaces')?.dependsOn as pulumi.Resource[]) ?? []).length).toBe(0);
  });

  test('an empty chart between two charts keeps its dependency: waiting for it waits for the chart before', async () => {
    const app = chainApp(1, 2);
    const empty = new Chart(app, 'empty');
    empty.addDependency(app.node.findChild('c0') as Chart);
    const last = new Chart(app, 'last');
    last.addDependency(empty);
    new ApiObject(last, 'cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'last', namespace: 'chain' }, data: {} });
    const { opts } = await deploy('gap', { source: app });
    const deps = (chart: string): string[] =>
      ((opts.get(`gap:${chart}`)?.dependsOn as pulumi.Resource[]) ?? []).map((r) => (r as any).__name);
    expect([deps('c0'), deps('empty'), deps('last')]).toEqual([[], ['gap:c0'], ['gap:empty']]);
    expect(recorded.find((r) => r.name === 'gap:empty')!.inputs.yaml).toBe('');
  });

  test('should throw if two charts need each other (a cycle of chart groups)', async () => {
    const { Cdk8sDeployment } = await import('../../lib/pulumi/cdk8s-deployment');
    const app = new App();
    const a = new Chart(app, 'a');
    new ApiObject(a, 'ns', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'na' } });
    new ApiObject(a, 'cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', namespace: 'nb' }, data: {} });
    const b = new Chart(app, 'b');
    new ApiObject(b, 'ns', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'nb' } });
    new ApiObject(b, 'cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'y', namespace: 'na' }, data: {} });
    // Per object this deploys (the object graph has no cycle); per chart it cannot.
    expect(() => new Cdk8sDeployment('cyc', { source: app, registration: RegistrationMode.PER_CHART })).toThrow(
      /\[cyc\] registration per chart: charts that wait for each other: got \["a","b"\], expected charts whose objects do not need each other in a cycle/,
    );
  });

  test('the resource prefix is the groups\u2019 resourcePrefix', async () => {
    await deploy('pre', { source: chainApp(1, 1), resourcePrefix: 'east' });
    expect(recorded.find((r) => r.name === 'pre:c0')!.inputs.resourcePrefix).toBe('east');
  });

  test('transforms may change the objects', async () => {
    await deploy('tf', {
      source: chainApp(1, 2),
      transforms: [
        (m) => {
          if (m.kind === 'ConfigMap') m.data = { changed: 'yes' };
        },
      ],
    });
    const objs = objsOf('tf:c0').value;
    expect(objs.filter((m) => m.kind === 'ConfigMap').map((m) => m.data)).toEqual([{ changed: 'yes' }, { changed: 'yes' }]);
  });

  test('transforms may put pulumi Inputs into the objects: they are resolved into the text', async () => {
    await deploy('tfi', {
      source: chainApp(1, 1),
      transforms: [
        (m) => {
          if (m.kind === 'ConfigMap') m.data = { fromOutput: pulumi.output('resolved'), fromPromise: Promise.resolve('later') };
        },
      ],
    });
    const cm = objsOf('tfi:c0').value.find((m) => m.kind === 'ConfigMap');
    expect(cm.data).toEqual({ fromOutput: 'resolved', fromPromise: 'later' });
  });

  test.each<[string, (opts: pulumi.CustomResourceOptions) => void | { opts: pulumi.CustomResourceOptions }, RegExp]>([
    [
      'sets protect',
      (o) => void (o.protect = true),
      /topt: v1:ConfigMap:chain\/c0-0: a transform set the resource option protect to true with registration RegistrationMode.PER_CHART/,
    ],
    [
      'pushes a dependency',
      (o) => void (o.dependsOn as pulumi.Resource[]).push({} as pulumi.Resource),
      /resource option dependsOn to \[\{\}\]/,
    ],
    [
      'returns other options',
      () => ({ opts: { ignoreChanges: ['data'] } }),
      /resource option ignoreChanges to \["data"\] .*expected the options unchanged/,
    ],
  ])('should throw if a transform %s (per chart, only the object may change)', async (_what, t, message) => {
    const { Cdk8sDeployment } = await import('../../lib/pulumi/cdk8s-deployment');
    expect(
      () =>
        new Cdk8sDeployment('topt', {
          source: chainApp(1, 1),
          registration: RegistrationMode.PER_CHART,
          transforms: [(m, o) => (m.kind === 'ConfigMap' ? t(o) : undefined)],
        }),
    ).toThrow(message);
  });

  test('should throw from getResource: no per-object resource exists', async () => {
    const { d } = await deploy('gr', { source: chainApp(1, 1) });
    expect(() => d.getResource('v1/ConfigMap', 'chain', 'c0-0')).toThrow(
      /gr: getResource\("v1\/ConfigMap"\): registration is RegistrationMode.PER_CHART, .*expected RegistrationMode.PER_OBJECT/,
    );
  });

  test('should throw if the registration mode is unknown', async () => {
    const { Cdk8sDeployment } = await import('../../lib/pulumi/cdk8s-deployment');
    expect(() => new Cdk8sDeployment('bad', { source: chainApp(1, 1), registration: 'per-namespace' as RegistrationMode })).toThrow(
      /bad: registration: got "per-namespace", expected RegistrationMode.PER_OBJECT \('per-object'\) or RegistrationMode.PER_CHART \('per-chart'\)/,
    );
  });

  test('under mocks the group carries no transforms option (the mock monitor refuses it)', async () => {
    const { opts } = await deploy('mockt', { source: buildApp(), secretValues: { 'vsphere-password': 'x' } });
    expect(opts.get('mockt:platform')?.transforms).toBeUndefined();
  });
});

describe('replacementTransform', () => {
  const tier = { apiVersion: 'crd.antrea.io/v1beta1', kind: 'Tier', metadata: { name: 't1' }, spec: { priority: 5 } } as ManifestObject;
  const dep = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web' },
    spec: { selector: { matchLabels: { a: 'b' } } },
  } as ManifestObject;
  const transform = replacementTransform([
    { manifest: tier, replacement: replacementOptionsFor(tier)! },
    { manifest: dep, replacement: replacementOptionsFor(dep)! },
  ]);
  const call = (props: any, custom = true, opts: pulumi.CustomResourceOptions = {}): any =>
    transform({ custom, type: `kubernetes:${String(props.apiVersion)}:${String(props.kind)}`, name: 'x', props, opts });

  test("sets the object's replaceOnChanges and deleteBeforeReplace, keeping the provider's options", () => {
    const provider = {} as pulumi.ProviderResource;
    expect(call(tier, true, { provider, replaceOnChanges: ['metadata.labels'] })).toEqual({
      props: tier,
      opts: { provider, replaceOnChanges: ['metadata.labels', 'spec.priority'], deleteBeforeReplace: true },
    });
  });

  test('an object without a namespace in the chart matches the namespace the provider defaulted', () => {
    const defaulted = { ...dep, metadata: { name: 'web', namespace: 'default' } };
    expect(call(defaulted).opts).toEqual({ replaceOnChanges: ['spec.selector'], deleteBeforeReplace: true });
  });

  test('is the group option when an object needs it and the monitor is not the mock one', () => {
    const entries = [{ manifest: tier, replacement: replacementOptionsFor(tier)! }];
    const real = replacementTransforms(entries, { registerResource: () => undefined });
    expect(real).toHaveLength(1);
    expect(real![0]({ custom: true, type: 'kubernetes:crd.antrea.io/v1beta1:Tier', name: 'x', props: tier, opts: {} })).toEqual({
      props: tier,
      opts: { replaceOnChanges: ['spec.priority'], deleteBeforeReplace: true },
    });
    expect(replacementTransforms([], { registerResource: () => undefined })).toBeUndefined();
    expect(replacementTransforms(entries, pulumi.runtime.getMonitor())).toBeUndefined(); // this file runs under setMocks
  });

  test('leaves other objects and components alone', () => {
    expect(call({ ...tier, metadata: { name: 't2' } })).toBeUndefined();
    expect(call({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 't1' } })).toBeUndefined();
    expect(call(tier, false)).toBeUndefined();
  });
});

describe('depends-on annotation', () => {
  test('references in the provider format: core group empty, namespaced and cluster-scoped', () => {
    expect(dependsOnReference({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'n' } })).toBe(
      '/namespaces/n/Secret/s',
    );
    expect(dependsOnReference({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd', namespace: 'n' } })).toBe(
      'apps/namespaces/n/Deployment/d',
    );
    expect(dependsOnReference({ apiVersion: 'crd.antrea.io/v1beta1', kind: 'Tier', metadata: { name: 't' } })).toBe('crd.antrea.io/Tier/t');
  });

  test('adds to an existing annotation without duplicates and without touching the input', () => {
    const m = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'c', annotations: { 'config.kubernetes.io/depends-on': 'a/K/x', keep: 'y' } },
    };
    const out = withDependsOnAnnotation(m, ['a/K/x', '/namespaces/n/Secret/s']);
    expect(out.metadata?.annotations).toEqual({ 'config.kubernetes.io/depends-on': 'a/K/x,/namespaces/n/Secret/s', keep: 'y' });
    expect(m.metadata.annotations['config.kubernetes.io/depends-on']).toBe('a/K/x');
  });
});
