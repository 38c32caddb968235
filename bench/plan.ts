/**
 * The synthetic stack shared by the library generator (bench/generate.ts) and the raw cdk8s floor (bench/raw.ts).
 *
 * The stack is made of identical "tenant blocks". Each block holds exactly {@link OBJECTS_PER_BLOCK} Kubernetes
 * objects, so a stack of N objects has N / 20 blocks:
 *
 * | objects | kind |
 * | ---: | --- |
 * | 2 | Namespace (`<t>-web`, `<t>-db`) with Pod Security labels |
 * | 2 | ResourceQuota `default-quota` (the db one with a per-StorageClass storage quota) |
 * | 2 | LimitRange `default-limits` |
 * | 2 | NetworkPolicy `default-deny-ingress` |
 * | 2 | RoleBinding of a directory group to `edit` / `view` |
 * | 3 | Antrea ClusterGroup (web Pods, db Pods, admin IP blocks) |
 * | 3 | Antrea ClusterNetworkPolicy with 3 to 5 rules each (web, db, tenant isolation) |
 * | 1 | Antrea ExternalIPPool (a 10-address range) |
 * | 2 | Antrea Egress (one with a fixed IP inside the pool, one allocated from it) |
 * | 1 | vSphere CSI StorageClass (block; ext4 or xfs; some with topology) |
 *
 * Each block also has a pool of {@link NODES_PER_BLOCK} node VM specs (static IPv4), which the library side resolves
 * and validates (`resolveNodePoolSpecs`, `checkNodeSpecsUnique`). Node VM specs are not Kubernetes objects: they
 * produce no manifest, so their cost is library-only work and counts as overhead.
 */

/** Kubernetes objects per tenant block. */
export const OBJECTS_PER_BLOCK = 20;

/** Node VM specs per tenant block. */
export const NODES_PER_BLOCK = 2;

/** The cluster name used for node VM names. */
export const BENCH_CLUSTER_NAME = 'bench';

/** The deterministic parameters of one tenant block. */
export interface BlockPlan {
  /** Block index (0-based). */
  readonly index: number;
  /** Tenant id, e.g. `t00042`. */
  readonly tenant: string;
  /** Web namespace name. */
  readonly webNamespace: string;
  /** Database namespace name. */
  readonly dbNamespace: string;
  /** Directory group bound to `edit` in the web namespace and `view` in the db namespace. */
  readonly group: string;
  /** Admin network CIDR (a /24 inside 10.0.0.0/8). */
  readonly adminCidr: string;
  /** ExternalIPPool range `a.b.c.10-a.b.c.19`. */
  readonly poolRange: string;
  /** Fixed Egress IP of the web Egress (inside the pool). */
  readonly egressIP: string;
  /** CNP priorities (1-10000). */
  readonly priorities: { readonly web: number; readonly db: number; readonly isolation: number };
  /** StorageClass name. */
  readonly storageClassName: string;
  /** StorageClass file system. */
  readonly fsType: 'ext4' | 'xfs';
  /** Storage policy name. */
  readonly storagePolicyName: string;
  /** Topology zones of the StorageClass (empty: no topology). */
  readonly zones: string[];
  /** Whether this block's StorageClass is the cluster default (block 0 only). */
  readonly isDefaultStorageClass: boolean;
  /** Node pool: first static IPv4 address and gateway. */
  readonly nodeStartAddress: string;
  /** Node pool gateway. */
  readonly nodeGateway: string;
}

/** Number of blocks for a requested object count (rounded up to whole blocks, at least 1). */
export function blockCount(objects: number): number {
  if (!Number.isInteger(objects) || objects < 1) throw new Error(`objects: got ${objects}, expected a positive integer`);
  const blocks = Math.ceil(objects / OBJECTS_PER_BLOCK);
  if (blocks > 16384) throw new Error(`objects: got ${objects}, expected at most ${16384 * OBJECTS_PER_BLOCK} (address plan limit)`);
  return blocks;
}

/** The parameters of block `i`. */
export function blockPlan(i: number): BlockPlan {
  const tenant = `t${String(i).padStart(5, '0')}`;
  const hi = i >> 8;
  const lo = i & 255;
  const pool = `100.${64 + hi}.${lo}`;
  const node = `10.${100 + hi}.${lo}`;
  return {
    index: i,
    tenant,
    webNamespace: `${tenant}-web`,
    dbNamespace: `${tenant}-db`,
    group: `sso:${tenant}-devs@corp.local`,
    adminCidr: `10.${hi}.${lo}.0/24`,
    poolRange: `${pool}.10-${pool}.19`,
    egressIP: `${pool}.10`,
    priorities: { web: 10 + (i % 1000), db: 1010 + (i % 1000), isolation: 1 + (i % 9999) },
    storageClassName: `${tenant}-block`,
    fsType: i % 3 === 0 ? 'xfs' : 'ext4',
    storagePolicyName: `${tenant} gold`,
    zones: i % 5 === 0 ? ['zone-a', 'zone-b'] : [],
    isDefaultStorageClass: i === 0,
    nodeStartAddress: `${node}.10`,
    nodeGateway: `${node}.1`,
  };
}

/** The plans of all blocks of a stack of (about) `objects` Kubernetes objects. */
export function stackPlan(objects: number): BlockPlan[] {
  return Array.from({ length: blockCount(objects) }, (_, i) => blockPlan(i));
}
