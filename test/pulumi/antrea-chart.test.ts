import * as pulumi from '@pulumi/pulumi';
import { App, Chart } from 'cdk8s';
import { parse } from 'yaml';
import { valueOf } from './program-mocks';
import { AntreaConfig } from '../../lib/antrea/antrea-config';
import { ExtraFile } from '../../lib/core/extra-file';

const recorded: pulumi.runtime.MockResourceArgs[] = [];

beforeAll(async () => {
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        recorded.push(args);
        return { id: `${args.name}-id`, state: args.inputs };
      },
      call: () => ({}),
    },
    'proj',
    'stack',
    false,
  );
});

describe('antreaChart (Pulumi helm.v4.Chart)', () => {
  test('registers chart antrea from charts.antrea.io at the pinned version in kube-system, with the values of values.yaml', async () => {
    const { antreaChart } = await import('../../lib/pulumi/antrea-chart');
    const app = new App();
    const config = new AntreaConfig(new Chart(app, 'antrea'), 'Antrea', {
      featureGates: { Egress: true },
      nodePortLocal: { enable: true },
    });
    const chart = antreaChart('antrea', { config });
    await valueOf(chart.urn);
    const r = recorded.find((x) => x.name === 'antrea')!;
    expect(r.type).toBe('kubernetes:helm.sh/v4:Chart');
    expect(r.inputs.chart).toBe('antrea');
    expect(r.inputs.repositoryOpts).toEqual({ repo: 'https://charts.antrea.io' });
    expect(r.inputs.version).toBe('2.7.0');
    expect(r.inputs.namespace).toBe('kube-system');
    expect(r.inputs.values).toEqual(config.helmValues());
    // one source: the values file of the same config
    const file = ExtraFile.collect(app).find((f) => f.path === 'antrea/values.yaml')!;
    expect(r.inputs.values).toEqual(parse(file.content));
  });

  test('accepts AntreaConfig props, and validates them as AntreaConfig does', async () => {
    const { antreaChart } = await import('../../lib/pulumi/antrea-chart');
    const chart = antreaChart('cni', { config: { namespace: 'antrea-system', featureGates: { Multicluster: true } }, version: '2.7.1' });
    await valueOf(chart.urn);
    const r = recorded.find((x) => x.name === 'cni')!;
    expect([r.inputs.namespace, r.inputs.version, r.inputs.values.featureGates.Multicluster]).toEqual(['antrea-system', '2.7.1', true]);
    expect(() => antreaChart('bad', { config: { featureGates: { Egres: true } } })).toThrow(
      /featureGates\.Egres: got the unknown key "Egres"/,
    );
    expect(() => antreaChart('bad2', { config: {}, version: 'latest' })).toThrow(
      '[antreaChart bad2] version: got "latest", expected a pinned chart version X.Y.Z such as 2.7.0',
    );
  });
});
