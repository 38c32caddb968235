import { ApiObject, Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import {
  AntreaConfig,
  NodePortLocal,
  NodePortLocalProtocol,
  NodePortLocalService,
  NodePortLocalServiceType,
  parseNodePortLocalAnnotation,
} from '../../lib/antrea';
import { findObject, synthValid } from '../helpers';

describe('NodePortLocal', () => {
  test('reproduces the nginx NodePortLocal Service', () => {
    const chart = Testing.chart();
    new NodePortLocalService(chart, 'Nginx', {
      name: 'nginx',
      selector: { app: 'nginx' },
      ports: [{ name: 'web', port: 80, protocol: NodePortLocalProtocol.TCP, targetPort: 80 }],
    });
    const objs = synthValid(chart);
    expect(findObject(objs, 'Service', 'nginx')).toEqual({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'nginx', annotations: { 'nodeportlocal.antrea.io/enabled': 'true' } },
      spec: { selector: { app: 'nginx' }, ports: [{ name: 'web', port: 80, protocol: 'TCP', targetPort: 80 }] },
    });
    // the Pod annotation is never written
    expect(JSON.stringify(objs)).not.toMatch(/"nodeportlocal\.antrea\.io"/);
  });

  test('works on cdk8s-plus Deployment.exposeViaService and plain Services', () => {
    const chart = Testing.chart();
    const dep = new kplus.Deployment(chart, 'Dep', {
      metadata: { name: 'web' },
      containers: [{ image: 'nginx', ports: [{ number: 8080 }], securityContext: { ensureNonRoot: false } }],
    });
    const svc = dep.exposeViaService({ name: 'web' });
    NodePortLocal.enable(svc);
    const lb = new kplus.Service(chart, 'Lb', {
      metadata: { name: 'lb' },
      type: kplus.ServiceType.LOAD_BALANCER,
      ports: [{ port: 53, protocol: kplus.Protocol.UDP }],
    });
    lb.selectLabel('app', 'dns');
    NodePortLocal.enable(lb);
    const objs = synthValid(chart);
    const s = findObject(objs, 'Service', 'web');
    expect(s.metadata.annotations).toEqual({ 'nodeportlocal.antrea.io/enabled': 'true' });
    expect(s.spec.type).toBe('ClusterIP');
    expect(findObject(objs, 'Service', 'lb').metadata.annotations).toEqual({ 'nodeportlocal.antrea.io/enabled': 'true' });
    expect(NodePortLocal.isEnabled(svc)).toBe(true);
    expect(NodePortLocal.isEnabled(dep)).toBe(false);
  });

  test('kplus Services are validated at synth: NodePort, no selector, SCTP', () => {
    const chart = Testing.chart();
    const np = new kplus.Service(chart, 'Np', { metadata: { name: 'np' }, type: kplus.ServiceType.NODE_PORT, ports: [{ port: 80 }] });
    np.selectLabel('app', 'x');
    NodePortLocal.enable(np);
    const nosel = new kplus.Service(chart, 'NoSel', { metadata: { name: 'nosel' }, ports: [{ port: 80 }] });
    NodePortLocal.enable(nosel);
    const sctp = new kplus.Service(chart, 'Sctp', { metadata: { name: 'sctp' }, ports: [{ port: 80, protocol: kplus.Protocol.SCTP }] });
    sctp.selectLabel('app', 'x');
    NodePortLocal.enable(sctp);
    expect(() => Testing.synth(chart)).toThrow(
      /\[test\/Np\/Resource\] spec.type: got "NodePort", expected ClusterIP or LoadBalancer for a NodePortLocal Service/,
    );
    expect(() => Testing.synth(chart)).toThrow(
      /\[test\/NoSel\/Resource\] spec.selector: got \{\}, expected a non-empty selector for a NodePortLocal Service/,
    );
    expect(() => Testing.synth(chart)).toThrow(
      /\[test\/Sctp\/Resource\] spec.ports\[0\].protocol: got "SCTP", expected TCP or UDP for a NodePortLocal Service/,
    );
  });

  test('the annotation must stay "true"', () => {
    const chart = Testing.chart();
    const svc = new NodePortLocalService(chart, 'S', { name: 's', selector: { a: 'b' }, ports: [{ port: 80 }] });
    (svc.node.defaultChild as ApiObject).metadata.addAnnotation('nodeportlocal.antrea.io/enabled', 'false');
    expect(() => Testing.synth(chart)).toThrow(
      /\[test\/S\/Resource\] metadata.annotations\["nodeportlocal.antrea.io\/enabled"\]: got "false", expected "true"/,
    );
  });

  test('enable rejects non-Service targets', () => {
    const chart = Testing.chart();
    const cm = new kplus.ConfigMap(chart, 'Cm');
    expect(() => NodePortLocal.enable(cm)).toThrow(/\[test\/Cm\] service: got "v1\/ConfigMap", expected a v1 Service/);
  });

  test('LoadBalancer NodePortLocalService with named and UDP ports', () => {
    const chart = Testing.chart();
    new NodePortLocalService(chart, 'Dns', {
      type: NodePortLocalServiceType.LOAD_BALANCER,
      namespace: 'infra',
      selector: { app: 'dns' },
      ports: [
        { name: 'dns', port: 53, protocol: NodePortLocalProtocol.UDP },
        { name: 'dns-tcp', port: 53, targetPort: 'dns-tcp' },
      ],
    });
    expect(findObject(synthValid(chart), 'Service', 'dns', 'infra').spec).toEqual({
      type: 'LoadBalancer',
      selector: { app: 'dns' },
      ports: [
        { name: 'dns', port: 53, protocol: 'UDP', targetPort: 53 },
        { name: 'dns-tcp', port: 53, protocol: 'TCP', targetPort: 'dns-tcp' },
      ],
    });
  });

  test.each([
    [{ selector: {}, ports: [{ port: 80 }] }, /\[test\/S\] selector: got \{\}, expected a non-empty Pod selector/],
    [{ selector: { a: 'b' }, ports: [] }, /\[test\/S\] ports: got \[\], expected at least one port/],
    [{ selector: { a: 'b' }, ports: [{ port: 80, protocol: 'SCTP' }] }, /\[test\/S\] ports\[0\].protocol: got "SCTP", expected TCP or UDP/],
    [{ selector: { a: 'b' }, ports: [{ port: 70000 }] }, /\[test\/S\] ports\[0\].port: got 70000, expected an integer from 1 to 65535/],
    [
      { selector: { a: 'b' }, type: 'NodePort', ports: [{ port: 80 }] },
      /\[test\/S\] type: got "NodePort", expected ClusterIP or LoadBalancer/,
    ],
    [
      { selector: { a: 'b' }, ports: [{ port: 80 }, { port: 81 }] },
      /\[test\/S\] ports\[0\].name: got undefined, expected a port name \(required when a Service has several ports\)/,
    ],
    [
      {
        selector: { a: 'b' },
        ports: [
          { port: 80, name: 'a' },
          { port: 81, name: 'a' },
        ],
      },
      /\[test\/S\] ports\[1\].name: got "a", expected a name not used by another port/,
    ],
    [{ name: '1abc', selector: { a: 'b' }, ports: [{ port: 80 }] }, /\[test\/S\] name: got "1abc", expected a DNS-1035 label/],
  ])('NodePortLocalService rejects %j', (props, msg) => {
    const chart = Testing.chart();
    expect(() => new NodePortLocalService(chart, 'S', props as any)).toThrow(msg);
  });

  test('NodePortLocal Service while nodePortLocal.enable is false (AntreaConfig present)', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'test');
    new AntreaConfig(chart, 'Antrea');
    new NodePortLocalService(chart, 'S', { name: 's', selector: { a: 'b' }, ports: [{ port: 80 }] });
    expect(() => app.synth()).toThrow(/\[test\/S\/Resource\] nodePortLocal.enable: got false, expected true in AntreaConfig test\/Antrea/);
  });

  describe('parseNodePortLocalAnnotation', () => {
    test('parses the source document Pod annotation (legacy protocols list) and the v2.6 form', () => {
      expect(
        parseNodePortLocalAnnotation('[{"podPort":80,"nodeIP":"192.168.100.5","nodePort":61001,"protocol":"tcp","protocols":["tcp"]}]'),
      ).toEqual([{ podPort: 80, nodeIP: '192.168.100.5', nodePort: 61001, protocol: 'tcp', protocols: ['tcp'] }]);
      expect(
        parseNodePortLocalAnnotation('[{"podPort":53,"nodeIP":"fd00::5","nodePort":61002,"protocol":"udp","ipFamily":"IPv6"}]'),
      ).toEqual([{ podPort: 53, nodeIP: 'fd00::5', nodePort: 61002, protocol: 'udp', ipFamily: 'IPv6' }]);
      expect(parseNodePortLocalAnnotation('[]')).toEqual([]);
    });
    test.each([
      ['not json', /\[annotation nodeportlocal.antrea.io\] value: got "not json", expected a JSON list/],
      ['{}', /\[annotation nodeportlocal.antrea.io\] value: got \{\}, expected a JSON list/],
      ['[{"podPort":0,"nodeIP":"1.2.3.4","nodePort":61001,"protocol":"tcp"}]', /\[0\].podPort: got 0, expected an integer from 1 to 65535/],
      ['[{"podPort":80,"nodeIP":"x","nodePort":61001,"protocol":"tcp"}]', /\[0\].nodeIP: got "x", expected an IPv4 or IPv6 address/],
      [
        '[{"podPort":80,"nodeIP":"1.2.3.4","nodePort":61001,"protocol":"TCP"}]',
        /\[0\].protocol: got "TCP", expected "tcp" or "udp" \(lowercase\)/,
      ],
      [
        '[{"podPort":80,"nodeIP":"1.2.3.4","nodePort":61001,"protocol":"tcp","ipFamily":"IPv6"}]',
        /\[0\].ipFamily: got "IPv6", expected IPv4 \(the family of nodeIP 1.2.3.4\)/,
      ],
      ['[{"podPort":80,"nodeIP":"1.2.3.4","nodePort":61001,"protocol":"tcp","extra":1}]', /\[0\].extra: got 1, expected no such field/],
    ])('rejects %s', (value, msg) => {
      expect(() => parseNodePortLocalAnnotation(value)).toThrow(msg);
    });
  });
});
