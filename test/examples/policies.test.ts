import { App } from 'cdk8s';
import { PolicyEvaluator, WorkloadModel, workloadModelFromObjects } from '../../lib/antrea/evaluate';
import { formatProblems, ManifestObject, validateManifests } from '../../lib/core/validation';
import { trafficMatchers } from '../../lib/testing';
import { build as buildKubesphere } from '../../examples/kubesphere-on-vsphere/main';
import { build as buildNetworkPolicies } from '../../examples/network-policies/main';

expect.extend(trafficMatchers);

/**
 * What the examples' policies allow, checked with the traffic matchers users get from `vsphere-k8s-constructs/testing`.
 * The workload model is the one derived from the example's own workloads, plus the Pods the example expects from
 * elsewhere (CoreDNS from the cluster installer, the application Pods the policies are written for).
 */

function appObjects(build: (app: App) => void): { app: App; objects: ManifestObject[] } {
  const app = new App();
  build(app);
  const objects = app.charts.flatMap((c) => c.toJson()) as ManifestObject[];
  const r = validateManifests(objects);
  if (!r.valid) throw new Error(`strict validation failed:\n${formatProblems(r.problems)}`);
  return { app, objects };
}

describe('examples/kubesphere-on-vsphere', () => {
  // a large App: its objects once, one evaluator for every check (the matchers also take an App, rebuilt per check)
  let app: PolicyEvaluator;
  let model: WorkloadModel;
  beforeAll(() => {
    const built = appObjects(buildKubesphere);
    const derived = workloadModelFromObjects(built.objects);
    model = {
      namespaces: derived.namespaces,
      pods: [
        ...derived.pods,
        // CoreDNS comes with the cluster (KubeKey); the stack's kube-dns ClusterGroup selects it
        {
          namespace: 'kube-system',
          name: 'coredns',
          labels: { 'k8s-app': 'kube-dns' },
          ports: [
            { name: 'dns', port: 53, protocol: 'UDP' },
            { name: 'dns-tcp', port: 53, protocol: 'TCP' },
          ],
        },
        { namespace: 'kubesphere-apps', name: 'api', labels: { app: 'api' }, ports: [{ name: 'http', port: 8080 }] },
        { namespace: 'kubesphere-data', name: 'postgres', labels: { app: 'postgres' }, ports: [{ name: 'pg', port: 5432 }] },
      ],
    };
    app = new PolicyEvaluator(built.objects, model);
    expect(app.warnings).toEqual([]);
  });

  test('every Pod may resolve names: allow-kube-dns (SecurityOps) allows DNS to CoreDNS', () => {
    expect(app).toAllowTraffic('kubesphere-apps/nginx', 'kube-system/coredns', 'UDP/53');
    expect(app).toAllowTraffic('kubesphere-data/postgres', 'kube-system/coredns', 'TCP/53');
  });

  test("the application Namespaces' default-deny-ingress isolates their Pods, from other Namespaces and from their own", () => {
    expect(app).toDenyTraffic('vmware-system-csi/vsphere-csi-controller', 'kubesphere-apps/api', 'TCP/http');
    expect(app).toDenyTraffic('kubesphere-apps/nginx', 'kubesphere-data/postgres', 5432);
    // K8s isolation outranks the Baseline Tier: baseline-namespace-isolation's allow-same-namespace never applies here
    expect(app).toDenyTraffic('kubesphere-apps/nginx', 'kubesphere-apps/api', 'TCP/http');
  });

  test("the demo workload's own NetworkPolicy admits HTTP to nginx from anywhere, and only to its port", () => {
    expect(app).toAllowTraffic('vmware-system-csi/vsphere-csi-controller', 'kubesphere-apps/nginx', 8080);
    expect(app).toAllowTraffic('kubesphere-apps/api', 'kubesphere-apps/nginx', 'TCP/http');
    expect(app).toDenyTraffic('kubesphere-apps/api', 'kubesphere-apps/nginx', 9090);
  });

  test('Namespaces without policies stay open', () => {
    expect(app).toAllowTraffic('kubesphere-apps/nginx', 'vmware-system-csi/vsphere-csi-controller', 'TCP/healthz');
  });
});

describe('examples/network-policies', () => {
  let app: App;
  let model: WorkloadModel;
  beforeAll(() => {
    const built = appObjects(buildNetworkPolicies);
    app = built.app;
    const derived = workloadModelFromObjects(built.objects);
    // acnp-demo is written for database Pods (role=db) and their frontends (role=frontend)
    model = {
      namespaces: [...derived.namespaces, { name: 'prod', labels: { env: 'prod' } }],
      pods: [
        ...derived.pods,
        { namespace: 'prod', name: 'db', labels: { role: 'db' }, ports: [{ port: 8080 }, { port: 9001 }] },
        { namespace: 'prod', name: 'frontend', labels: { role: 'frontend' } },
        { namespace: 'prod', name: 'web', labels: { role: 'web' } },
      ],
    };
  });

  test('acnp-demo AllowFromFrontend: frontends reach the database Pods on TCP 8080-9000', () => {
    expect(app).toAllowTraffic('prod/frontend', 'prod/db', 8080, { model });
    expect(app).toAllowTraffic('default/nginx', 'prod/db', 9001, { model }); // no rule matches, no isolation: default allow
  });

  test('acnp-demo DropToThirdParty: the database Pods cannot reach 10.0.10.0/24 on TCP 5978, other Pods can', () => {
    expect(app).toDenyTraffic('prod/db', { ip: '10.0.10.7' }, 5978, { model });
    expect(app).toAllowTraffic('prod/db', { ip: '10.0.11.7' }, 5978, { model });
    expect(app).toAllowTraffic('prod/web', { ip: '10.0.10.7' }, 5978, { model });
  });

  test('the nginx Service reaches its Pods', () => {
    expect(app).toAllowTraffic('prod/web', { service: 'default/nginx' }, 80, { model });
  });
});
