import { App, Chart, Testing } from 'cdk8s';
import { AntreaConfig, Traceflow, TraceflowDestination, TraceflowPacket, TraceflowSource } from '../../lib/antrea';
import { findObject, synthValid } from '../helpers';

describe('Traceflow', () => {
  test('the source document trace: Pod to Pod (default ICMP)', () => {
    const chart = Testing.chart();
    new Traceflow(chart, 'Tf', {
      name: 'nginx-ckgtz-to-nginx-fwbmw',
      source: TraceflowSource.pod('default', 'nginx-85b98978db-ckgtz'),
      destination: TraceflowDestination.pod('default', 'nginx-85b98978db-fwbmw'),
    });
    expect(findObject(synthValid(chart), 'Traceflow', 'nginx-ckgtz-to-nginx-fwbmw')).toEqual({
      apiVersion: 'crd.antrea.io/v1beta1',
      kind: 'Traceflow',
      metadata: { name: 'nginx-ckgtz-to-nginx-fwbmw' },
      spec: {
        source: { namespace: 'default', pod: 'nginx-85b98978db-ckgtz' },
        destination: { namespace: 'default', pod: 'nginx-85b98978db-fwbmw' },
      },
    });
  });

  test('Pod to Service with a TCP SYN packet and timeout', () => {
    const chart = new Chart(Testing.app(), 'c', { namespace: 'ignored' });
    new Traceflow(chart, 'ToSvc', {
      source: TraceflowSource.pod('default', 'client'),
      destination: TraceflowDestination.service('default', 'nginx'),
      packet: TraceflowPacket.tcp({ srcPort: 10000, dstPort: 80, flags: 2, ttl: 64, ipFlags: 2 }),
      timeout: 60,
    });
    const tf = findObject(synthValid(chart), 'Traceflow', 'to-svc');
    expect(tf.metadata).toEqual({ name: 'to-svc' });
    expect(tf.spec).toEqual({
      source: { namespace: 'default', pod: 'client' },
      destination: { namespace: 'default', service: 'nginx' },
      packet: { ipHeader: { protocol: 6, ttl: 64, flags: 2 }, transportHeader: { tcp: { srcPort: 10000, dstPort: 80, flags: 2 } } },
      timeout: 60,
    });
  });

  test('live traffic from an IP to a Pod, dropped only, UDP; IPv6 ICMP to an IP', () => {
    const chart = Testing.chart();
    new Traceflow(chart, 'Live', {
      liveTraffic: true,
      droppedOnly: true,
      source: TraceflowSource.ip('192.168.1.10'),
      destination: TraceflowDestination.pod('default', 'dns'),
      packet: TraceflowPacket.udp({ dstPort: 53 }),
    });
    new Traceflow(chart, 'V6', {
      source: TraceflowSource.pod('default', 'client'),
      destination: TraceflowDestination.ip('fd00::10'),
      packet: TraceflowPacket.icmp({ ipv6: true, id: 1, sequence: 2 }),
    });
    const objs = synthValid(chart);
    expect(findObject(objs, 'Traceflow', 'live').spec).toEqual({
      source: { ip: '192.168.1.10' },
      destination: { namespace: 'default', pod: 'dns' },
      packet: { ipHeader: { protocol: 17 }, transportHeader: { udp: { dstPort: 53 } } },
      liveTraffic: true,
      droppedOnly: true,
    });
    expect(findObject(objs, 'Traceflow', 'v6').spec.packet).toEqual({
      ipv6Header: { nextHeader: 58 },
      transportHeader: { icmp: { id: 1, sequence: 2 } },
    });
  });

  test('minimal packet forms of the Antrea docs: no IP header (explicitProtocol: false), ICMP without a transport header', () => {
    const chart = Testing.chart();
    new Traceflow(chart, 'Live', {
      liveTraffic: true,
      destination: TraceflowDestination.pod('default', 'udp-server'),
      packet: TraceflowPacket.udp({ dstPort: 1234, explicitProtocol: false }),
    });
    new Traceflow(chart, 'V6', { source: pod, destination: dst, packet: TraceflowPacket.icmp({ ipv6: true }) });
    new Traceflow(chart, 'Icmp', { source: pod, destination: dst, packet: TraceflowPacket.icmp({ explicitProtocol: false }) });
    new Traceflow(chart, 'Ttl', { source: pod, destination: dst, packet: TraceflowPacket.icmp({ explicitProtocol: false, ttl: 3 }) });
    const objs = synthValid(chart);
    expect(findObject(objs, 'Traceflow', 'live').spec.packet).toEqual({ transportHeader: { udp: { dstPort: 1234 } } });
    expect(findObject(objs, 'Traceflow', 'v6').spec.packet).toEqual({ ipv6Header: { nextHeader: 58 } });
    expect(findObject(objs, 'Traceflow', 'icmp').spec.packet).toBeUndefined();
    expect(findObject(objs, 'Traceflow', 'ttl').spec.packet).toEqual({ ipHeader: { ttl: 3 } });
    expect(
      () => new Traceflow(chart, 'Bad', { source: pod, destination: dst, packet: TraceflowPacket.icmp({ explicitProtocol: 'no' as any }) }),
    ).toThrow(/\[test\/Bad\] packet.explicitProtocol: got "no", expected true or false/);
  });

  const pod = TraceflowSource.pod('default', 'a');
  const dst = TraceflowDestination.pod('default', 'b');
  test.each([
    [{ destination: dst }, /\[test\/T\] source: got undefined, expected a source Pod \(TraceflowSource.pod\) unless liveTraffic is true/],
    [
      { source: TraceflowSource.ip('10.0.0.1'), destination: dst },
      /\[test\/T\] source.ip: got "10.0.0.1", expected a source Pod \(a source IP is only allowed with liveTraffic\)/,
    ],
    [
      { liveTraffic: true, source: TraceflowSource.ip('10.0.0.1'), destination: TraceflowDestination.ip('10.0.0.2') },
      /\[test\/T\] destination: got \{"ip":"10.0.0.2"\}, expected a destination Pod when the source is not a Pod/,
    ],
    [{ source: pod, destination: dst, droppedOnly: true }, /\[test\/T\] droppedOnly: got true, expected false unless liveTraffic is true/],
    [{ source: pod, destination: dst, timeout: 301 }, /\[test\/T\] timeout: got 301, expected an integer number of seconds from 1 to 300/],
    [
      { source: pod, destination: dst, packet: TraceflowPacket.tcp({ dstPort: 0 }) },
      /\[test\/T\] packet.dstPort: got 0, expected an integer from 1 to 65535/,
    ],
    [
      { source: pod, destination: dst, packet: TraceflowPacket.tcp({ dstPort: 80, flags: 256 }) },
      /\[test\/T\] packet.flags: got 256, expected an integer from 0 to 255/,
    ],
    [
      { source: pod, destination: dst, packet: TraceflowPacket.icmp({ ipFlags: 8 }) },
      /\[test\/T\] packet.ipFlags: got 8, expected an integer from 0 to 7/,
    ],
    [
      { source: pod, destination: dst, packet: TraceflowPacket.icmp({ ipv6: true, ipFlags: 1 }) },
      /\[test\/T\] packet.ipFlags: got 1, expected no IP flags for an IPv6 packet/,
    ],
    [
      { source: pod, destination: TraceflowDestination.ip('fd00::1'), packet: TraceflowPacket.icmp() },
      /\[test\/T\] packet.ipv6: got false, expected true \(the addresses of this Traceflow are IPv6\)/,
    ],
    [
      { source: pod, destination: TraceflowDestination.ip('10.0.0.999') },
      /\[test\/T\] destination.ip: got "10.0.0.999", expected an IPv4 or IPv6 address/,
    ],
    [{ source: TraceflowSource.pod('Bad_NS', 'a'), destination: dst }, /\[test\/T\] source.namespace: got "Bad_NS"/],
    [
      { source: pod, destination: TraceflowDestination.service('default', '1svc') },
      /\[test\/T\] destination.service: got "1svc", expected a Service name/,
    ],
  ])('rejects %#', (props, msg) => {
    const chart = Testing.chart();
    expect(() => new Traceflow(chart, 'T', props as any)).toThrow(msg);
  });

  test('Traceflow while the Traceflow gate is off', () => {
    const app = new App();
    const chart = new Chart(app, 'test');
    new AntreaConfig(chart, 'Antrea', { featureGates: { Traceflow: false } });
    new Traceflow(chart, 'T', { source: pod, destination: dst });
    expect(() => app.synth()).toThrow(/\[test\/T\] featureGates.Traceflow: got false, expected true in AntreaConfig test\/Antrea/);
  });
});
