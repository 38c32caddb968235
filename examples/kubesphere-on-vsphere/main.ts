/**
 * The full solution of the source document, "KubeSphere and VMware Cloud Native Solution", as code: vSphere CPI and
 * CSI (vSAN/CNS), StorageClasses, snapshots and CSI monitoring, Antrea configuration, tiers, baseline policies,
 * Egress and NodePortLocal, application namespaces with Pod Security Standards, quotas and RBAC, and the KubeKey
 * config that bootstraps the cluster.
 *
 * The config is an ordinary SolutionConfig: here the built-in defaults with a few overrides, written the way a user
 * would write `config.yaml` (see docs/stacks.md). No vCenter is needed to synthesize.
 */
import { App } from 'cdk8s';
import { synthesize } from '../../lib/core';
import { KubernetesOnVsphere, parseSolutionConfig } from '../../lib/solution';

/** The example's config file, inline. Every key not given keeps its default. */
export const EXAMPLE_CONFIG = `
clusterName: kubesphere-demo
kubernetesVersion: v1.33.4
vcenters:
  - server: vcenter.example.internal
    datacenters: [Datacenter01]
csi:
  clusterId: kubesphere-demo-vcenter01
storageClasses:
  - name: vsan-default
    type: block
    storagePolicyName: vSAN Default Storage Policy
    default: true
  - name: vsan-file
    type: file
    storagePolicyName: vSAN Default Storage Policy
antrea:
  nodePortLocal:
    enable: true
  tiers:
    - name: platform-tenants
      priority: 120
      description: Tenant isolation policies managed by the platform team
namespaces:
  - name: kubesphere-apps
    roleBindings:
      - groups: [app-developers]
        role: edit
  - name: kubesphere-data
    podSecurity:
      enforce: baseline
`;

/** Adds the reference solution's charts (and its KubeKey config) to `app`. */
export function build(app: App): void {
  const config = parseSolutionConfig(EXAMPLE_CONFIG, 'examples/kubesphere-on-vsphere/config', { env: {} });
  new KubernetesOnVsphere(app, config.clusterName, { config });
}

if (require.main === module) {
  const app = new App({ outdir: 'dist/examples/kubesphere-on-vsphere/manifests' });
  build(app);
  const result = synthesize(app);
  for (const f of [...result.manifestFiles, ...result.extraFiles]) console.log(f);
  console.log(`${result.objectCount} objects`);
}
