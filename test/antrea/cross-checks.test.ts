import { App, Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import {
  AntreaConfig,
  AntreaConfigProps,
  CniPlugin,
  Egress,
  ExternalIPPool,
  IPPool,
  MulticlusterControllerConfig,
  NodePortLocalService,
  Traceflow,
  TraceflowDestination,
  TraceflowSource,
  TrafficEncapMode,
  NetworkAttachmentDefinition,
} from '../../lib/antrea';
import { synthValid } from '../helpers';

/** One App: the Antrea config in its own chart, the workloads in another (cross-checks are App-wide). */
function stack(config: AntreaConfigProps | undefined): { app: App; apps: Chart } {
  const app = Testing.app();
  const infra = new Chart(app, 'infra');
  if (config) new AntreaConfig(infra, 'Antrea', config);
  const apps = new Chart(app, 'apps');
  const pool = new ExternalIPPool(infra, 'Pool', { name: 'prod-external-ip-pool', ipRanges: ['10.10.0.2-10.10.0.20'] });
  new Egress(apps, 'Egress', {
    name: 'egress-prod-web',
    appliedTo: { podSelector: { matchLabels: { role: 'web' } } },
    egressIP: '10.10.0.8',
    externalIPPool: pool,
    bandwidth: { rate: '100M', burst: '200M' },
  });
  new NodePortLocalService(apps, 'Nginx', { name: 'nginx', selector: { app: 'nginx' }, ports: [{ name: 'web', port: 80 }] });
  const ipPool = new IPPool(infra, 'IpPool', {
    name: 'pod-ip-pool1',
    ipRanges: ['10.2.0.96/28'],
    subnetInfo: { gateway: '10.2.0.1', prefixLength: 24 },
  });
  const ns = new Chart(app, 'ns');
  const nsObj = new kplus.Namespace(ns, 'Tenant', { metadata: { name: 'tenant' } });
  IPPool.assign(nsObj, [ipPool]);
  new NetworkAttachmentDefinition(apps, 'Nad', { name: 'ipv4-net-1', plugin: CniPlugin.macvlan({ master: 'eth0' }), ipPools: [ipPool] });
  new Traceflow(apps, 'Tf', { source: TraceflowSource.pod('default', 'a'), destination: TraceflowDestination.pod('default', 'b') });
  new MulticlusterControllerConfig(infra, 'Mc', { podCIDRs: ['10.10.0.0/16'] });
  return { app, apps };
}

describe('AntreaConfig cross-checks against the objects of the App', () => {
  test('a stack whose AntreaConfig enables everything it uses synthesizes; every object passes strict validation', () => {
    const { app } = stack({
      featureGates: { EgressTrafficShaping: true, AntreaIPAM: true, Multicluster: true },
      trafficEncapMode: TrafficEncapMode.NO_ENCAP,
      enableBridgingMode: true,
      noSNAT: true,
      nodePortLocal: { enable: true },
      multicluster: { enableGateway: true, enablePodToPodConnectivity: true },
      renderConfigMap: true,
    });
    const kinds = app.charts.flatMap((c) => synthValid(c).map((o) => o.kind)).sort();
    expect(kinds).toEqual([
      'ConfigMap',
      'ConfigMap',
      'Egress',
      'ExternalIPPool',
      'IPPool',
      'Namespace',
      'NetworkAttachmentDefinition',
      'Service',
      'Traceflow',
    ]);
  });

  test('with all features off, each use is a synth error naming the object, the setting and the config', () => {
    const { app } = stack({ featureGates: { Egress: false, Traceflow: false } });
    let message = '';
    try {
      app.synth();
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/^Validation failed with the following errors:/);
    expect(message).toMatch(/\[apps\/Egress\] featureGates.Egress: got false, expected true in AntreaConfig infra\/Antrea/);
    expect(message).toMatch(
      /\[apps\/Egress\] bandwidth: got \{"rate":"100M","burst":"200M"\}, expected no bandwidth while the EgressTrafficShaping feature gate is off/,
    );
    expect(message).toMatch(/\[apps\/Nginx\/Resource\] nodePortLocal.enable: got false, expected true in AntreaConfig infra\/Antrea/);
    expect(message).toMatch(
      /\[ns\/Tenant\] featureGates.AntreaIPAM: got false, expected true in AntreaConfig infra\/Antrea \(ns\/Tenant has the ipam.antrea.io\/ippools annotation\)/,
    );
    expect(message).toMatch(/\[apps\/Nad\] featureGates.AntreaIPAM: got false/);
    expect(message).toMatch(/\[apps\/Tf\] featureGates.Traceflow: got false, expected true in AntreaConfig infra\/Antrea/);
    expect(message).toMatch(/\[infra\/Mc\] featureGates.Multicluster: got false/);
  });

  test('without an AntreaConfig the cluster settings are unknown and nothing is cross-checked', () => {
    const { app } = stack(undefined);
    expect(() => app.synth()).not.toThrow();
  });
});
