import { mkdtempSync, readFileSync, rmSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'cdk8s';
import { buildLibraryStack } from '../../bench/generate';
import { blockCount, OBJECTS_PER_BLOCK, NODES_PER_BLOCK, stackPlan } from '../../bench/plan';
import { buildRawStack } from '../../bench/raw';
import { synthesize } from '../../lib/core/synth';
import { validateManifests, formatProblems, ManifestObject } from '../../lib/core/validation';

// The benchmark compares the library with hand-written cdk8s ApiObjects. The comparison is only fair if both sides
// produce the same objects: these tests prove it (no timing here).

describe('bench generator vs raw floor', () => {
  const N = 100;
  let lib: ManifestObject[];
  let raw: ManifestObject[];
  let nodes: number;

  beforeAll(() => {
    const libStack = buildLibraryStack(new App(), N);
    lib = libStack.chart.toJson();
    nodes = libStack.nodes.length;
    raw = buildRawStack(new App(), N).chart.toJson();
  });

  test('both sides build exactly N objects', () => {
    expect(lib).toHaveLength(N);
    expect(raw).toHaveLength(N);
  });

  test('the library objects and the raw objects are the same JSON, in the same order', () => {
    expect(JSON.stringify(raw)).toEqual(JSON.stringify(lib));
    expect(raw).toEqual(lib);
  });

  test('the mix holds every kind of the brief, in the documented proportions', () => {
    const count = (kind: string): number => lib.filter((o) => o.kind === kind).length;
    const blocks = N / OBJECTS_PER_BLOCK;
    expect({
      Namespace: count('Namespace'),
      ResourceQuota: count('ResourceQuota'),
      LimitRange: count('LimitRange'),
      NetworkPolicy: count('NetworkPolicy'),
      RoleBinding: count('RoleBinding'),
      ClusterGroup: count('ClusterGroup'),
      ClusterNetworkPolicy: count('ClusterNetworkPolicy'),
      ExternalIPPool: count('ExternalIPPool'),
      Egress: count('Egress'),
      StorageClass: count('StorageClass'),
    }).toEqual({
      Namespace: 2 * blocks,
      ResourceQuota: 2 * blocks,
      LimitRange: 2 * blocks,
      NetworkPolicy: 2 * blocks,
      RoleBinding: 2 * blocks,
      ClusterGroup: 3 * blocks,
      ClusterNetworkPolicy: 3 * blocks,
      ExternalIPPool: blocks,
      Egress: 2 * blocks,
      StorageClass: blocks,
    });
    const rules = lib
      .filter((o) => o.kind === 'ClusterNetworkPolicy')
      .map((o) => {
        const spec = o.spec as { ingress?: unknown[]; egress?: unknown[] };
        return (spec.ingress ?? []).length + (spec.egress ?? []).length;
      });
    expect(Math.min(...rules)).toBeGreaterThanOrEqual(3);
    expect(nodes).toBe(NODES_PER_BLOCK * blocks);
  });

  test('every object passes strict validation (the library side validates it at synth)', () => {
    const r = validateManifests(lib);
    expect(formatProblems(r.problems)).toBe('');
    expect(r.checked).toBe(N);
  });

  test('both sides write byte-identical YAML through the same writer', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'vkc-bench-test-'));
    try {
      const libApp = new App();
      buildLibraryStack(libApp, N);
      const rawApp = new App();
      buildRawStack(rawApp, N);
      const a = synthesize(libApp, { manifestsDir: path.join(dir, 'lib', 'manifests') });
      const b = synthesize(rawApp, { manifestsDir: path.join(dir, 'raw', 'manifests'), validate: false, preflight: { enabled: false } });
      expect(a.objectCount).toBe(N);
      expect(b.objectCount).toBe(N);
      expect(a.manifestFiles.map((f) => path.basename(f))).toEqual(b.manifestFiles.map((f) => path.basename(f)));
      expect(readFileSync(b.manifestFiles[0], 'utf8')).toEqual(readFileSync(a.manifestFiles[0], 'utf8'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('bench plan', () => {
  test('rounds the object count up to whole blocks', () => {
    expect(blockCount(1)).toBe(1);
    expect(blockCount(20)).toBe(1);
    expect(blockCount(21)).toBe(2);
    expect(blockCount(20000)).toBe(1000);
  });

  test('rejects sizes the address plan cannot hold', () => {
    expect(() => blockCount(0)).toThrow(/objects: got 0, expected a positive integer/);
    expect(() => blockCount(16384 * OBJECTS_PER_BLOCK + 1)).toThrow(/expected at most 327680/);
  });

  test('names and address ranges are unique across 20k objects', () => {
    const plans = stackPlan(20000);
    const unique = (xs: string[]): number => new Set(xs).size;
    expect(unique(plans.map((p) => p.tenant))).toBe(plans.length);
    expect(unique(plans.map((p) => p.poolRange))).toBe(plans.length);
    expect(unique(plans.map((p) => p.adminCidr))).toBe(plans.length);
    expect(unique(plans.map((p) => p.nodeStartAddress))).toBe(plans.length);
    expect(plans.filter((p) => p.isDefaultStorageClass)).toHaveLength(1);
  });
});
