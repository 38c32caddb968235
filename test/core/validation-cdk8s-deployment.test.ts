import * as pulumi from '@pulumi/pulumi';
import { ApiObject, App, Chart } from 'cdk8s';

// Cdk8sDeployment passes `validation` (kubernetesVersion, crds, allowUnknownKinds) to the strict validation.
const recorded: string[] = [];

beforeAll(async () => {
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        recorded.push(args.name);
        return { id: `${args.name}-id`, state: args.inputs };
      },
      call: () => ({}),
    },
    'proj',
    'stack',
    false,
  );
});

const widgetCrd = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'widgets.example.com' },
  spec: {
    group: 'example.com',
    names: { kind: 'Widget', plural: 'widgets' },
    scope: 'Namespaced',
    versions: [
      {
        name: 'v1',
        served: true,
        storage: true,
        schema: {
          openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', properties: { size: { type: 'integer' } } } } },
        },
      },
    ],
  },
};

function chartWith(...objects: Record<string, unknown>[]): Chart {
  const chart = new Chart(new App(), 'c');
  objects.forEach((o, i) => new ApiObject(chart, `o${i}`, o as any));
  return chart;
}
const widget = (spec: Record<string, unknown>) => ({
  apiVersion: 'example.com/v1',
  kind: 'Widget',
  metadata: { name: 'w', namespace: 'apps' },
  spec,
});
// The Widget CRD and the namespace are outside these sources: the preflight's CRD and reference checks are not what these tests are about.
const preflight = { skip: ['crds' as const, 'references' as const] };
const sidecarPod = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p', namespace: 'apps' },
  spec: {
    initContainers: [{ name: 'proxy', image: 'envoy', restartPolicy: 'Always' }],
    containers: [{ name: 'c', image: 'i' }],
    hostnameOverride: 'p-0',
  },
};

describe('Cdk8sDeployment validation option', () => {
  test('kubernetesVersion picks the schema minor', async () => {
    const { Cdk8sDeployment } = await import('../../lib/pulumi/cdk8s-deployment');
    // hostnameOverride is a 1.34 field: rejected by the default 1.33 schema, accepted for a 1.34 cluster.
    expect(() => new Cdk8sDeployment('v133', { source: chartWith(sidecarPod) })).toThrow(
      /v1 Pod apps\/p \/spec\/hostnameOverride: unknown field "hostnameOverride"/,
    );
    const ok = new Cdk8sDeployment('v134', { source: chartWith(sidecarPod), validation: { kubernetesVersion: 'v1.34.2' }, preflight });
    expect(ok.resourceNames).toEqual(['v1:Pod:apps/p']);
    expect(() => new Cdk8sDeployment('v127', { source: chartWith(sidecarPod), validation: { kubernetesVersion: 'v1.27' } })).toThrow(
      /kubernetesVersion: got "v1\.27", expected a Kubernetes minor with a shipped schema: 1\.33, 1\.34 or 1\.35/,
    );
  });

  test('crds registers a user CRD, allowUnknownKinds lets a kind pass unchecked', async () => {
    const { Cdk8sDeployment } = await import('../../lib/pulumi/cdk8s-deployment');
    expect(() => new Cdk8sDeployment('unknown', { source: chartWith(widget({ size: 1 })), preflight })).toThrow(
      /no schema for example\.com\/v1\/Widget in Kubernetes 1\.33 or the pinned CRDs: register its CustomResourceDefinition with validation\.crds/,
    );
    const ok = new Cdk8sDeployment('crds', { source: chartWith(widget({ size: 1 })), validation: { crds: [widgetCrd] }, preflight });
    expect(ok.resourceNames).toEqual(['example.com/v1:Widget:apps/w']);
    expect(
      () =>
        new Cdk8sDeployment('strict', {
          source: chartWith(widget({ size: 1, colour: 'red' })),
          validation: { crds: [widgetCrd] },
          preflight,
        }),
    ).toThrow(/example\.com\/v1 Widget apps\/w \/spec\/colour: unknown field "colour"/);
    const allowed = new Cdk8sDeployment('allowed', {
      source: chartWith(widget({ colour: 'red' })),
      validation: { allowUnknownKinds: ['example.com/v1/Widget'] },
      preflight,
    });
    expect(allowed.resourceNames).toEqual(['example.com/v1:Widget:apps/w']);
  });

  test('a CRD deployed in the same source validates the objects of its kind', async () => {
    const { Cdk8sDeployment } = await import('../../lib/pulumi/cdk8s-deployment');
    const ok = new Cdk8sDeployment('inset', { source: chartWith(widgetCrd, widget({ size: 1 })), preflight: { skip: ['references'] } });
    expect(ok.resourceNames).toEqual([
      'apiextensions.k8s.io/v1:CustomResourceDefinition:widgets.example.com',
      'example.com/v1:Widget:apps/w',
    ]);
    expect(() => new Cdk8sDeployment('inset-bad', { source: chartWith(widgetCrd, widget({ size: 'one' })) })).toThrow(
      /example\.com\/v1 Widget apps\/w \/spec\/size: must be integer/,
    );
  });
});
