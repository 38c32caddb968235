import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { Chart, Testing } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { synthCharts } from '../../lib/core/synth';
import {
  buildDiagram,
  buildReviewReport,
  claims,
  renderReviewReport,
  renderStorageMap,
  snapshotClasses,
  storageClasses,
  toDot,
  toMermaid,
  writeReviewReport,
} from '../../lib/review';
import { renderNodePools } from '../../lib/review/node-pools';
import { defaultSolutionConfig } from '../../lib/solution/config';
import { RestoredVolumeClaim, VolumeSnapshot, VsphereStorageClass, VsphereVolumeSnapshotClass } from '../../lib/vsphere';
import { buildReferenceApp } from '../../bin/main';
import { synthValid } from '../helpers';

process.env.VSPHERE_K8S_SILENCE_WARNINGS = '1';

function storageObjects(): unknown[] {
  const chart = new Chart(Testing.app(), 'test');
  VsphereStorageClass.block(chart, 'Gold', { name: 'gold', storagePolicyName: 'Gold Policy', isDefault: true, fsType: 'xfs' });
  VsphereStorageClass.block(chart, 'Local', {
    name: 'local',
    datastoreUrl: 'ds:///vmfs/volumes/abc/',
    reclaimPolicy: 'Retain',
    volumeBindingMode: 'WaitForFirstConsumer',
    allowVolumeExpansion: false,
  });
  VsphereStorageClass.file(chart, 'Shared', { name: 'shared', storagePolicyName: 'vSAN File' });
  new VsphereVolumeSnapshotClass(chart, 'Snap', { name: 'snaps', deletionPolicy: 'Retain' });
  new k8s.KubePersistentVolumeClaim(chart, 'Claim', {
    metadata: { name: 'data', namespace: 'shop' },
    spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: k8s.Quantity.fromString('1Gi') } } },
  });
  new k8s.KubeStatefulSet(chart, 'Db', {
    metadata: { name: 'db', namespace: 'shop' },
    spec: {
      serviceName: 'db',
      selector: { matchLabels: { app: 'db' } },
      template: { metadata: { labels: { app: 'db' } }, spec: { containers: [{ name: 'db', image: 'postgres:16' }] } },
      volumeClaimTemplates: [
        {
          metadata: { name: 'pgdata' },
          spec: {
            storageClassName: 'local',
            accessModes: ['ReadWriteOnce'],
            resources: { requests: { storage: k8s.Quantity.fromString('10Gi') } },
          },
        },
      ],
    },
  });
  new k8s.KubeService(chart, 'DbSvc', {
    metadata: { name: 'db', namespace: 'shop' },
    spec: { selector: { app: 'db' }, ports: [{ port: 5432, targetPort: k8s.IntOrString.fromString('pg') }] },
  });
  return synthValid(chart);
}

describe('storage map', () => {
  test('each StorageClass with its SPBM policy or datastore and the claims that use it (a claim without a class uses the default)', () => {
    expect(storageClasses(storageObjects())).toEqual([
      {
        name: 'gold',
        isDefault: true,
        provisioner: 'csi.vsphere.vmware.com',
        storagePolicy: 'Gold Policy',
        datastoreUrl: undefined,
        fsType: 'xfs',
        reclaimPolicy: 'Delete',
        volumeBindingMode: 'Immediate',
        allowVolumeExpansion: true,
        usedBy: ['PersistentVolumeClaim shop/data'],
      },
      {
        name: 'local',
        isDefault: false,
        provisioner: 'csi.vsphere.vmware.com',
        storagePolicy: undefined,
        datastoreUrl: 'ds:///vmfs/volumes/abc/',
        fsType: 'ext4',
        reclaimPolicy: 'Retain',
        volumeBindingMode: 'WaitForFirstConsumer',
        allowVolumeExpansion: false,
        usedBy: ['StatefulSet shop/db claim pgdata'],
      },
      {
        name: 'shared',
        isDefault: false,
        provisioner: 'csi.vsphere.vmware.com',
        storagePolicy: 'vSAN File',
        datastoreUrl: undefined,
        fsType: 'nfs4',
        reclaimPolicy: 'Delete',
        volumeBindingMode: 'Immediate',
        allowVolumeExpansion: false,
        usedBy: [],
      },
    ]);
  });

  test('a vSphere snapshot class covers the block classes of its driver only (CNS snapshots are block-only)', () => {
    expect(snapshotClasses(storageObjects())).toEqual([
      { name: 'snaps', driver: 'csi.vsphere.vmware.com', deletionPolicy: 'Retain', isDefault: false, storageClasses: ['gold', 'local'] },
    ]);
    const md = renderStorageMap(storageObjects());
    expect(md).toContain(
      '| `gold` (default) | csi.vsphere.vmware.com | block | Gold Policy | (any compatible) | xfs | Delete | Immediate | yes | PersistentVolumeClaim shop/data |',
    );
    expect(md).toContain(
      '| `shared` | csi.vsphere.vmware.com | file | vSAN File | (any compatible) | nfs4 | Delete | Immediate | no | (none in the stack) |',
    );
    expect(md).toContain('| `snaps` | csi.vsphere.vmware.com | Retain | gold, local |');
    expect(renderStorageMap([])).toContain('_No StorageClasses in the stack._');
  });
});

describe('claims and snapshots', () => {
  function restoreObjects(): unknown[] {
    const chart = new Chart(Testing.app(), 'test');
    const external = VsphereStorageClass.fromStorageClassName(chart, 'Ext', 'team-gold');
    const snapClass = new VsphereVolumeSnapshotClass(chart, 'Snap', { name: 'snaps' });
    const snap = new VolumeSnapshot(chart, 'Backup', { name: 'db-backup', namespace: 'shop', source: 'db-data', snapshotClass: snapClass });
    new RestoredVolumeClaim(chart, 'Restore', { name: 'db-restored', snapshot: snap, storageClass: external, storage: '8Gi' });
    return synthValid(chart);
  }

  test('every claim with its class (in the stack or not), size, access modes and source', () => {
    expect(claims(storageObjects())).toEqual([
      { claim: 'PersistentVolumeClaim shop/data', storageClass: 'gold', inStack: true, size: '1Gi', accessModes: 'ReadWriteOnce' },
      { claim: 'StatefulSet shop/db claim pgdata', storageClass: 'local', inStack: true, size: '10Gi', accessModes: 'ReadWriteOnce' },
    ]);
    expect(claims(restoreObjects())).toEqual([
      {
        claim: 'PersistentVolumeClaim shop/db-restored',
        storageClass: 'team-gold',
        inStack: false,
        size: '8Gi',
        accessModes: 'ReadWriteOnce',
        source: 'VolumeSnapshot db-backup',
      },
    ]);
  });

  test('the storage section lists the claims and the VolumeSnapshots', () => {
    const md = renderStorageMap(restoreObjects());
    expect(md).toContain(
      '| PersistentVolumeClaim shop/db-restored | `team-gold` (not in the stack) | 8Gi | ReadWriteOnce | VolumeSnapshot db-backup |',
    );
    expect(md).toContain('| shop/db-backup | PersistentVolumeClaim db-data | `snaps` |');
    expect(renderStorageMap([])).toContain('_No volume claims in the stack._');
    expect(renderStorageMap([])).toContain('_No VolumeSnapshots in the stack._');
  });
});

describe('node pools', () => {
  test('one row per pool with hosts, IPs, labels and placement, and the totals', () => {
    const md = renderNodePools(defaultSolutionConfig().nodePools);
    expect(md).toContain(
      '| `worker` | worker | 2 | 4 | 16384 MiB | 100 GiB | worker-1 (172.16.0.21), worker-2 (172.16.0.22) | network-role=egress-gateway | ubuntu-2204-kube-template | VM Network | vsanDatastore | Cluster01 |',
    );
    expect(md).toContain('Total: 3 node(s), 12 vCPU, 40960 MiB memory.');
    expect(renderNodePools(undefined)).toContain('_No solution config given: node pools unknown._');
  });
});

describe('diagram', () => {
  test('namespaces hold their workloads and Services; a Service points at the workloads it selects; classes at their backend', () => {
    const g = buildDiagram(storageObjects());
    expect(toMermaid(g)).toBe(
      [
        'flowchart LR',
        '  subgraph g_ns_0["namespace shop"]',
        '    n1["StatefulSet<br/>db"]',
        '    n2("Service<br/>db")',
        '  end',
        '  subgraph g_storage["Storage (vSphere CSI)"]',
        '    n3("StorageClass<br/>gold (default)")',
        '    n5("StorageClass<br/>local")',
        '    n7("StorageClass<br/>shared")',
        '    n6[("vSphere CNS<br/>datastore ds:///vmfs/volumes/abc/")]',
        '    n4[("vSphere CNS<br/>policy Gold Policy")]',
        '    n8[("vSphere CNS<br/>policy vSAN File")]',
        '  end',
        '  n1 -.->|"volume"| n5',
        '  n2 -->|"TCP/5432→pg"| n1',
        '  n3 -.-> n4',
        '  n5 -.-> n6',
        '  n7 -.-> n8',
        '',
      ].join('\n'),
    );
    expect(toDot(g)).toContain('  n2 -> n1 [label="TCP/5432→pg"];\n');
    expect(toDot(g)).toContain('    n4 [label="vSphere CNS\\npolicy Gold Policy", shape=cylinder];\n');
  });

  test('the SVG is rendered offline by Graphviz (WASM) and is byte-identical for the same input', async () => {
    const files = await renderReviewReport(storageObjects());
    const again = await renderReviewReport(storageObjects());
    const svg = files.find((f) => f.path === 'solution.svg')!.content;
    expect(svg.startsWith('<?xml')).toBe(true);
    expect(svg).toContain('<svg');
    expect(svg).toContain('>StorageClass</text>');
    expect(svg).toContain('>policy Gold Policy</text>');
    expect(again).toEqual(files);
  });
});

describe('the report of the reference stack', () => {
  const config = defaultSolutionConfig();
  const objects = synthCharts(buildReferenceApp(path.join(tmpdir(), 'unused'), {}, config)).flatMap((c) => c.objects);

  test('lists its policies in evaluation order, its storage, node pools and the diagram', () => {
    const [md] = buildReviewReport(objects, { config });
    expect(md.path).toBe('README.md');
    const sections = md.content.split('\n').filter((l) => l.startsWith('## '));
    expect(sections).toEqual([
      '## Objects',
      '## Policies by tier (evaluation order)',
      '## Connectivity',
      '## Storage',
      '## Node pools',
      '## Diagram',
    ]);
    expect(md.content).toContain(
      '| 1 | securityops (100) | ClusterNetworkPolicy allow-kube-dns | 1 | pods{*} | egress | 0 `allow-dns` | Allow | group kube-dns | UDP/53, TCP/53 |',
    );
    expect(md.content).toContain(
      '| 6 | baseline (253) | ClusterNetworkPolicy baseline-namespace-isolation | 10 | ns{networking.vsphere-k8s.io/isolation=baseline} | ingress | 1 `drop-other-namespaces` | Drop | ns{*} | any |',
    );
    expect(md.content).toContain('| `vsphere-block` (default) | csi.vsphere.vmware.com | block | vSAN Default Storage Policy |');
    expect(md.content).toContain('    n13("Egress<br/>egress-prod-web<br/>pods{role=web} ns{env=prod}")');
    expect(md.content).toMatch(/ExternalIPPool<br\/>prod-external-ip-pool[^\n]*\n[\s\S]*n12 -.->\|"egress IPs on"\| n2/);
    expect(md.content).toContain('Cluster demo, Kubernetes v1.33.4, Antrea 2.7.0, 1 vCenter(s).');
    // demo-apps is isolated for ingress by its default-deny NetworkPolicy; the demo's nginx-allow-http admits HTTP to
    // nginx from anywhere (replica to replica too); the rest is open
    expect(md.content).toContain(
      '| 3 | Kubernetes NetworkPolicy | NetworkPolicy (k8s) demo-apps/nginx-allow-http |  | pods{app=nginx} in demo-apps | ingress | 0 | Allow | any | TCP/8080 |',
    );
    expect(md.content).toContain('| demo-apps/nginx | allow | allow | allow | allow | allow |');
    expect(md.content).toContain('| outside | allow | allow | allow | allow | allow |');
    expect(md.content).toContain(
      '| allow | allowed: ingress Allow by K8sNetworkPolicy demo-apps/nginx-allow-http ingress[0] | 6 | demo-apps/nginx → demo-apps/nginx TCP/8080 (http);',
    );
  });

  test('does not depend on the order of the objects (sorted everywhere, no timestamps)', () => {
    expect(buildReviewReport([...objects].reverse(), { config })).toEqual(buildReviewReport(objects, { config }));
  });

  test('writeReviewReport writes README.md, solution.dot and solution.svg', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'review-'));
    try {
      const written = await writeReviewReport(dir, objects, { config });
      expect(written.map((f) => path.relative(dir, f))).toEqual(['README.md', 'solution.dot', 'solution.svg']);
      expect(readdirSync(dir).sort()).toEqual(['README.md', 'solution.dot', 'solution.svg']);
      expect(readFileSync(path.join(dir, 'README.md'), 'utf8')).toBe(buildReviewReport(objects, { config })[0].content);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a repeat write keeps the SVG of an unchanged DOT and renders it again when the DOT changes', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'review-'));
    try {
      await writeReviewReport(dir, objects, { config });
      const svgFile = path.join(dir, 'solution.svg');
      const rendered = readFileSync(svgFile, 'utf8');
      expect(rendered).toMatch(/^<\?xml[\s\S]*<svg/);
      // a marker in place of the SVG: kept, because the DOT on disk is the one it would render
      writeFileSync(svgFile, 'marker');
      await writeReviewReport(dir, objects, { config });
      expect(readFileSync(svgFile, 'utf8')).toBe('marker');
      // a different solution: a new DOT, so the SVG is rendered again
      const fewer = objects.filter((o) => (o as { kind?: string }).kind !== 'StorageClass');
      await writeReviewReport(dir, fewer, { config });
      expect(readFileSync(path.join(dir, 'solution.dot'), 'utf8')).not.toBe(buildReviewReport(objects, { config })[1].content);
      expect(readFileSync(svgFile, 'utf8')).toMatch(/^<\?xml[\s\S]*<svg/);
      // and a missing SVG is rendered even when the DOT is unchanged
      rmSync(svgFile);
      await writeReviewReport(dir, fewer, { config });
      expect(readFileSync(svgFile, 'utf8')).toMatch(/^<\?xml[\s\S]*<svg/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
