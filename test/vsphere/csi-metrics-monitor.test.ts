import { ApiObject, Chart, Testing } from 'cdk8s';
import { CsiMetricsMonitor } from '../../lib/vsphere';
import { synthValid } from '../helpers';

describe('CsiMetricsMonitor', () => {
  test('defaults: both ports of the vsphere-csi-controller Service in vmware-system-csi', () => {
    const chart = Testing.chart();
    const m = new CsiMetricsMonitor(chart, 'Metrics');
    expect(m.ports).toEqual(['ctlr', 'syncer']);
    expect(synthValid(chart)).toEqual([
      {
        apiVersion: 'monitoring.coreos.com/v1',
        kind: 'ServiceMonitor',
        metadata: { name: 'vsphere-csi-controller', namespace: 'vmware-system-csi' },
        spec: {
          selector: { matchLabels: { app: 'vsphere-csi-controller' } },
          namespaceSelector: { matchNames: ['vmware-system-csi'] },
          endpoints: [
            { port: 'ctlr', path: '/metrics', scheme: 'http' },
            { port: 'syncer', path: '/metrics', scheme: 'http' },
          ],
        },
      },
    ]);
  });

  test('options: one port, interval, timeout, labels; a chart namespace does not move it', () => {
    const chart = new Chart(Testing.app(), 'mon', { namespace: 'monitoring' });
    new CsiMetricsMonitor(chart, 'Metrics', {
      name: 'csi',
      ports: ['syncer'],
      interval: '1m30s',
      scrapeTimeout: '30s',
      labels: { release: 'kube-prometheus-stack' },
    });
    expect(synthValid(chart)).toEqual([
      {
        apiVersion: 'monitoring.coreos.com/v1',
        kind: 'ServiceMonitor',
        metadata: { name: 'csi', namespace: 'vmware-system-csi', labels: { release: 'kube-prometheus-stack' } },
        spec: {
          selector: { matchLabels: { app: 'vsphere-csi-controller' } },
          namespaceSelector: { matchNames: ['vmware-system-csi'] },
          endpoints: [{ port: 'syncer', path: '/metrics', scheme: 'http', interval: '1m30s', scrapeTimeout: '30s' }],
        },
      },
    ]);
  });

  test('comes after the CRD objects it depends on', () => {
    const chart = Testing.chart();
    const m = new CsiMetricsMonitor(chart, 'Metrics');
    const crd = new ApiObject(chart, 'Crd', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'stand-in-for-crds', namespace: 'vmware-system-csi' },
    });
    m.addDependency(crd);
    const later = new CsiMetricsMonitor(chart, 'Other', { name: 'other', dependsOn: [crd] });
    expect(later.namespace).toBe('vmware-system-csi');
    expect(synthValid(chart).map((o) => `${o.kind}/${(o.metadata as any).name}`)).toEqual([
      'ConfigMap/stand-in-for-crds',
      'ServiceMonitor/vsphere-csi-controller',
      'ServiceMonitor/other',
    ]);
  });

  describe('rejects bad input', () => {
    test('ports', () => {
      const chart = Testing.chart();
      expect(() => new CsiMetricsMonitor(chart, 'A', { ports: [] })).toThrow(
        /\[test\/A\] ports: got \[\], expected at least one of ctlr, syncer/,
      );
      expect(() => new CsiMetricsMonitor(chart, 'B', { ports: ['prometheus' as any] })).toThrow(
        /\[test\/B\] ports\[0\]: got "prometheus", expected one of ctlr \(2112\), syncer \(2113\)/,
      );
      expect(() => new CsiMetricsMonitor(chart, 'C', { ports: ['ctlr', 'ctlr'] })).toThrow(
        /\[test\/C\] ports\[1\]: got "ctlr", expected a port not already listed/,
      );
    });

    test('durations', () => {
      const chart = Testing.chart();
      expect(() => new CsiMetricsMonitor(chart, 'A', { interval: '30 seconds' })).toThrow(
        /\[test\/A\] interval: got "30 seconds", expected a Prometheus duration such as 30s or 1m30s/,
      );
      expect(() => new CsiMetricsMonitor(chart, 'B', { interval: '' })).toThrow(
        /\[test\/B\] interval: got "", expected a Prometheus duration/,
      );
      expect(() => new CsiMetricsMonitor(chart, 'C', { scrapeTimeout: '5x' })).toThrow(
        /\[test\/C\] scrapeTimeout: got "5x", expected a Prometheus duration such as 10s/,
      );
      expect(() => new CsiMetricsMonitor(chart, 'D', { interval: '30s', scrapeTimeout: '1m' })).toThrow(
        /\[test\/D\] scrapeTimeout: got "1m", expected a duration not longer than the interval 30s/,
      );
    });

    test('name, namespace, labels and a dependency in another app', () => {
      const chart = Testing.chart();
      expect(() => new CsiMetricsMonitor(chart, 'A', { name: 'CSI' })).toThrow(
        /\[test\/A\] name: got "CSI", expected a DNS-1123 subdomain/,
      );
      expect(() => new CsiMetricsMonitor(chart, 'B', { namespace: 'vmware.system' })).toThrow(
        /\[test\/B\] namespace: got "vmware.system", expected a DNS-1123 label/,
      );
      expect(() => new CsiMetricsMonitor(chart, 'C', { labels: { release: 'bad value' } })).toThrow(
        /\[test\/C\] labels\["release"\]: got "bad value", expected a label value/,
      );
      const other = Testing.chart();
      expect(() => new CsiMetricsMonitor(chart, 'D', { dependsOn: [other] })).toThrow(
        /\[test\/D\] dependsOn\[0\]: got "test", expected a construct in the same app/,
      );
    });
  });
});
