import { ApiObject, App, Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { parse } from 'yaml';
import {
  AntreaConfig,
  ClusterSet,
  ClusterSetRole,
  EndpointIPType,
  GatewayIPPrecedence,
  MulticlusterControllerConfig,
  MulticlusterGateway,
  ServiceExport,
} from '../../lib/antrea';
import { warningsOf } from '../../lib/core/secret-value';
import { findObject, synthValid } from '../helpers';

describe('Multicluster', () => {
  test('leader and member ClusterSets at multicluster.crd.antrea.io/v1alpha2 (the storage version)', () => {
    const app = Testing.app();
    const leader = new Chart(app, 'leader');
    const member = new Chart(app, 'member');
    new ClusterSet(leader, 'Cs', { clusterSetId: 'test-clusterset', clusterId: 'test-cluster-leader', role: ClusterSetRole.leader() });
    new ClusterSet(member, 'Cs', {
      clusterSetId: 'test-clusterset',
      clusterId: 'test-cluster-member',
      role: ClusterSetRole.member({ leaderClusterId: 'test-cluster-leader', server: 'https://192.168.100.3:6443', secret: 'member-token' }),
    });
    expect(findObject(synthValid(leader), 'ClusterSet', 'test-clusterset')).toEqual({
      apiVersion: 'multicluster.crd.antrea.io/v1alpha2',
      kind: 'ClusterSet',
      metadata: { name: 'test-clusterset', namespace: 'antrea-multicluster' },
      spec: { clusterID: 'test-cluster-leader', leaders: [{ clusterID: 'test-cluster-leader' }] },
    });
    expect(findObject(synthValid(member), 'ClusterSet', 'test-clusterset')).toEqual({
      apiVersion: 'multicluster.crd.antrea.io/v1alpha2',
      kind: 'ClusterSet',
      metadata: { name: 'test-clusterset', namespace: 'kube-system' },
      spec: {
        clusterID: 'test-cluster-member',
        leaders: [{ clusterID: 'test-cluster-leader', secret: 'member-token', server: 'https://192.168.100.3:6443' }],
        namespace: 'antrea-multicluster',
      },
    });
  });

  test('dual-role cluster: the leader also joins as a member (leader ClusterSet + member ClusterSet whose leader is itself)', () => {
    const chart = Testing.chart();
    new ClusterSet(chart, 'Leader', { clusterSetId: 'test-clusterset', clusterId: 'test-cluster-north', role: ClusterSetRole.leader() });
    new ClusterSet(chart, 'Member', {
      clusterSetId: 'test-clusterset',
      clusterId: 'test-cluster-north',
      role: ClusterSetRole.member({
        leaderClusterId: 'test-cluster-north',
        secret: 'member-north-token',
        server: 'https://172.18.0.1:6443',
      }),
    });
    const objs = synthValid(chart);
    expect(findObject(objs, 'ClusterSet', 'test-clusterset', 'kube-system').spec).toEqual({
      clusterID: 'test-cluster-north',
      leaders: [{ clusterID: 'test-cluster-north', secret: 'member-north-token', server: 'https://172.18.0.1:6443' }],
      namespace: 'antrea-multicluster',
    });
    expect(findObject(objs, 'ClusterSet', 'test-clusterset', 'antrea-multicluster').spec).toEqual({
      clusterID: 'test-cluster-north',
      leaders: [{ clusterID: 'test-cluster-north' }],
    });
  });

  test('ClusterSet validation', () => {
    const chart = Testing.chart();
    new ClusterSet(chart, 'A', { clusterSetId: 'cs', clusterId: 'c1', role: ClusterSetRole.leader() });
    expect(() => new ClusterSet(chart, 'B', { clusterSetId: 'cs2', clusterId: 'c1', role: ClusterSetRole.leader() })).toThrow(
      /\[test\/B\] namespace: got "antrea-multicluster", expected a Namespace without another ClusterSet \(test\/A is there; one ClusterSet per Namespace\)/,
    );
    const m = (o: object) => ClusterSetRole.member({ leaderClusterId: 'leader', server: 'https://10.0.0.1:6443', secret: 's', ...o });
    expect(() => new ClusterSet(chart, 'C', { clusterId: 'm', role: m({ server: 'http://10.0.0.1:6443' }), namespace: 'ns1' })).toThrow(
      /\[test\/C\] role.server: got "http:\/\/10.0.0.1:6443", expected an https URL of the leader API server/,
    );
    expect(() => new ClusterSet(chart, 'D', { clusterId: 'leader', role: m({ leaderNamespace: 'ns2' }), namespace: 'ns2' })).toThrow(
      /\[test\/D\] namespace: got "ns2", expected a Namespace other than the leader Namespace "ns2" \(a dual-role cluster's member ClusterSet/,
    );
    expect(() => new ClusterSet(chart, 'E', { clusterId: 'Bad_ID', role: ClusterSetRole.leader(), namespace: 'ns3' })).toThrow(
      /\[test\/E\] clusterId: got "Bad_ID", expected a DNS-1123 subdomain/,
    );
    expect(() => new ClusterSet(chart, 'F', { clusterId: 'm', role: m({ secret: 'Bad Secret' }), namespace: 'ns4' })).toThrow(
      /\[test\/F\] role.secret: got "Bad Secret"/,
    );
  });

  test('antrea-mc-controller-config ConfigMap with the MultiClusterConfig of the source document (endpointIPType spelled right)', () => {
    const chart = Testing.chart();
    const cfg = new MulticlusterControllerConfig(chart, 'Mc', {
      podCIDRs: ['10.10.0.0/16'],
      gatewayIPPrecedence: GatewayIPPrecedence.PRIVATE,
      endpointIPType: EndpointIPType.CLUSTER_IP,
    });
    const cm = findObject(synthValid(chart), 'ConfigMap', 'antrea-mc-controller-config', 'kube-system');
    expect(Object.keys(cm.data)).toEqual(['controller_manager_config.yaml']);
    expect(cm.data['controller_manager_config.yaml']).toBe(cfg.content);
    expect(parse(cm.data['controller_manager_config.yaml'])).toEqual({
      apiVersion: 'multicluster.crd.antrea.io/v1alpha1',
      kind: 'MultiClusterConfig',
      health: { healthProbeBindAddress: ':8080' },
      metrics: { bindAddress: '0' },
      webhook: { port: 9443 },
      serviceCIDR: '',
      podCIDRs: ['10.10.0.0/16'],
      gatewayIPPrecedence: 'private',
      endpointIPType: 'ClusterIP',
      enableStretchedNetworkPolicy: false,
    });
  });

  test('the user-guide excerpts: only the settings given (writeDefaults: false); podCIDRs with host bits warn like Antrea accepts them', () => {
    const chart = Testing.chart();
    const p2p = new MulticlusterControllerConfig(chart, 'Mc', { podCIDRs: ['10.10.1.1/16'], writeDefaults: false });
    expect(parse(p2p.content)).toEqual({
      apiVersion: 'multicluster.crd.antrea.io/v1alpha1',
      kind: 'MultiClusterConfig',
      podCIDRs: ['10.10.1.1/16'],
    });
    expect(warningsOf(p2p)).toEqual([
      '[test/Mc] podCIDRs[0] "10.10.1.1/16" has host bits set; antrea-mc-controller accepts it and uses the network 10.10.0.0/16',
    ]);
    const other = Testing.chart();
    const stretched = new MulticlusterControllerConfig(other, 'Mc', { enableStretchedNetworkPolicy: true, writeDefaults: false });
    expect(parse(stretched.content)).toEqual({
      apiVersion: 'multicluster.crd.antrea.io/v1alpha1',
      kind: 'MultiClusterConfig',
      enableStretchedNetworkPolicy: true,
    });
    expect(findObject(synthValid(chart), 'ConfigMap', 'antrea-mc-controller-config', 'kube-system').data).toEqual({
      'controller_manager_config.yaml': p2p.content,
    });
  });

  test.each([
    [{ podCIDRs: ['10.10.0.0/33'] }, /\[test\/Mc\] podCIDRs\[0\]: got "10.10.0.0\/33", expected a prefix length from 0 to 32/],
    [
      { podCIDRs: ['10.10.1.1/16', '10.10.128.0/17'] },
      /\[test\/Mc\] podCIDRs\[1\]: got "10.10.128.0\/17", expected a CIDR that does not overlap 10.10.1.1\/16/,
    ],
    [{ writeDefaults: 'no' }, /\[test\/Mc\] writeDefaults: got "no", expected true or false/],
    [
      { podCIDRs: ['10.10.0.0/16', '10.10.128.0/17'] },
      /\[test\/Mc\] podCIDRs\[1\]: got "10.10.128.0\/17", expected a CIDR that does not overlap 10.10.0.0\/16/,
    ],
    [{ serviceCIDR: '10.96.0.0' }, /\[test\/Mc\] serviceCIDR: got "10.96.0.0", expected a CIDR such as/],
    [
      { gatewayIPPrecedence: 'nearest' },
      /\[test\/Mc\] gatewayIPPrecedence: got "nearest", expected one of private, internal, public, external/,
    ],
    [{ endpointIPType: 'NodeIP' }, /\[test\/Mc\] endpointIPType: got "NodeIP", expected one of ClusterIP, PodIP/],
    [{ webhookPort: 0 }, /\[test\/Mc\] webhookPort: got 0, expected an integer from 1 to 65535/],
  ])('MulticlusterControllerConfig rejects %j', (props, msg) => {
    const chart = Testing.chart();
    expect(() => new MulticlusterControllerConfig(chart, 'Mc', props as any)).toThrow(msg);
  });

  test('MultiClusterConfig cross-checks against AntreaConfig', () => {
    const app = new App();
    const chart = new Chart(app, 'test');
    new AntreaConfig(chart, 'Antrea');
    new MulticlusterControllerConfig(chart, 'Mc', { podCIDRs: ['10.10.0.0/16'], enableStretchedNetworkPolicy: true });
    expect(() => app.synth()).toThrow(/\[test\/Mc\] featureGates.Multicluster: got false, expected true in AntreaConfig test\/Antrea/);
    expect(() => app.synth()).toThrow(
      /\[test\/Mc\] multicluster.enablePodToPodConnectivity: got false, expected true in AntreaConfig test\/Antrea \(podCIDRs are set/,
    );
    expect(() => app.synth()).toThrow(/\[test\/Mc\] multicluster.enableStretchedNetworkPolicy: got false, expected true/);
  });

  test('gateway Node annotations', () => {
    expect(MulticlusterGateway.nodeAnnotations()).toEqual({ 'multicluster.antrea.io/gateway': 'true' });
    expect(MulticlusterGateway.nodeAnnotations({ gatewayIP: '192.168.100.3' })).toEqual({
      'multicluster.antrea.io/gateway': 'true',
      'multicluster.antrea.io/gateway-ip': '192.168.100.3',
    });
    expect(() => MulticlusterGateway.nodeAnnotations({ gatewayIP: 'fd00::1' })).toThrow(
      /\[MulticlusterGateway\] gatewayIP: got "fd00::1", expected an IPv4 address/,
    );
    const chart = Testing.chart();
    const node = new ApiObject(chart, 'Node', { apiVersion: 'v1', kind: 'Node', metadata: { name: 'ks1-master' } });
    MulticlusterGateway.annotateNode(node);
    expect(Testing.synth(chart)[0].metadata).toEqual({ name: 'ks1-master', annotations: { 'multicluster.antrea.io/gateway': 'true' } });
    const cm = new ApiObject(chart, 'Cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } });
    expect(() => MulticlusterGateway.annotateNode(cm)).toThrow(/\[test\/Cm\] node: got "v1\/ConfigMap", expected a v1 Node ApiObject/);
  });

  test('ServiceExport for a Service', () => {
    const chart = new Chart(Testing.app(), 'c', { namespace: 'shop' });
    const svc = new kplus.Service(chart, 'Svc', { metadata: { name: 'nginx' }, ports: [{ port: 80 }] });
    svc.selectLabel('app', 'nginx');
    ServiceExport.forService(chart, 'Export', svc);
    new ServiceExport(chart, 'Other', { serviceName: 'db', namespace: 'data' });
    const objs = synthValid(chart);
    expect(findObject(objs, 'ServiceExport', 'nginx', 'shop')).toEqual({
      apiVersion: 'multicluster.x-k8s.io/v1alpha1',
      kind: 'ServiceExport',
      metadata: { name: 'nginx', namespace: 'shop' },
    });
    expect(findObject(objs, 'ServiceExport', 'db', 'data').metadata).toEqual({ name: 'db', namespace: 'data' });
    expect(() => new ServiceExport(chart, 'Bad', { serviceName: '9lives' })).toThrow(
      /\[c\/Bad\] serviceName: got "9lives", expected a Service name/,
    );
    const cm = new kplus.ConfigMap(chart, 'Cm');
    expect(() => ServiceExport.forService(chart, 'X', cm)).toThrow(/\[c\] service: got "c\/Cm", expected a v1 Service construct/);
  });
});
