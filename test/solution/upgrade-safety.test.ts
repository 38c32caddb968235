import { App } from 'cdk8s';
import { synthCharts } from '../../lib/core/synth';
import { validateManifests } from '../../lib/core/validation';
import { parseSolutionConfig } from '../../lib/solution/config';
import { KubernetesOnVsphere } from '../../lib/solution/kubernetes-on-vsphere';
import { checkUpgradeSafety, formatUpgradeFindings } from '../../lib/solution/upgrade-safety';

const BASE = `
credentials: { mode: deploy-time, usernameKey: u, passwordKey: p }
csi: { clusterId: prod-east }
storageClasses:
  - { name: gold, type: block, storagePolicyName: Gold, default: true }
antrea:
  tiers: [{ name: tenants, priority: 120 }]
  egressPools: [{ name: pool-a, ipRanges: [10.10.0.2-10.10.0.20, 10.10.1.0/28] }]
  egresses: []
`;

function objects(yaml: string): any[] {
  const app = new App();
  new KubernetesOnVsphere(app, 'c', { config: parseSolutionConfig(yaml, 'config.yaml', { env: {} }) });
  return synthCharts(app).flatMap((c) => c.objects);
}

describe('checkUpgradeSafety', () => {
  test('no findings for the same output (which is strictly valid)', () => {
    const o = objects(BASE);
    expect(validateManifests(o).problems).toEqual([]);
    expect(checkUpgradeSafety(o, o)).toEqual([]);
  });

  test('reports a Tier priority change, removed pool ranges, StorageClass parameter changes and a new CSI cluster-id', () => {
    const changed = BASE.replace('priority: 120', 'priority: 130')
      .replace('10.10.0.2-10.10.0.20, 10.10.1.0/28', '10.10.0.2-10.10.0.30')
      .replace('storagePolicyName: Gold', 'storagePolicyName: Platinum')
      .replace('clusterId: prod-east', 'clusterId: prod-east-2');
    const findings = checkUpgradeSafety(objects(BASE), objects(changed));
    expect(findings.map((f) => `${f.severity} ${f.object} ${f.field}`).sort()).toEqual([
      'error ExternalIPPool pool-a spec.ipRanges',
      'error Secret vmware-system-csi/vsphere-config-secret csi-vsphere.conf [Global] cluster-id',
      'error StorageClass gold parameters',
      'error Tier tenants spec.priority',
    ]);
    const tier = findings.find((f) => f.object === 'Tier tenants')!;
    expect([tier.before, tier.after]).toEqual([120, 130]);
    const pool = findings.find((f) => f.object === 'ExternalIPPool pool-a')!;
    expect(pool.before).toEqual(['10.10.0.2-10.10.0.20', '10.10.1.0/28']);
    expect(formatUpgradeFindings([tier])).toBe(
      '[error] Tier tenants spec.priority: 120 -> 130: Antrea rejects updates of a Tier priority; create a new Tier and move the policies to it',
    );
  });

  test('adding a pool range is safe; a CSI image change is a warning', () => {
    const before = objects(BASE);
    const after = objects(BASE.replace('10.10.1.0/28]', '10.10.1.0/28, 10.10.2.0/28]'));
    expect(checkUpgradeSafety(before, after)).toEqual([]);
    const bumped = after.map((o) =>
      o.kind === 'Deployment' && o.metadata.name === 'vsphere-csi-controller'
        ? {
            ...o,
            spec: {
              ...o.spec,
              template: {
                ...o.spec.template,
                spec: {
                  ...o.spec.template.spec,
                  containers: o.spec.template.spec.containers.map((c: any) => ({ ...c, image: c.image.replace('v3.7.3', 'v3.8.0') })),
                },
              },
            },
          }
        : o,
    );
    const f = checkUpgradeSafety(after, bumped);
    expect(f.map((x) => [x.severity, x.object])).toEqual([['warning', 'Deployment vmware-system-csi/vsphere-csi-controller']]);
  });
});
