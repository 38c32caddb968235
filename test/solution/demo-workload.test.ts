import { Chart, Testing } from 'cdk8s';
import { kubeObject } from '../../lib/core/kube-object';
import { DemoWorkload, DemoWorkloadProps } from '../../lib/solution/demo-workload';
import { trafficMatchers } from '../../lib/testing';
import { findObject, synthValid } from '../helpers';

function chart(): Chart {
  return new Chart(Testing.app(), 'demo', { namespace: 'apps', disableResourceNameHashes: true });
}

describe('DemoWorkload (issue 11 #1: admitted by Pod Security restricted)', () => {
  test('an unprivileged nginx on 8080 with a restricted-compliant security context', () => {
    const c = chart();
    new DemoWorkload(c, 'nginx', { nodePortLocal: true });
    const objs = synthValid(c);
    const d = findObject(objs, 'Deployment', 'nginx', 'apps');
    const pod = d.spec.template.spec;
    expect(pod.securityContext).toEqual({
      runAsNonRoot: true,
      runAsUser: 101,
      runAsGroup: 101,
      fsGroup: 101,
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(pod.containers).toHaveLength(1);
    const c0 = pod.containers[0];
    expect(c0.image).toBe('nginxinc/nginx-unprivileged:1.27');
    expect(c0.ports).toEqual([{ name: 'http', containerPort: 8080, protocol: 'TCP' }]);
    expect(c0.securityContext).toEqual({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
    // nginx writes its pid and temp files below /tmp: a read-only root needs a writable /tmp
    expect(c0.volumeMounts).toEqual([{ name: 'tmp', mountPath: '/tmp' }]);
    expect(pod.volumes).toEqual([{ name: 'tmp', emptyDir: {} }]);
    const svc = findObject(objs, 'Service', 'nginx', 'apps');
    expect(svc.spec.ports).toEqual([{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }]);
    expect(svc.metadata.annotations).toEqual({ 'nodeportlocal.antrea.io/enabled': 'true' });
  });

  test('without NodePortLocal the Service has no annotation', () => {
    const c = chart();
    new DemoWorkload(c, 'nginx');
    expect(findObject(synthValid(c), 'Service', 'nginx', 'apps').metadata.annotations).toBeUndefined();
  });

  test.each([
    [{ containerPort: 80 }, '[demo/w] containerPort: got 80, expected an unprivileged port from 1024 to 65535'],
    [{ runAsUser: 0 }, '[demo/w] runAsUser: got 0, expected a non-root UID from 1 to 2147483647 (Pod Security restricted refuses UID 0)'],
    [{ replicas: 0 }, '[demo/w] replicas: got 0, expected an integer from 1 to 100'],
    [{ image: 'nginx latest' }, '[demo/w] image: got "nginx latest", expected a container image reference'],
  ])('refuses %j', (props, message) => {
    expect(() => new DemoWorkload(chart(), 'w', props)).toThrow(message);
  });
});

describe('DemoWorkload is reachable in a default-deny namespace', () => {
  expect.extend(trafficMatchers);

  function denyAllChart(props: DemoWorkloadProps = {}): Chart {
    const c = chart();
    kubeObject(c, 'DenyAll', 'NetworkPolicy', {
      metadata: { name: 'default-deny-ingress' },
      spec: { podSelector: {}, policyTypes: ['Ingress'] },
    });
    new DemoWorkload(c, 'nginx', props);
    return c;
  }

  test('the allow-http policy admits TCP to the container port from anywhere, and nothing else', () => {
    const c = denyAllChart();
    const np = findObject(synthValid(c), 'NetworkPolicy', 'nginx-allow-http', 'apps');
    expect(np.spec).toEqual({
      podSelector: { matchLabels: { app: 'nginx' } },
      policyTypes: ['Ingress'],
      ingress: [{ ports: [{ protocol: 'TCP', port: 8080 }] }],
    });
    expect(c).toAllowTraffic({ ip: '203.0.113.10' }, 'apps/nginx', 8080);
    expect(c).toDenyTraffic({ ip: '203.0.113.10' }, 'apps/nginx', 9090);
  });

  test('allowHttpIngress: false leaves the workload to the namespace policies (here: dropped)', () => {
    const c = denyAllChart({ allowHttpIngress: false });
    expect(
      synthValid(c)
        .filter((o) => o.kind === 'NetworkPolicy')
        .map((o) => o.metadata?.name),
    ).toEqual(['default-deny-ingress']);
    expect(c).toDenyTraffic({ ip: '203.0.113.10' }, 'apps/nginx', 8080);
  });
});
