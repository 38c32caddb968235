import * as pulumi from '@pulumi/pulumi';
import { MockMonitor } from '@pulumi/pulumi/runtime/mocks';
import { fail } from '../core/errors';
import { apiGroupOf, ManifestObject } from '../core/validation';
import { ManifestPlan, PlannedObject } from './manifest-plan';
import { ReplacementOptions } from './replacement';

/** How {@link Cdk8sDeployment} registers the objects with Pulumi. */
export enum RegistrationMode {
  /**
   * One Pulumi resource per object (typed `@pulumi/kubernetes` classes, `CustomResource` for custom kinds), under
   * one component per chart. Every Pulumi option works per object: `getResource`, transforms that change resource
   * options, per-object `dependsOn`. The program registers every object itself, which costs about 1 ms of CPU and
   * 0.13 MB per object in `@pulumi/pulumi` (5,000 objects: several seconds and several hundred MB).
   */
  PER_OBJECT = 'per-object',
  /**
   * One `kubernetes:yaml/v2:ConfigGroup` per chart: the program sends each chart's objects to the Kubernetes
   * provider, which registers one resource per object on its side (in the provider process). The program pays
   * Pulumi's per-resource cost once per chart, not once per object. Charts wait for the charts they depend on (one `dependsOn` per chart edge); inside a
   * chart the provider orders Namespaces and CRDs itself and follows a `config.kubernetes.io/depends-on` annotation
   * that the deployment adds for the other dependencies. No per-object resources in the program: `getResource` and
   * transforms that change resource options are refused.
   */
  PER_CHART = 'per-chart',
}

/** The annotation the provider's yaml/v2 components read for explicit ordering inside one group. @internal */
export const DEPENDS_ON_ANNOTATION = 'config.kubernetes.io/depends-on';

/**
 * The reference to one object in a `config.kubernetes.io/depends-on` annotation (the cli-utils format the provider
 * reads): `<group>/namespaces/<namespace>/<kind>/<name>` for an object with a namespace, `<group>/<kind>/<name>`
 * without one; the core group is the empty string.
 * @internal
 */
export function dependsOnReference(m: ManifestObject): string {
  const group = apiGroupOf(String(m.apiVersion));
  const ns = m.metadata?.namespace;
  const name = String(m.metadata?.name);
  return typeof ns === 'string' ? `${group}/namespaces/${ns}/${String(m.kind)}/${name}` : `${group}/${String(m.kind)}/${name}`;
}

/** True when yaml/v2 orders `to` before `from` by itself: `to` is the Namespace of `from`, or the CRD of its kind. */
function impliedByProvider(from: ManifestObject, to: ManifestObject): boolean {
  if (to.apiVersion === 'v1' && to.kind === 'Namespace') return from.metadata?.namespace === to.metadata?.name;
  if (to.kind === 'CustomResourceDefinition') {
    const spec = (to as { spec?: { group?: string; names?: { kind?: string } } }).spec;
    return spec?.group === apiGroupOf(String(from.apiVersion)) && spec?.names?.kind === from.kind;
  }
  return false;
}

/** The per-chart registration plan: the order of the charts' groups, what each waits for, and the in-chart annotations. @internal */
export interface ChartGroupPlan {
  /** Chart indexes in registration order (every chart after the charts it waits for). */
  readonly order: number[];
  /** Per chart index: the chart indexes whose groups it depends on directly (sorted, without transitive ones). */
  readonly dependsOn: number[][];
  /** Per object resource name: the `config.kubernetes.io/depends-on` references it needs (in-chart edges only). */
  readonly annotations: Map<string, string[]>;
}

/**
 * Turns a {@link ManifestPlan} into per-chart groups:
 * - a chart's group depends on the charts its chart depends on, and on the charts of the objects its objects depend
 *   on across charts (a Namespace or CRD in a chart it does not depend on), reduced transitively: at most one edge
 *   per pair of charts, none per object;
 * - an in-chart edge becomes a `config.kubernetes.io/depends-on` reference, unless the provider orders the pair by
 *   itself (an object's own Namespace, the CRD of its kind).
 * Throws (naming `scope`) when the chart groups would wait for each other in a cycle (objects of two charts each
 * needing the other).
 * @internal
 */
export function planChartGroups(plan: ManifestPlan, scope = 'planChartGroups'): ChartGroupPlan {
  const n = plan.charts.length;
  const byName = new Map<string, PlannedObject>();
  for (const o of plan.objects) byName.set(o.resourceName, o);
  const direct: Array<Set<number>> = Array.from({ length: n }, () => new Set<number>());
  const annotations = new Map<string, string[]>();
  plan.chartDependencies.forEach((deps, c) => deps.forEach((d) => direct[c].add(d)));
  for (const o of plan.objects) {
    const refs: string[] = [];
    for (const d of o.dependsOn) {
      const target = byName.get(d)!;
      if (target.chartIndex !== o.chartIndex) direct[o.chartIndex].add(target.chartIndex);
      else if (!impliedByProvider(o.manifest, target.manifest)) refs.push(dependsOnReference(target.manifest));
    }
    if (refs.length > 0) annotations.set(o.resourceName, refs);
  }

  // Kahn's algorithm over the charts, lowest chart index first among the ready ones (the plan's chart order).
  const pending = direct.map((s) => s.size);
  const dependants: number[][] = Array.from({ length: n }, () => []);
  direct.forEach((deps, c) => deps.forEach((d) => dependants[d].push(c)));
  const ready: number[] = [];
  pending.forEach((p, c) => p === 0 && ready.push(c));
  const order: number[] = [];
  while (ready.length > 0) {
    ready.sort((a, b) => a - b);
    const c = ready.shift()!;
    order.push(c);
    for (const x of dependants[c]) if (--pending[x] === 0) ready.push(x);
  }
  if (order.length < n) {
    const stuck = plan.charts.filter((_, c) => pending[c] > 0);
    fail(
      scope,
      'registration per chart: charts that wait for each other',
      stuck,
      'charts whose objects do not need each other in a cycle (per-chart registration orders whole charts: move the shared Namespace or CRD into a chart both depend on, or use RegistrationMode.PER_OBJECT)',
    );
  }

  // Transitive reduction (charts are few): drop a dependency reached through another one.
  const closure: Array<Set<number>> = new Array(n);
  for (const c of order) {
    const all = new Set<number>();
    for (const d of direct[c]) {
      all.add(d);
      for (const x of closure[d]) all.add(x);
    }
    closure[c] = all;
  }
  const dependsOn = direct.map((deps) => {
    const list = [...deps];
    return list.filter((d) => !list.some((other) => other !== d && closure[other].has(d))).sort((a, b) => a - b);
  });
  return { order, dependsOn, annotations };
}

/** A copy of `m` with `refs` added to its `config.kubernetes.io/depends-on` annotation (after any it already has). @internal */
export function withDependsOnAnnotation(m: ManifestObject, refs: readonly string[]): ManifestObject {
  const meta = (m.metadata ?? {}) as Record<string, unknown>;
  const annotations = (meta.annotations ?? {}) as Record<string, string>;
  const existing = annotations[DEPENDS_ON_ANNOTATION];
  const value = [...new Set([...(existing ? existing.split(',').map((s) => s.trim()) : []), ...refs])].join(',');
  return Object.assign({}, m, {
    metadata: Object.assign({}, meta, { annotations: Object.assign({}, annotations, { [DEPENDS_ON_ANNOTATION]: value }) }),
  });
}

/** The key of an object in {@link replacementTransform}'s table: apiVersion, kind, namespace (or '') and name. */
function objectKey(apiVersion: unknown, kind: unknown, namespace: unknown, name: unknown): string {
  return JSON.stringify([apiVersion, kind, typeof namespace === 'string' ? namespace : '', name]);
}

/**
 * A Pulumi resource transform (the `transforms` resource option) for a chart's ConfigGroup: the engine calls it for
 * every resource the provider registers under the group, and it sets `replaceOnChanges` and `deleteBeforeReplace` on
 * the objects that need them (see `replacementOptionsFor`), found by apiVersion, kind, namespace and name. An object
 * without a namespace in the chart matches whatever namespace the provider gave it (its default namespace).
 * Returns undefined (no change) for every other resource.
 * @internal
 */
export function replacementTransform(
  entries: ReadonlyArray<{ manifest: ManifestObject; replacement: ReplacementOptions }>,
): pulumi.ResourceTransform {
  const table = new Map<string, ReplacementOptions>();
  for (const e of entries) {
    const meta = e.manifest.metadata ?? {};
    table.set(objectKey(e.manifest.apiVersion, e.manifest.kind, meta.namespace, meta.name), e.replacement);
  }
  return (args) => {
    if (!args.custom) return undefined;
    const props = args.props as { apiVersion?: unknown; kind?: unknown; metadata?: { name?: unknown; namespace?: unknown } };
    const meta = props.metadata ?? {};
    const r =
      table.get(objectKey(props.apiVersion, props.kind, meta.namespace, meta.name)) ??
      table.get(objectKey(props.apiVersion, props.kind, undefined, meta.name));
    if (!r) return undefined;
    const replaceOnChanges = [...new Set([...(args.opts.replaceOnChanges ?? []), ...r.replaceOnChanges])];
    return { props: args.props, opts: Object.assign({}, args.opts, { replaceOnChanges, deleteBeforeReplace: r.deleteBeforeReplace }) };
  };
}

/**
 * The objects of one chart as the `yaml` input of a ConfigGroup: one JSON document per line, in order (the
 * provider's YAML-or-JSON decoder reads a stream of JSON documents). A plain string when no object holds a
 * `pulumi.Input`; otherwise an Output (secret when any input is: a Secret's data stays a Pulumi secret). Sending text
 * instead of `objs` halves the program's CPU time and memory at 5,000 objects: one string is serialized for the
 * engine instead of a protobuf Struct of every field of every object.
 * @internal
 */
export function jsonStream(objects: ReadonlyArray<{ value: Record<string, unknown>; inputs: boolean }>): pulumi.Input<string> {
  const parts = objects.map((o) => (o.inputs ? pulumi.output(o.value).apply((v) => JSON.stringify(v)) : JSON.stringify(o.value)));
  if (parts.every((p): p is string => typeof p === 'string')) return parts.join('\n');
  return pulumi.all(parts).apply((list) => list.join('\n'));
}

/**
 * The `transforms` resource option of one chart's group: the {@link replacementTransform} of its objects that need
 * one, or undefined when none does, or when `monitor` is the mock monitor of `pulumi.runtime.setMocks` (it refuses
 * the option, and the provider, which would register the objects the transform acts on, does not run there).
 * @internal
 */
export function replacementTransforms(
  entries: ReadonlyArray<{ manifest: ManifestObject; replacement: ReplacementOptions }>,
  monitor: unknown,
): pulumi.ResourceTransform[] | undefined {
  if (entries.length === 0 || monitor instanceof MockMonitor) return undefined;
  return [replacementTransform(entries)];
}
