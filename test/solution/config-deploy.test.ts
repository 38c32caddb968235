import { parseSolutionConfig, SolutionConfigError } from '../../lib';

function parse(text: string) {
  return parseSolutionConfig(text, 'config.yaml', { env: {} });
}

function expectError(text: string, re: RegExp): void {
  let err: unknown;
  try {
    parse(text);
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(SolutionConfigError);
  expect((err as Error).message).toMatch(re);
}

describe('config keys for a deployable stack (issue 11)', () => {
  test('defaults: snapshots on with the controller installed, ServiceMonitor off, no prerequisites, replicas derived', () => {
    const c = parse('{}');
    expect(c.csi.snapshots).toBe(true);
    expect(c.csi.installSnapshotController).toBe(true);
    expect(c.csi.metricsMonitor).toBe(false);
    expect(c.csi.controllerReplicas).toBeUndefined();
    expect(c.prerequisites).toEqual({ crds: [] });
  });

  test('csi.controllerReplicas above the control-plane node count is refused (the extra pods would stay Pending)', () => {
    expectError(
      'csi: {controllerReplicas: 2}',
      /csi\.controllerReplicas: got 2, expected at most 1, the number of control-plane nodes \(the CSI controller pods repel each other per node/,
    );
  });

  test('csi.controllerReplicas outside 1..3 is refused', () => {
    expectError('csi: {controllerReplicas: 0}', /csi\.controllerReplicas: got 0, expected an integer of at least 1/);
  });

  test('csi.metricsMonitor needs the ServiceMonitor CRD listed as a prerequisite', () => {
    expectError(
      'csi: {metricsMonitor: true}',
      /csi\.metricsMonitor: got true, expected false, or monitoring\.coreos\.com\/ServiceMonitor listed under prerequisites\.crds/,
    );
    const c = parse('csi: {metricsMonitor: true}\nprerequisites: {crds: [monitoring.coreos.com/ServiceMonitor]}');
    expect(c.csi.metricsMonitor).toBe(true);
  });

  test('prerequisites.crds entries must be <group>/<Kind>', () => {
    expectError(
      'prerequisites: {crds: [servicemonitors.monitoring.coreos.com]}',
      /prerequisites\.crds\[0\]: got "servicemonitors\.monitoring\.coreos\.com", expected a CRD as <group>\/<Kind>/,
    );
  });

  test('vcenters[].caCertificate must be PEM certificates', () => {
    expectError(
      'vcenters: [{server: vc.example.internal, datacenters: [dc1], caCertificate: "hello"}]',
      /vcenters\[0\]\.caCertificate: got "hello", expected PEM text of one or more certificates/,
    );
  });
});
