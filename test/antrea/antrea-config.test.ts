import { App, Chart, Testing } from 'cdk8s';
import { parse } from 'yaml';
import {
  AntreaConfig,
  AntreaFeatureGates,
  featureGateProblem,
  flowCollectorAddrProblem,
  MulticlusterTrafficEncryptionMode,
  TrafficEncapMode,
  TrafficEncryptionMode,
} from '../../lib/antrea';
import { ExtraFile } from '../../lib/core/extra-file';
import { findObject, synthValid } from '../helpers';

describe('AntreaConfig', () => {
  test('by default emits only the Helm values: the Helm chart owns the antrea-config ConfigMap', () => {
    const chart = Testing.chart();
    new AntreaConfig(chart, 'Antrea');
    expect(synthValid(chart)).toEqual([]);
    expect(() => new AntreaConfig(Testing.chart(), 'Bad', { renderConfigMap: 'yes' as any })).toThrow(
      '[test/Bad] renderConfigMap: got "yes", expected true or false',
    );
  });

  test('defaults: v2.7.0 gates, antrea-config ConfigMap in kube-system, Helm values ExtraFile', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'test');
    const cfg = new AntreaConfig(chart, 'Antrea', { renderConfigMap: true });
    expect(cfg.featureGateEnabled('Egress')).toBe(true);
    expect(cfg.featureGateEnabled('Traceflow')).toBe(true);
    expect(cfg.featureGateEnabled('NodePortLocal')).toBe(true);
    expect(cfg.featureGateEnabled('ServiceExternalIP')).toBe(true);
    expect(cfg.featureGateEnabled('L7NetworkPolicy')).toBe(false);
    expect(cfg.featureGateEnabled('AntreaIPAM')).toBe(false);
    expect(cfg.featureGateEnabled('Multicluster')).toBe(false);
    expect(cfg.featureGateEnabled('FlowExporter')).toBe(false);
    expect(cfg.nodePortLocalEnabled).toBe(false);
    expect(cfg.nodePortLocalActive).toBe(false);
    expect(() => cfg.featureGateEnabled('egress')).toThrow(
      /\[test\/Antrea\] gate: got "egress", expected an Antrea v2.7.0 feature gate name \(case-sensitive\)/,
    );

    const cm = findObject(synthValid(chart), 'ConfigMap', 'antrea-config', 'kube-system');
    expect(Object.keys(cm.data)).toEqual(['antrea-agent.conf', 'antrea-controller.conf']);
    const agent = parse(cm.data['antrea-agent.conf']);
    expect(agent.featureGates.Egress).toBe(true);
    expect(agent.featureGates.L7NetworkPolicy).toBe(false);
    expect(agent.featureGates.AntreaProxy).toBeUndefined(); // no template line
    expect(agent.featureGates.NodeIPAM).toBeUndefined(); // controller-only gate
    expect(agent).toMatchObject({
      trafficEncapMode: 'encap',
      trafficEncryptionMode: 'none',
      noSNAT: false,
      enableBridgingMode: false,
      nodePortLocal: { enable: false, portRange: '61000-62000' },
      flowExporter: { enable: false, flowCollectorAddr: 'flow-aggregator/flow-aggregator:14739:grpc' },
      multicluster: {
        enableGateway: false,
        namespace: '',
        enableStretchedNetworkPolicy: false,
        enablePodToPodConnectivity: false,
        trafficEncryptionMode: 'none',
      },
    });
    const ctrl = parse(cm.data['antrea-controller.conf']);
    expect(ctrl.featureGates.NodeIPAM).toBe(true);
    expect(ctrl.featureGates.FlowExporter).toBeUndefined(); // agent-only gate
    expect(ctrl.multicluster).toEqual({ enableStretchedNetworkPolicy: false });

    const files = ExtraFile.collect(app);
    expect(files.map((f) => f.path)).toEqual(['antrea/values.yaml']);
    expect(parse(files[0].content)).toMatchObject({
      trafficEncapMode: 'encap',
      nodePortLocal: { enable: false, portRange: '61000-62000' },
    });
  });

  test('overrides render into agent conf, controller conf and Helm values', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'test');
    const cfg = new AntreaConfig(chart, 'Antrea', {
      renderConfigMap: true,
      namespace: 'antrea-system',
      featureGates: { Multicluster: true, FlowExporter: true, L7NetworkPolicy: true, AntreaIPAM: true, Egress: false },
      trafficEncryptionMode: TrafficEncryptionMode.WIREGUARD,
      disableTXChecksumOffload: true,
      nodePortLocal: { enable: true, portRange: '40000-41000' },
      flowExporter: { enable: true, flowCollectorAddr: 'flow-aggregator/flow-aggregator:4739:tls' },
      multicluster: {
        enableGateway: true,
        enablePodToPodConnectivity: true,
        enableStretchedNetworkPolicy: true,
        trafficEncryptionMode: MulticlusterTrafficEncryptionMode.WIREGUARD,
      },
    });
    expect(cfg.nodePortLocalActive).toBe(true);
    expect(cfg.featureGateOverrides).toEqual({
      AntreaIPAM: true,
      Egress: false,
      FlowExporter: true,
      L7NetworkPolicy: true,
      Multicluster: true,
    });
    const cm = findObject(synthValid(chart), 'ConfigMap', 'antrea-config', 'antrea-system');
    const agent = parse(cm.data['antrea-agent.conf']);
    expect(agent.featureGates).toMatchObject({
      Multicluster: true,
      FlowExporter: true,
      L7NetworkPolicy: true,
      AntreaIPAM: true,
      Egress: false,
    });
    expect(agent.trafficEncryptionMode).toBe('wireGuard');
    expect(agent.disableTXChecksumOffload).toBe(true);
    expect(agent.nodePortLocal).toEqual({ enable: true, portRange: '40000-41000' });
    expect(agent.multicluster).toEqual({
      enableGateway: true,
      namespace: '',
      enableStretchedNetworkPolicy: true,
      enablePodToPodConnectivity: true,
      trafficEncryptionMode: 'wireGuard',
    });
    const ctrl = parse(cm.data['antrea-controller.conf']);
    expect(ctrl.featureGates).toMatchObject({ Multicluster: true, L7NetworkPolicy: true, AntreaIPAM: true, Egress: false });
    expect(ctrl.multicluster).toEqual({ enableStretchedNetworkPolicy: true });
    const values = parse(ExtraFile.collect(app)[0].content);
    expect(values.featureGates).toMatchObject({ Multicluster: true, FlowExporter: true, NodeIPAM: true, Egress: false });
    expect(values.nodePortLocal).toEqual({ enable: true, portRange: '40000-41000' });
    expect(values.flowExporter).toEqual({ enable: true, flowCollectorAddr: 'flow-aggregator/flow-aggregator:4739:tls' });
  });

  test('AntreaConfig.of finds the one config of the App from any construct; two are an error', () => {
    const app = new App();
    const a = new Chart(app, 'a');
    const b = new Chart(app, 'b');
    expect(AntreaConfig.of(b)).toBeUndefined();
    const cfg = new AntreaConfig(a, 'Antrea');
    expect(AntreaConfig.of(b)).toBe(cfg);
    expect(AntreaConfig.of(new Chart(new App(), 'other'))).toBeUndefined();
    expect(() => new AntreaConfig(b, 'Again')).toThrow(
      /\[b\/Again\] AntreaConfig: got "b\/Again", expected at most one AntreaConfig per App \(already defined at a\/Antrea\)/,
    );
  });

  test('gate table: known gates and defaults', () => {
    expect(AntreaFeatureGates.all().length).toBe(34);
    expect(AntreaFeatureGates.lookup('EgressTrafficShaping')).toMatchObject({
      default: false,
      stage: 'Alpha',
      inAgentConf: true,
      inControllerConf: false,
    });
    expect(AntreaFeatureGates.defaultOf('Nope')).toBeUndefined();
  });

  test.each([
    [
      { featureGates: { Egres: true } },
      /\[test\/A\] featureGates\.Egres: got the unknown key "Egres", expected one of the keys .* \(did you mean "Egress"\?\)/,
    ],
    [{ featureGates: { Egress: 'yes' } }, /\[test\/A\] featureGates.Egress: got "yes", expected true or false/],
    [
      { featureGates: { EndpointSlice: false } },
      /\[test\/A\] featureGates.EndpointSlice: got false, expected true \(the gate is GA and locked\)/,
    ],
    [
      { featureGates: { NodePortLocal: false } },
      /\[test\/A\] featureGates\.NodePortLocal: got the gate "NodePortLocal", expected a gate the Antrea Helm conf templates render \(NodePortLocal is GA; use nodePortLocal.enable\)/,
    ],
    [{ trafficEncapMode: 'vxlan' }, /\[test\/A\] trafficEncapMode: got "vxlan", expected one of encap, noEncap, hybrid, networkPolicyOnly/],
    [{ trafficEncryptionMode: 'wireguard' }, /\[test\/A\] trafficEncryptionMode: got "wireguard", expected one of none, ipsec, wireGuard/],
    [
      { trafficEncapMode: TrafficEncapMode.NO_ENCAP, trafficEncryptionMode: TrafficEncryptionMode.IPSEC },
      /\[test\/A\] trafficEncryptionMode: got "ipsec", expected "none" when trafficEncapMode is "noEncap" \(encryption needs trafficEncapMode "encap"\)/,
    ],
    [
      { trafficEncapMode: TrafficEncapMode.HYBRID, trafficEncryptionMode: TrafficEncryptionMode.WIREGUARD },
      /\[test\/A\] trafficEncryptionMode: got "wireGuard", expected "none" when trafficEncapMode is "hybrid"/,
    ],
    [
      { nodePortLocal: { portRange: '61000:62000' } },
      /\[test\/A\] nodePortLocal.portRange: got "61000:62000", expected a port range "<start>-<end>"/,
    ],
    [
      { nodePortLocal: { portRange: '0-100' } },
      /\[test\/A\] nodePortLocal.portRange: got "0-100", expected a port range with both ends from 1 to 65535/,
    ],
    [
      { nodePortLocal: { portRange: '61000-70000' } },
      /\[test\/A\] nodePortLocal.portRange: got "61000-70000", expected a port range with both ends from 1 to 65535/,
    ],
    [
      { nodePortLocal: { portRange: '62000-61000' } },
      /\[test\/A\] nodePortLocal.portRange: got "62000-61000", expected a port range whose start is lower than its end/,
    ],
    [
      { flowExporter: { enable: true } },
      /\[test\/A\] flowExporter.enable: got true, expected false while the FlowExporter feature gate is off/,
    ],
    [
      { featureGates: { FlowExporter: true }, flowExporter: { enable: true, flowCollectorAddr: 'collector' } },
      /\[test\/A\] flowExporter.flowCollectorAddr: got "collector", expected an address/,
    ],
    [
      { multicluster: { enableGateway: true } },
      /\[test\/A\] multicluster.enableGateway: got true, expected false while the Multicluster feature gate is off/,
    ],
    [
      { featureGates: { Multicluster: true }, multicluster: { trafficEncryptionMode: MulticlusterTrafficEncryptionMode.WIREGUARD } },
      /\[test\/A\] multicluster.trafficEncryptionMode: got "wireGuard", expected "none" unless multicluster.enableGateway is true/,
    ],
    [
      { featureGates: { Multicluster: true }, multicluster: { enablePodToPodConnectivity: true } },
      /\[test\/A\] multicluster.enablePodToPodConnectivity: got true, expected false unless multicluster.enableGateway is true/,
    ],
    [
      { featureGates: { L7NetworkPolicy: true } },
      /\[test\/A\] disableTXChecksumOffload: got false, expected true when the L7NetworkPolicy feature gate is on/,
    ],
    [{ namespace: 'Kube_System' }, /\[test\/A\] namespace: got "Kube_System"/],
  ])('rejects %j', (props, msg) => {
    const chart = Testing.chart();
    expect(() => new AntreaConfig(chart, 'A', props as any)).toThrow(msg);
  });
});

describe('flow collector addresses and feature gate rules', () => {
  test.each([
    'flow-aggregator/flow-aggregator:14739:grpc',
    '10.0.0.5:4739',
    '10.0.0.5:4739:udp',
    'collector.example.com:4739:tcp',
    '[fd00::5]:4739:tls',
    'ipfix:1',
    'ipfix:65535',
  ])('accepts %s', (addr) => {
    expect(flowCollectorAddrProblem(addr)).toBeUndefined();
    const chart = Testing.chart();
    expect(new AntreaConfig(chart, 'A', { flowExporter: { flowCollectorAddr: addr } }).flowCollectorAddr).toBe(addr);
  });

  test('booleans are kept as booleans in the agent config', () => {
    const chart = Testing.chart();
    const c = new AntreaConfig(chart, 'A', { noSNAT: true, nodePortLocal: { enable: true }, multicluster: {} });
    const agent = parse(c.agentConf());
    expect(agent.noSNAT).toBe(true);
    expect(agent.nodePortLocal.enable).toBe(true);
    expect(agent.enableBridgingMode).toBe(false);
  });

  test('featureGateProblem is what the constructor applies', () => {
    expect(featureGateProblem('Egress', false)).toBeUndefined();
    expect(featureGateProblem('EndpointSlice', false)).toEqual({ about: 'value', allowed: 'true (the gate is GA and locked)' });
    expect(featureGateProblem('AntreaProxy', true)).toEqual({
      about: 'name',
      allowed: 'a gate the Antrea Helm conf templates render (AntreaProxy is GA)',
    });
    expect(featureGateProblem('AllBeta', true)?.about).toBe('name');
  });
});
