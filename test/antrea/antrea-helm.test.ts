import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart } from 'cdk8s';
import { parse } from 'yaml';
import { AntreaConfig, TrafficEncapMode } from '../../lib/antrea/antrea-config';
import { declareAntreaInstalled } from '../../lib/antrea/antrea-crds';
import { addAntreaHelm, ANTREA_CHART_VERSION, antreaHelmProps } from '../../lib/antrea/antrea-helm';
import { synthesize } from '../../lib/core/synth';
import { AntreaNetworking } from '../../lib/solution/antrea-networking';

function config(): { app: App; config: AntreaConfig } {
  const app = new App();
  declareAntreaInstalled(app, 'Antrea 2.7.0 (the chart below)');
  const chart = new Chart(app, 'antrea');
  const net = new AntreaNetworking(chart, 'Net', {
    config: {
      featureGates: { Egress: true, FlowExporter: true },
      trafficEncapMode: TrafficEncapMode.HYBRID,
      flowExporter: { enable: true },
    },
  });
  return { app, config: net.config };
}

describe('AntreaConfig Helm values', () => {
  test('helmValues() is the object that synthesize() writes to extra/antrea/values.yaml', () => {
    const { app, config: c } = config();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vkc-antrea-helm-'));
    try {
      synthesize(app, { manifestsDir: path.join(dir, 'manifests'), extrasDir: path.join(dir, 'extra') });
      const written = parse(fs.readFileSync(path.join(dir, 'extra', 'antrea', 'values.yaml'), 'utf8'));
      expect(written).toEqual(c.helmValues());
      expect(fs.readFileSync(path.join(dir, 'extra', 'antrea', 'values.yaml'), 'utf8')).toBe(c.helmValuesYaml());
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('typed values: gates of both conf templates, the settings, a new object per call', () => {
    const { config: c } = config();
    const v = c.helmValues();
    expect(v.featureGates.Egress).toBe(true);
    expect(v.featureGates.FlowExporter).toBe(true);
    expect(v.trafficEncapMode).toBe('hybrid');
    expect(v.nodePortLocal).toEqual({ enable: true, portRange: '61000-62000' }); // AntreaNetworking turns NPL on
    expect(v.flowExporter).toEqual({ enable: true, flowCollectorAddr: 'flow-aggregator/flow-aggregator:14739:grpc' });
    expect(Object.keys(v)).toEqual([
      'featureGates',
      'trafficEncapMode',
      'trafficEncryptionMode',
      'noSNAT',
      'enableBridgingMode',
      'disableTXChecksumOffload',
      'nodePortLocal',
      'flowExporter',
      'multicluster',
    ]);
    expect(c.helmValues()).not.toBe(v);
    expect(c.helmValues()).toEqual(v);
  });
});

describe('antreaHelmProps / addAntreaHelm (cdk8s Helm)', () => {
  test('props: chart antrea from charts.antrea.io at the pinned version, release antrea in kube-system, the values, CRDs', () => {
    const { config: c } = config();
    expect(antreaHelmProps(c)).toEqual({
      chart: 'antrea',
      repo: 'https://charts.antrea.io',
      version: ANTREA_CHART_VERSION,
      releaseName: 'antrea',
      namespace: 'kube-system',
      values: c.helmValues(),
      helmFlags: ['--include-crds'],
    });
    expect(ANTREA_CHART_VERSION).toBe('2.7.0');
    const custom = antreaHelmProps(c, {
      version: '2.7.1',
      releaseName: 'cni',
      helmExecutable: '/opt/helm',
      helmFlags: ['--kube-version', '1.34.0'],
    });
    expect([custom.version, custom.releaseName, custom.helmExecutable, custom.helmFlags]).toEqual([
      '2.7.1',
      'cni',
      '/opt/helm',
      ['--include-crds', '--kube-version', '1.34.0'],
    ]);
  });

  test('should throw if the chart version is not pinned', () => {
    const { config: c } = config();
    expect(() => antreaHelmProps(c, { version: '^2.7.0' })).toThrow(
      '[antrea/Net/Config] version: got "^2.7.0", expected a pinned chart version X.Y.Z such as 2.7.0',
    );
  });

  test('should throw naming the fix if the helm binary is missing (Helm runs at construction)', () => {
    const { config: c } = config();
    const chart = new Chart(new App(), 'cni');
    const before = new Set(fs.readdirSync(os.tmpdir()));
    try {
      expect(() => addAntreaHelm(chart, 'Antrea', c, { helmExecutable: '/nonexistent/helm' })).toThrow(
        /^addAntreaHelm: unable to execute '\/nonexistent\/helm' to render Helm chart.*install Helm 3 on PATH or pass helmExecutable/,
      );
    } finally {
      // cdk8s' Helm makes a work folder before it runs helm and never removes it
      for (const f of fs.readdirSync(os.tmpdir())) {
        if (!before.has(f) && f.startsWith('cdk8s-helm-')) fs.rmSync(path.join(os.tmpdir(), f), { recursive: true, force: true });
      }
    }
  });
});
