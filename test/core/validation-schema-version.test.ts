import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, App, Chart, Cron, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { synthesize } from '../../lib/core/synth';
import { schemaKubernetesMinors, schemaMinorFor, validateManifests, ValidateManifestsOptions } from '../../lib/core/validation';
import { crdObject } from '../helpers';

// Objects with fields that only newer Kubernetes minors know. Each is valid for the API server of its minor.
const sidecarDeployment = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'apps' },
  spec: {
    selector: { matchLabels: { app: 'web' } },
    template: {
      metadata: { labels: { app: 'web' } },
      spec: {
        // A native sidecar (Kubernetes 1.28+, beta and on by default since 1.29): restartPolicy on an init container.
        initContainers: [{ name: 'proxy', image: 'envoy:1.30', restartPolicy: 'Always' }],
        containers: [{ name: 'web', image: 'nginx:1.27' }],
      },
    },
  },
};
const preferCloseService = {
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'web', namespace: 'apps' },
  // spec.trafficDistribution: Kubernetes 1.30+.
  spec: { selector: { app: 'web' }, ports: [{ port: 80 }], trafficDistribution: 'PreferClose' },
};
/** spec.hostnameOverride: in the Kubernetes 1.34 and 1.35 schemas, not in 1.33's. */
const hostnameOverridePod = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p', namespace: 'apps' },
  spec: { hostnameOverride: 'web-0', containers: [{ name: 'c', image: 'i' }] },
};
/** spec.workloadRef: in the Kubernetes 1.35 schema only. */
const workloadRefPod = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'q', namespace: 'apps' },
  spec: { workloadRef: { name: 'train', podGroup: 'workers' }, containers: [{ name: 'c', image: 'i' }] },
};

function messages(objects: any[], options?: ValidateManifestsOptions): string[] {
  return validateManifests(objects, options).problems.map((p) => `${p.object} ${p.path}: ${p.message}`);
}

describe('the schema of the cluster minor', () => {
  test('ships 1.33 (the default), 1.34 and 1.35', () => {
    expect(schemaKubernetesMinors()).toEqual(['1.33', '1.34', '1.35']);
    expect(schemaMinorFor(undefined)).toBe('1.33');
  });

  test.each([
    ['v1.33.4', '1.33'],
    ['1.33', '1.33'],
    ['v1.34', '1.34'],
    ['1.35.0', '1.35'],
    [' v1.34.2 ', '1.34'],
  ])('kubernetesVersion %j picks the %s schema', (version, minor) => {
    expect(schemaMinorFor(version)).toBe(minor);
  });

  test.each([undefined, 'v1.33.4', '1.33', 'v1.34', '1.35'])(
    'a native sidecar initContainer (restartPolicy: Always) and Service trafficDistribution pass with %s',
    (version) => {
      expect(messages([sidecarDeployment, preferCloseService], { kubernetesVersion: version })).toEqual([]);
    },
  );

  test('an unknown field still fails strictly, next to the new fields', () => {
    const deployment = JSON.parse(JSON.stringify(sidecarDeployment));
    deployment.spec.template.spec.initContainers[0].restartPolicyy = 'Always';
    const service = Object.assign({}, preferCloseService, {
      spec: Object.assign({}, preferCloseService.spec, { trafficDistrib: 'PreferClose' }),
    });
    expect(messages([deployment, service])).toEqual([
      'apps/v1 Deployment apps/web /spec/template/spec/initContainers/0/restartPolicyy: unknown field "restartPolicyy" (the API server would prune it)',
      'v1 Service apps/web /spec/trafficDistrib: unknown field "trafficDistrib" (the API server would prune it)',
    ]);
  });

  test('a field removed from Kubernetes (Service spec.topologyKeys, removed in 1.22) fails', () => {
    const service = Object.assign({}, preferCloseService, {
      spec: Object.assign({}, preferCloseService.spec, { topologyKeys: ['kubernetes.io/hostname'] }),
    });
    expect(messages([service])).toEqual([
      'v1 Service apps/web /spec/topologyKeys: unknown field "topologyKeys" (the API server would prune it)',
    ]);
  });

  test('each minor has its own schema: a 1.34 field fails with 1.33, a 1.35 field fails with 1.34', () => {
    expect(messages([hostnameOverridePod], { kubernetesVersion: 'v1.34.1' })).toEqual([]);
    expect(messages([hostnameOverridePod, workloadRefPod], { kubernetesVersion: '1.35' })).toEqual([]);
    expect(messages([hostnameOverridePod, workloadRefPod], { kubernetesVersion: 'v1.33.4' })).toEqual([
      'v1 Pod apps/p /spec/hostnameOverride: unknown field "hostnameOverride" (the API server would prune it)',
      'v1 Pod apps/q /spec/workloadRef: unknown field "workloadRef" (the API server would prune it)',
    ]);
    expect(messages([workloadRefPod], { kubernetesVersion: 'v1.34' })).toEqual([
      'v1 Pod apps/q /spec/workloadRef: unknown field "workloadRef" (the API server would prune it)',
    ]);
  });

  test('a kind served by another minor only says so', () => {
    // resource.k8s.io/v1 (DRA GA) is served from 1.34 on.
    const deviceClass = { apiVersion: 'resource.k8s.io/v1', kind: 'DeviceClass', metadata: { name: 'gpu' }, spec: {} };
    expect(messages([deviceClass], { kubernetesVersion: '1.34' })).toEqual([]);
    const [msg] = messages([deviceClass]);
    expect(msg).toContain('no schema for resource.k8s.io/v1/DeviceClass in Kubernetes 1.33 or the pinned CRDs');
    expect(msg).toContain('known versions of DeviceClass: resource.k8s.io/v1alpha3, resource.k8s.io/v1beta1, resource.k8s.io/v1beta2');
    expect(msg).toContain("it exists in Kubernetes 1.34, 1.35: set validation.kubernetesVersion to the cluster's version");
  });

  test.each([
    [
      'v1.27',
      /kubernetesVersion: got "v1\.27", expected a Kubernetes minor with a shipped schema: 1\.33, 1\.34 or 1\.35 \(Kubernetes 1\.27 has none/,
    ],
    [
      'v1.40',
      /kubernetesVersion: got "v1\.40", expected a Kubernetes minor with a shipped schema: 1\.33, 1\.34 or 1\.35 \(Kubernetes 1\.40 has none/,
    ],
    [
      'abc',
      /kubernetesVersion: got "abc", expected a Kubernetes version such as "v1\.33\.4", "1\.33" or "v1\.34" \(schemas ship for 1\.33, 1\.34 or 1\.35\)/,
    ],
    ['1', /kubernetesVersion: got "1", expected a Kubernetes version such as/],
  ])('an unsupported kubernetesVersion %j is a clear error', (version, message) => {
    expect(() => validateManifests([preferCloseService], { kubernetesVersion: version })).toThrow(message);
  });

  test('cdk8s-plus-27 objects validate against every shipped minor', () => {
    const chart = Testing.chart();
    const d = new kplus.Deployment(chart, 'web', { containers: [{ image: 'nginx:1.27', portNumber: 80 }] });
    d.exposeViaService();
    new kplus.StatefulSet(chart, 'db', { containers: [{ image: 'postgres:16', portNumber: 5432 }] });
    new kplus.CronJob(chart, 'job', { containers: [{ image: 'busybox' }], schedule: Cron.daily() });
    new kplus.ConfigMap(chart, 'cm', { data: { a: 'b' } });
    const objects = Testing.synth(chart);
    for (const v of ['1.33', '1.34', '1.35']) expect(messages(objects, { kubernetesVersion: v })).toEqual([]);
  });
});

// A user CRD: a namespaced Widget with a strict spec, and a v1beta1 that is no longer served.
const widgetCrd = crdObject('example.com', 'Widget', 'Namespaced', [
  {
    name: 'v1',
    served: true,
    storage: true,
    schema: {
      openAPIV3Schema: {
        type: 'object',
        properties: {
          spec: {
            type: 'object',
            required: ['size'],
            properties: {
              size: { type: 'integer', format: 'int32', minimum: 1 },
              port: { 'x-kubernetes-int-or-string': true },
              extra: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
            },
          },
        },
      },
    },
  },
  { name: 'v1beta1', served: false, storage: false, schema: { openAPIV3Schema: { type: 'object' } } },
]);
const widget = (spec: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  Object.assign({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w', namespace: 'apps' }, spec }, extra);

describe('user CRDs', () => {
  test('a CRD registered with validation.crds validates its objects strictly', () => {
    const options = { crds: [widgetCrd] };
    expect(messages([widget({ size: 3, port: 'http', extra: { anything: [1] } })], options)).toEqual([]);
    expect(
      messages(
        [widget({ size: 0, port: 1.5, colour: 'red' }), widget({}, { metadata: { name: 'x', namespace: 'apps', bogus: 1 } })],
        options,
      ),
    ).toEqual([
      'example.com/v1 Widget apps/w /spec/colour: unknown field "colour" (the API server would prune it)',
      'example.com/v1 Widget apps/w /spec/size: must be >= 1',
      'example.com/v1 Widget apps/w /spec/port: must be integer',
      'example.com/v1 Widget apps/w /spec/port: must be string',
      'example.com/v1 Widget apps/w /spec/port: must match a schema in anyOf',
      'example.com/v1 Widget apps/x /spec: missing required field "size"',
      'example.com/v1 Widget apps/x /metadata/bogus: unknown field "bogus" (the API server would prune it)',
    ]);
  });

  test('without the CRD the kind is unknown, and the message says how to fix it', () => {
    expect(messages([widget({ size: 3 })])).toEqual([
      'example.com/v1 Widget apps/w : no schema for example.com/v1/Widget in Kubernetes 1.33 or the pinned CRDs: register its ' +
        'CustomResourceDefinition with validation.crds (or include the CRD among the objects), or let the kind pass unchecked ' +
        "with validation.allowUnknownKinds: ['example.com/v1/Widget']",
    ]);
  });

  test('a version that is not served has no schema; the message lists the served ones', () => {
    const [msg] = messages([widget({ size: 3 }, { apiVersion: 'example.com/v1beta1' })], { crds: [widgetCrd] });
    expect(msg).toContain(
      'no schema for example.com/v1beta1/Widget in Kubernetes 1.33 or the pinned CRDs (known versions of Widget: example.com/v1)',
    );
  });

  test('a CRD among the objects validates the objects of its kind in the same set', () => {
    expect(messages([widgetCrd, widget({ size: 3 })])).toEqual([]);
    expect(messages([widgetCrd, widget({ size: 3, colour: 'red' })])).toEqual([
      'example.com/v1 Widget apps/w /spec/colour: unknown field "colour" (the API server would prune it)',
    ]);
  });

  test('the scope of a user CRD is checked: a cluster-scoped kind carries no namespace', () => {
    const clusterCrd = JSON.parse(JSON.stringify(widgetCrd));
    clusterCrd.spec.scope = 'Cluster';
    expect(messages([widget({ size: 3 })], { crds: [clusterCrd] })).toEqual([
      'example.com/v1 Widget apps/w /metadata/namespace: Widget is cluster-scoped and must not carry a namespace (got "apps")',
    ]);
  });

  test('validation.crds wins over a CRD of the same kind among the objects, which wins over a pinned CRD', () => {
    const loose = JSON.parse(JSON.stringify(widgetCrd));
    loose.spec.versions[0].schema.openAPIV3Schema = { type: 'object', 'x-kubernetes-preserve-unknown-fields': true };
    expect(messages([loose, widget({ colour: 'red' })])).toEqual([]);
    expect(messages([loose, widget({ colour: 'red' })], { crds: [widgetCrd] })).toEqual([
      'example.com/v1 Widget apps/w /spec: missing required field "size"',
      'example.com/v1 Widget apps/w /spec/colour: unknown field "colour" (the API server would prune it)',
    ]);
    // An in-set Tier CRD that preserves unknown fields replaces the pinned (strict) Tier schema for this set.
    const tier = { apiVersion: 'crd.antrea.io/v1beta1', kind: 'Tier', metadata: { name: 't' }, spec: { priority: 10, colour: 'red' } };
    expect(messages([tier])).toEqual(['crd.antrea.io/v1beta1 Tier t /spec/colour: unknown field "colour" (the API server would prune it)']);
    const tierCrd = {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'tiers.crd.antrea.io' },
      spec: {
        group: 'crd.antrea.io',
        names: { kind: 'Tier', plural: 'tiers' },
        scope: 'Cluster',
        versions: [
          {
            name: 'v1beta1',
            served: true,
            storage: true,
            schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
          },
        ],
      },
    };
    expect(messages([tierCrd, tier])).toEqual([]);
  });

  test('a validation.crds entry that is not a usable CRD is a clear error', () => {
    expect(() => validateManifests([], { crds: [{ kind: 'ConfigMap' }] })).toThrow(
      /\[validation\] crds\[0\]: got .*, expected CustomResourceDefinition: expected an object with apiVersion apiextensions\.k8s\.io\/v1/,
    );
    const noSchema = JSON.parse(JSON.stringify(widgetCrd));
    delete noSchema.spec.versions[0].schema;
    expect(() => validateManifests([], { crds: [widgetCrd, noSchema] })).toThrow(
      /\[validation\] crds\[1\]: got "widgets\.example\.com", expected CustomResourceDefinition widgets\.example\.com: version v1 is served but has no schema\.openAPIV3Schema/,
    );
  });

  test('a CRD among the objects without a usable schema is reported on that CRD, and its kind stays unknown', () => {
    const noSchema = JSON.parse(JSON.stringify(widgetCrd));
    delete noSchema.spec.versions[0].schema;
    const msgs = messages([noSchema, widget({ size: 3 })]);
    expect(msgs).toContain(
      'apiextensions.k8s.io/v1 CustomResourceDefinition widgets.example.com /spec: its schema cannot be used for its custom objects: ' +
        'CustomResourceDefinition widgets.example.com: version v1 is served but has no schema.openAPIV3Schema',
    );
    expect(msgs.some((m) => m.startsWith('example.com/v1 Widget apps/w : no schema for example.com/v1/Widget'))).toBe(true);
  });

  test('allowUnknownKinds lets exactly the listed kinds pass unchecked', () => {
    const gadget = { apiVersion: 'example.com/v1', kind: 'Gadget', metadata: { name: 'g', namespace: 'apps' }, anything: 1 };
    const msgs = messages([widget({ colour: 'red' }), gadget], { allowUnknownKinds: ['example.com/v1/Widget'] });
    expect(msgs).toEqual([expect.stringMatching(/^example\.com\/v1 Gadget apps\/g : no schema for example\.com\/v1\/Gadget/)]);
  });
});

describe('synthesize({ validation })', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'schema-version-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  function appWith(...objects: Record<string, unknown>[]): App {
    const app = new App({ outdir: dir });
    const chart = new Chart(app, 'c');
    objects.forEach((o, i) => new ApiObject(chart, `o${i}`, o as any));
    return app;
  }

  test('passes kubernetesVersion, crds and allowUnknownKinds to the validator', () => {
    const manifestsDir = path.join(dir, 'manifests');
    // The Widget CRD and the namespace are outside these apps: the preflight's CRD and reference checks are not what this test is about.
    const preflight = { skip: ['crds' as const, 'references' as const] };
    expect(() => synthesize(appWith(hostnameOverridePod), { manifestsDir })).toThrow(
      /\/spec\/hostnameOverride: unknown field "hostnameOverride"/,
    );
    expect(
      synthesize(appWith(hostnameOverridePod), { manifestsDir, preflight, validation: { kubernetesVersion: 'v1.34.1' } }).objectCount,
    ).toBe(1);
    expect(() =>
      synthesize(appWith(hostnameOverridePod), { manifestsDir, preflight, validation: { kubernetesVersion: 'v1.27.4' } }),
    ).toThrow(/kubernetesVersion: got "v1\.27\.4", expected a Kubernetes minor with a shipped schema/);
    expect(() => synthesize(appWith(widget({ size: 3 })), { manifestsDir, preflight })).toThrow(/no schema for example\.com\/v1\/Widget/);
    expect(synthesize(appWith(widget({ size: 3 })), { manifestsDir, preflight, validation: { crds: [widgetCrd] } }).objectCount).toBe(1);
    expect(() =>
      synthesize(appWith(widget({ size: 3, colour: 'red' })), { manifestsDir, preflight, validation: { crds: [widgetCrd] } }),
    ).toThrow(/\/spec\/colour: unknown field "colour"/);
    expect(
      synthesize(appWith(widget({ colour: 'red' })), {
        manifestsDir,
        preflight,
        validation: { allowUnknownKinds: ['example.com/v1/Widget'] },
      }).objectCount,
    ).toBe(1);
  });
});
