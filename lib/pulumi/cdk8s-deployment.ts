import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { App, Chart } from 'cdk8s';
import { findSecretPlaceholders, substituteSecretPlaceholders } from '../core/secret-value';
import { assertValidManifests, ManifestObject, ValidateManifestsOptions } from '../core/validation';
import { ManifestPlan, planManifests, PlannedObject } from './manifest-plan';
import { PreflightSettings, runPreflight } from '../core/preflight-run';
import { validationOptionsFor } from '../core/synth';
import { replacementOptionsFor, ReplacementOptions } from './replacement';
import { jsonStream, planChartGroups, RegistrationMode, replacementTransforms, withDependsOnAnnotation } from './chart-groups';

/** The Pulumi type token of {@link Cdk8sDeployment}. @internal */
export const CDK8S_DEPLOYMENT_TOKEN = 'vsphere-k8s:index:Cdk8sDeployment';
/** The Pulumi type token of the per-chart component that parents a chart's objects. @internal */
export const CDK8S_CHART_TOKEN = 'vsphere-k8s:index:Cdk8sChart';

/** What a {@link ManifestTransform} may return instead of changing its arguments in place. */
export interface ManifestTransformResult {
  /**
   * The object to register instead (same apiVersion, kind, namespace and name).
   * @default - the (possibly changed) object the transform was given
   */
  readonly manifest?: Record<string, any>;
  /**
   * The resource options to use instead.
   * @default - the (possibly changed) options the transform was given
   */
  readonly opts?: pulumi.CustomResourceOptions;
}

/**
 * A per-object transform of {@link Cdk8sDeployment}: called once per object, in registration order, with a private
 * deep copy of the object's JSON (it may change it in place, and put `pulumi.Input`s into it), the resource options
 * the adapter computed (`parent`, and `replaceOnChanges` / `deleteBeforeReplace` for kinds with immutable fields;
 * `dependsOn` starts as an empty list: resources pushed there are added to the computed dependencies; `parent` is
 * always the chart's component, whatever the transform sets) and the stable resource name.
 * Return nothing to keep the (changed) arguments, or `{ manifest, opts }` to replace either. With
 * `registration: RegistrationMode.PER_CHART` the options (no `parent`; `dependsOn` empty; the replacement options)
 * are for reading only: changing them is an error, since no resource is registered per object.
 */
export type ManifestTransform = (
  manifest: Record<string, any>,
  opts: pulumi.CustomResourceOptions,
  resourceName: string,
) => void | ManifestTransformResult;

/** Arguments of {@link Cdk8sDeployment}. */
export interface Cdk8sDeploymentArgs {
  /** The cdk8s App (all its charts, in dependency order), one Chart, or a list of Charts. */
  readonly source: App | Chart | readonly Chart[];
  /**
   * Values for the deploy-time secret placeholders (`SecretValue.deployTime(key)`) found in Secret objects, e.g.
   * `{ 'vsphere-password': new pulumi.Config().requireSecret('vspherePassword') }`. Every placeholder must have a value.
   * @default - no values; a Secret with a placeholder is an error
   */
  readonly secretValues?: Record<string, pulumi.Input<string>>;
  /**
   * A prefix for every resource name, to deploy the same objects to two clusters from one stack.
   * @default '' (resource names are `<apiVersion>:<kind>:[<namespace>/]<name>`)
   */
  readonly resourcePrefix?: string;
  /**
   * Validate every object strictly against the bundled schemas before registering anything.
   * @default true
   */
  readonly validate?: boolean;
  /**
   * Options of the validation: the cluster's `kubernetesVersion` (picks the schema minor), user `crds`, and
   * `allowUnknownKinds` (see {@link ValidateManifestsOptions}).
   * @default - the default schema minor (1.33), strict, no unknown kinds
   */
  readonly validation?: ValidateManifestsOptions;
  /**
   * The preflight run after validation, as in `synthesize()`: Pod Security admission, scheduling on the declared
   * nodes, CRDs and mounted files, with the facts of the App's `ClusterModel`. Errors fail `pulumi preview`.
   * @default - on, all checks
   */
  readonly preflight?: PreflightSettings;
  /**
   * Add the `pulumi.com/skipAwait: "true"` annotation to Services, so that `pulumi up` does not wait for a
   * LoadBalancer address that an on-prem cluster without an LB provider never assigns.
   * @default false
   */
  readonly skipAwaitServices?: boolean;
  /**
   * Per-object transforms, applied in order to each object after validation and the preflight, before the
   * deploy-time secret checks and registration (see {@link ManifestTransform}). The transformed objects are not
   * validated again: they may hold `pulumi.Input`s that only resolve at deploy time, so keeping them schema-valid is
   * the transform's responsibility. A transform may not change `apiVersion`, `kind`, `metadata.name` or
   * `metadata.namespace` (the resource name and the dependencies come from them); that is an error.
   * @default - none
   */
  readonly transforms?: readonly ManifestTransform[];
  /**
   * How the objects are registered with Pulumi.
   *
   * - {@link RegistrationMode.PER_OBJECT}: one Pulumi resource per object in this program, under one component per
   *   chart. Everything per object works (`getResource`, `resources`, transforms that change resource options).
   * - {@link RegistrationMode.PER_CHART}: one `kubernetes:yaml/v2:ConfigGroup` per chart (a component the Kubernetes
   *   provider implements, `@pulumi/kubernetes` >= 4.10), parent = this deployment, `dependsOn` = the groups of the
   *   charts it depends on (one edge per chart edge: linear for any chart graph), `resourcePrefix` = this
   *   deployment's `resourcePrefix`, and the chart's objects in plan order as its `yaml` input: JSON, one document
   *   per line (the provider's YAML-or-JSON decoder reads it; one string costs the program half the CPU and memory
   *   of the same objects as `objs`). The provider registers one resource per object on its side, so the program's
   *   cost no longer grows with Pulumi's per-resource overhead (5,000 objects under mocks: see bench/README.md).
   *   Trade-offs:
   *   - inside a chart the provider installs Namespaces and CRDs first by itself; every other dependency (cdk8s
   *     `addDependency`) is sent as a `config.kubernetes.io/depends-on` annotation, which stays on the deployed object
   *     in the cluster like any annotation (a dependency on a namespaced object without `metadata.namespace` fails
   *     the preview in the provider: give it a namespace);
   *   - the Pulumi resources are the provider's: `<type>::[<resourcePrefix>:][<namespace>/]<name>` under the group,
   *     not `<apiVersion>:<kind>:...` under a chart component. Switching an existing stack between the modes is a
   *     delete and a create of every object (a live outage, and for a CRD the loss of its objects) unless you add
   *     `aliases` yourself; this class emits none. Pick the mode when the stack is created;
   *   - `replaceOnChanges` / `deleteBeforeReplace` for kinds with immutable fields (`replacementOptionsFor`) are set
   *     by a Pulumi `transforms` resource option on the group, which the engine calls for each object the provider
   *     registers. The mock monitor of `pulumi.runtime.setMocks` refuses that option and creates no provider
   *     objects, so under mocks the group is registered without it;
   *   - `resources` is empty and `getResource` throws (the program holds no resource per object): put a group of
   *     {@link Cdk8sDeployment.chartGroups} in `dependsOn` instead; `transforms` may change the objects (Inputs
   *     included) but not the resource options (an error names the object, the option and its value);
   *   - charts whose objects need each other (a Namespace or CRD in a chart that in turn needs the other chart) are
   *     an error: the groups would wait for each other.
   * @default RegistrationMode.PER_OBJECT
   */
  readonly registration?: RegistrationMode;
}

function moduleFor(group: string): string | undefined {
  if (group === '') return 'core';
  if (['apps', 'batch', 'policy', 'autoscaling'].includes(group)) return group;
  if (group.endsWith('.k8s.io')) return group.split('.')[0];
  return undefined;
}

type ResourceCtor = new (name: string, args: any, opts?: pulumi.CustomResourceOptions) => pulumi.CustomResource;

/** The @pulumi/kubernetes class for a built-in kind, or CustomResource for CRD kinds. */
function classFor(apiVersion: string, kind: string): ResourceCtor {
  const slash = apiVersion.lastIndexOf('/');
  const group = slash < 0 ? '' : apiVersion.slice(0, slash);
  const version = apiVersion.slice(slash + 1);
  const mod = moduleFor(group);
  const typed = mod ? (k8s as any)[mod]?.[version]?.[kind] : undefined;
  return (typeof typed === 'function' ? typed : k8s.apiextensions.CustomResource) as ResourceCtor;
}

/** A shallow copy of resource options, arrays copied, to find what a transform changed. */
function optionsSnapshot(opts: pulumi.CustomResourceOptions): Record<string, unknown> {
  return Object.fromEntries(Object.entries(opts).map(([k, v]) => [k, Array.isArray(v) ? [...v] : v]));
}

/** The first option that differs from the snapshot (an added, removed or changed key, or a changed array element). */
function changedOption(
  before: Record<string, unknown>,
  after: pulumi.CustomResourceOptions,
): { option: string; value: string } | undefined {
  const keys = new Set([...Object.keys(after), ...Object.keys(before)]); // added or changed options first
  for (const k of keys) {
    const a = before[k];
    const b = (after as Record<string, unknown>)[k];
    const same = Array.isArray(a) && Array.isArray(b) ? a.length === b.length && a.every((x, i) => x === b[i]) : a === b;
    if (!same) {
      let value: string;
      try {
        value =
          Array.isArray(b) && b.some((x) => pulumi.Resource.isInstance(x)) ? `${b.length} resources` : (JSON.stringify(b) ?? 'undefined');
      } catch {
        value = String(b);
      }
      return { option: k, value };
    }
  }
  return undefined;
}

function base64(s: string): string {
  return Buffer.from(s, 'utf8').toString('base64');
}

/** Groups the objects of one chart, so that a chart-level dependency can wait for the whole chart. */
class Cdk8sChartComponent extends pulumi.ComponentResource {
  public constructor(name: string, opts: pulumi.ComponentResourceOptions) {
    super(CDK8S_CHART_TOKEN, name, {}, opts);
    this.registerOutputs({});
  }
}

/**
 * Deploys cdk8s charts through `@pulumi/kubernetes`: the same objects `cdk8s synth` writes, one Pulumi resource per
 * object, so every construct of this library gets `pulumi up` support without a second implementation. With
 * `registration: RegistrationMode.PER_CHART` each chart is one `yaml/v2` ConfigGroup instead and the provider
 * registers the objects (see {@link Cdk8sDeploymentArgs.registration}); the list below describes the default.
 *
 * - Resource names are stable: `<apiVersion>:<kind>:[<namespace>/]<name>`.
 * - Namespaces and CRDs are registered first; namespaced objects depend on their Namespace, custom objects on their
 *   CRD; cdk8s `addDependency` edges become `dependsOn`; a chart that depends on another chart waits for all of it,
 *   through one empty `yaml/v2` ConfigGroup per depended-on chart (`<name>:<chart>:done`, a barrier that waits for
 *   every object of that chart), so the dependency edges stay linear for any chart graph.
 * - Secret `data`/`stringData` are Pulumi secrets (never plaintext in state or outputs); deploy-time placeholders are
 *   filled from `secretValues`, and `stringData` is sent base64-encoded as `data` so that it does not diff forever.
 * - `provider` and the other resource options pass through to every object.
 * - Only direct `dependsOn` edges are listed (see `planManifests`); kinds with fields that cannot be updated get
 *   `replaceOnChanges` and `deleteBeforeReplace` (`IMMUTABLE_FIELDS`); `transforms` change objects and options
 *   on the way; {@link getResource} finds an object's resource by group/version/kind, namespace and name.
 */
export class Cdk8sDeployment extends pulumi.ComponentResource {
  /** The resource of each object, by stable resource name. */
  public readonly resources: Record<string, pulumi.CustomResource>;
  /**
   * The stable resource names, in registration order. With {@link RegistrationMode.PER_CHART} these name the objects
   * (same format), not Pulumi resources: the provider names those.
   */
  public readonly resourceNames: string[];
  /**
   * With {@link RegistrationMode.PER_CHART}: the ConfigGroup of each chart, by chart path (put one in `dependsOn` to
   * wait for every object of the chart). Empty with {@link RegistrationMode.PER_OBJECT}.
   */
  public readonly chartGroups: Record<string, k8s.yaml.v2.ConfigGroup>;
  /** How the objects were registered. */
  public readonly registration: RegistrationMode;
  private readonly resourcePrefix: string;
  private readonly deploymentName: string;
  private readonly manifestsByName: Map<string, ManifestObject>;

  public constructor(name: string, args: Cdk8sDeploymentArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super(CDK8S_DEPLOYMENT_TOKEN, name, {}, opts);
    const plan = planManifests(args.source, args.resourcePrefix ?? '');
    const manifests = plan.objects.map((o) => o.manifest);
    const first = args.source instanceof App || args.source instanceof Chart ? args.source : args.source[0];
    if (args.validate ?? true) {
      assertValidManifests(manifests, first ? validationOptionsFor(first, args.validation) : args.validation);
    }
    if (first) runPreflight(first, manifests, args.preflight);
    const secretValues = args.secretValues ?? {};
    const transforms = args.transforms ?? [];
    this.registration = args.registration ?? RegistrationMode.PER_OBJECT;
    this.deploymentName = name;
    this.chartGroups = {};
    this.resources = {};
    this.manifestsByName = new Map();
    this.resourcePrefix = args.resourcePrefix ?? '';
    this.resourceNames = plan.objects.map((o) => o.resourceName);
    if (this.registration === RegistrationMode.PER_CHART) {
      this.registerPerChart(name, plan, args, transforms, secretValues);
      this.registerOutputs({ resourceNames: this.resourceNames });
      return;
    }
    if (this.registration !== RegistrationMode.PER_OBJECT) {
      throw new pulumi.ResourceError(
        `${name}: registration: got ${JSON.stringify(this.registration)}, expected RegistrationMode.PER_OBJECT ('per-object') or RegistrationMode.PER_CHART ('per-chart')`,
        this,
      );
    }

    const chartComponents = plan.charts.map((path) => new Cdk8sChartComponent(`${name}:${path}`, { parent: this }));
    const prepared: Array<{ o: PlannedObject; manifest: ManifestObject; opts: pulumi.CustomResourceOptions }> = [];
    for (const o of plan.objects) {
      const replacement = replacementOptionsFor(o.manifest);
      let opts: pulumi.CustomResourceOptions = {
        parent: chartComponents[o.chartIndex],
        dependsOn: [], // the computed dependencies are added at registration, after what a transform put here
      };
      if (replacement) opts = Object.assign(opts, replacement, { replaceOnChanges: [...replacement.replaceOnChanges] });
      let manifest = o.manifest;
      if (transforms.length > 0) {
        const t = this.transform(name, o, transforms, opts);
        manifest = t.manifest;
        opts = t.opts;
      }
      prepared.push({ o, manifest, opts });
    }
    this.checkPlaceholders(
      name,
      prepared.map((p) => ({ resourceName: p.o.resourceName, manifest: p.manifest })),
      Object.keys(secretValues),
    );

    // Pulumi captures and formats a stack trace for every promise it creates while it registers a resource (about 30
    // per object: its leak diagnostics) and for an error it might raise later; at 5,000 objects that was a third of the
    // CPU time and 150 MB. Registration runs no user code (the transforms ran above), and Pulumi's resource source
    // position (its `callsites()`) raises the limit itself, so the traces are left out while the objects register.
    const stackTraceLimit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
      this.registerAll(name, plan, prepared, chartComponents, secretValues, args.skipAwaitServices ?? false);
    } finally {
      Error.stackTraceLimit = stackTraceLimit;
    }
    this.registerOutputs({ resourceNames: this.resourceNames });
  }

  /**
   * {@link RegistrationMode.PER_CHART}: one ConfigGroup per chart, in an order where each chart comes after the
   * charts it waits for. The objects go through the same transforms, placeholder checks and `prepare` as per object.
   */
  private registerPerChart(
    name: string,
    plan: ManifestPlan,
    args: Cdk8sDeploymentArgs,
    transforms: readonly ManifestTransform[],
    secretValues: Record<string, pulumi.Input<string>>,
  ): void {
    const groups = planChartGroups(plan, name);
    const prepared: Array<{ o: PlannedObject; manifest: ManifestObject; replacement: ReplacementOptions | undefined }> = [];
    for (const o of plan.objects) {
      const replacement = replacementOptionsFor(o.manifest);
      let manifest = o.manifest;
      if (transforms.length > 0) {
        const initial: pulumi.CustomResourceOptions = replacement
          ? { dependsOn: [], replaceOnChanges: [...replacement.replaceOnChanges], deleteBeforeReplace: replacement.deleteBeforeReplace }
          : { dependsOn: [] };
        const snapshot = optionsSnapshot(initial);
        const t = this.transform(name, o, transforms, initial);
        const changed = changedOption(snapshot, t.opts);
        if (changed) {
          throw new pulumi.ResourceError(
            `${name}: ${o.resourceName}: a transform set the resource option ${changed.option} to ${changed.value} with registration RegistrationMode.PER_CHART (expected the options unchanged: the provider registers each object, so a transform may only change the object; use RegistrationMode.PER_OBJECT for per-object options)`,
            this,
          );
        }
        manifest = t.manifest;
      }
      prepared.push({ o, manifest, replacement });
    }
    this.checkPlaceholders(
      name,
      prepared.map((p) => ({ resourceName: p.o.resourceName, manifest: p.manifest })),
      Object.keys(secretValues),
    );

    const byChart: Array<typeof prepared> = plan.charts.map(() => []);
    for (const p of prepared) byChart[p.o.chartIndex].push(p);
    const monitor = pulumi.runtime.getMonitor();
    const skipAwait = args.skipAwaitServices ?? false;
    const created: k8s.yaml.v2.ConfigGroup[] = new Array(plan.charts.length);
    for (const c of groups.order) {
      const objects = byChart[c].map((p) => {
        const refs = groups.annotations.get(p.o.resourceName);
        const manifest = refs ? withDependsOnAnnotation(p.manifest, refs) : p.manifest;
        const isSecret = manifest.apiVersion === 'v1' && manifest.kind === 'Secret';
        // A Secret's data is an Output (a Pulumi secret); a transform may have put Inputs anywhere.
        return { value: this.prepare(manifest, secretValues, skipAwait), inputs: isSecret || transforms.length > 0 };
      });
      const opts: pulumi.ComponentResourceOptions = { parent: this, dependsOn: groups.dependsOn[c].map((d) => created[d]) };
      const replaced = byChart[c].flatMap((p) => (p.replacement ? [{ manifest: p.manifest, replacement: p.replacement }] : []));
      const groupTransforms = replacementTransforms(replaced, monitor);
      if (groupTransforms) opts.transforms = groupTransforms;
      created[c] = new k8s.yaml.v2.ConfigGroup(
        `${name}:${plan.charts[c]}`,
        { yaml: jsonStream(objects), resourcePrefix: this.resourcePrefix },
        opts,
      );
      this.chartGroups[plan.charts[c]] = created[c];
    }
  }

  private registerAll(
    name: string,
    plan: ManifestPlan,
    prepared: Array<{ o: PlannedObject; manifest: ManifestObject; opts: pulumi.CustomResourceOptions }>,
    chartComponents: Cdk8sChartComponent[],
    secretValues: Record<string, pulumi.Input<string>>,
    skipAwaitServices: boolean,
  ): void {
    const chartResources: pulumi.Resource[][] = plan.charts.map(() => []);
    // A chart dependency waits on one "done" barrier per chart: an empty yaml/v2 ConfigGroup that depends on every
    // object of the chart. It is a remote
    // component, so Pulumi takes a dependency on it as one edge; a dependency on the chart's own component would be
    // expanded into one edge per object of the chart for every dependent object (quadratic across charts, issue 15).
    const barriers = new Map<number, pulumi.Resource>();
    const barrierOf = (c: number): pulumi.Resource => {
      let b = barriers.get(c);
      if (!b) {
        b = new k8s.yaml.v2.ConfigGroup(
          `${name}:${plan.charts[c]}:done`,
          { objs: [] },
          // an empty chart passes on the charts it depends on (its objects would otherwise wait for them)
          {
            parent: chartComponents[c],
            dependsOn: chartResources[c].length > 0 ? chartResources[c] : plan.chartDependencies[c].map(barrierOf),
          },
        );
        barriers.set(c, b);
      }
      return b;
    };
    for (const { o, manifest, opts } of prepared) {
      const Ctor = classFor(String(manifest.apiVersion), String(manifest.kind));
      const computed: pulumi.Resource[] = [
        ...o.dependsOn.map((d) => {
          const r = this.resources[d];
          if (!r) throw new Error(`internal: ${o.resourceName} depends on ${d}, which is not registered yet`);
          return r;
        }),
        ...o.chartDependsOn.map(barrierOf),
      ];
      const extra = opts.dependsOn;
      const userDeps = extra === undefined ? [] : Array.isArray(extra) ? extra : [extra];
      const finalOpts = Object.assign({}, opts, {
        parent: chartComponents[o.chartIndex],
        dependsOn: [...computed, ...(userDeps as pulumi.Input<pulumi.Resource>[])],
      });
      const resource = new Ctor(o.resourceName, this.prepare(manifest, secretValues, skipAwaitServices), finalOpts);
      this.resources[o.resourceName] = resource;
      chartResources[o.chartIndex].push(resource);
      this.manifestsByName.set(o.resourceName, manifest);
    }
  }

  /**
   * The resource of one object, by group/version/kind (as Pulumi's `ConfigGroup.getResource`: `"apps/v1/Deployment"`,
   * `"v1/ConfigMap"`, `"crd.antrea.io/v1beta1/Tier"`), namespace and name; leave the namespace out for cluster-scoped
   * objects. Unlike `ConfigGroup`, the resource itself is returned (the objects are registered synchronously), so it
   * can go straight into `dependsOn`. Throws naming close matches when the object is not part of this deployment.
   */
  public getResource<T extends pulumi.CustomResource = pulumi.CustomResource>(groupVersionKind: string, name: string): T;
  public getResource<T extends pulumi.CustomResource = pulumi.CustomResource>(groupVersionKind: string, namespace: string, name: string): T;
  public getResource<T extends pulumi.CustomResource = pulumi.CustomResource>(groupVersionKind: string, a: string, b?: string): T {
    if (this.registration === RegistrationMode.PER_CHART) {
      throw new Error(
        `${this.deploymentName}: getResource(${JSON.stringify(groupVersionKind)}): registration is RegistrationMode.PER_CHART, where the provider registers the objects and the program holds no resource per object (expected RegistrationMode.PER_OBJECT; to wait for an object, depend on its chart's group in chartGroups)`,
      );
    }
    const [namespace, objectName] = b === undefined ? [undefined, a] : [a, b];
    const slash = groupVersionKind.lastIndexOf('/');
    const apiVersion = slash < 0 ? '' : groupVersionKind.slice(0, slash);
    const kind = groupVersionKind.slice(slash + 1);
    const key = `${this.resourcePrefix}${apiVersion}:${kind}:${namespace === undefined ? '' : `${namespace}/`}${objectName}`;
    const found = this.resources[key];
    if (found) return found as T;
    const wanted = `${groupVersionKind} ${namespace === undefined ? '' : `${namespace}/`}${objectName}`;
    if (slash < 0 || apiVersion === '')
      throw new Error(
        `getResource(${JSON.stringify(groupVersionKind)}): expected "<group>/<version>/<Kind>" or "v1/<Kind>", e.g. "apps/v1/Deployment"`,
      );
    const close = this.closeMatches(apiVersion, kind, namespace, objectName);
    throw new Error(
      `getResource: no object ${wanted} in this deployment${close.length > 0 ? `; close matches: ${close.join(', ')}` : ` (${this.resourceNames.length} objects)`}`,
    );
  }

  /** Up to five objects that differ from the wanted one in version, kind, namespace or name only: same name first. */
  private closeMatches(apiVersion: string, kind: string, namespace: string | undefined, objectName: string): string[] {
    const scored: Array<[number, string]> = [];
    for (const m of this.manifestsByName.values()) {
      const meta = (m.metadata ?? {}) as { name?: unknown; namespace?: unknown };
      const ns = typeof meta.namespace === 'string' ? meta.namespace : undefined;
      const sameName = meta.name === objectName;
      const sameKind = m.kind === kind;
      const sameGv = m.apiVersion === apiVersion;
      const sameNs = ns === namespace;
      const score = (sameName ? 4 : 0) + (sameKind ? 2 : 0) + (sameGv ? 1 : 0) + (sameNs ? 1 : 0);
      if (!sameName && !(sameKind && sameNs)) continue;
      const label = `${String(m.apiVersion)}/${String(m.kind)} ${ns === undefined ? '' : `${ns}/`}${String(meta.name)}`;
      scored.push([score, label]);
    }
    scored.sort((x, y) => y[0] - x[0] || (x[1] < y[1] ? -1 : x[1] > y[1] ? 1 : 0));
    return scored.slice(0, 5).map(([, label]) => label);
  }

  private transform(
    name: string,
    o: PlannedObject,
    transforms: readonly ManifestTransform[],
    initialOpts: pulumi.CustomResourceOptions,
  ): { manifest: ManifestObject; opts: pulumi.CustomResourceOptions } {
    let manifest = structuredClone(o.manifest) as Record<string, any>;
    let opts = initialOpts;
    for (const t of transforms) {
      const r = t(manifest, opts, o.resourceName);
      if (r && r.manifest !== undefined) manifest = r.manifest;
      if (r && r.opts !== undefined) opts = r.opts;
    }
    const identity = (m: Record<string, any>): string =>
      JSON.stringify([m?.apiVersion, m?.kind, m?.metadata?.name, m?.metadata?.namespace]);
    if (identity(manifest) !== identity(o.manifest as Record<string, any>)) {
      throw new pulumi.ResourceError(
        `${name}: ${o.resourceName}: a transform changed apiVersion, kind, metadata.name or metadata.namespace to ${identity(manifest)} (expected them unchanged: they make the resource name and the dependencies; add a new object to the chart instead)`,
        this,
      );
    }
    return { manifest: manifest as ManifestObject, opts };
  }

  private checkPlaceholders(name: string, objects: Array<{ resourceName: string; manifest: ManifestObject }>, provided: string[]): void {
    const have = new Set(provided);
    for (const o of objects) {
      const isSecret = o.manifest.apiVersion === 'v1' && o.manifest.kind === 'Secret';
      const text = JSON.stringify(isSecret ? Object.assign({}, o.manifest, { data: undefined, stringData: undefined }) : o.manifest);
      const misplaced = findSecretPlaceholders(text);
      if (misplaced.length > 0) {
        throw new pulumi.ResourceError(
          `${name}: ${o.resourceName}: deploy-time secret placeholders (${misplaced.join(', ')}) may only appear in Secret data or stringData`,
          this,
        );
      }
      if (isSecret) {
        const keys = findSecretPlaceholders(JSON.stringify([o.manifest.data ?? {}, o.manifest.stringData ?? {}]));
        const missing = keys.filter((k) => !have.has(k));
        if (missing.length > 0) {
          throw new pulumi.ResourceError(
            `${name}: ${o.resourceName}: secretValues is missing ${missing.map((k) => `"${k}"`).join(', ')} (expected a pulumi.Input<string> for each deploy-time secret, e.g. from pulumi.Config().requireSecret)`,
            this,
          );
        }
      }
    }
  }

  private prepare(m: ManifestObject, secretValues: Record<string, pulumi.Input<string>>, skipAwait: boolean): Record<string, unknown> {
    let out: Record<string, unknown> = { ...m };
    if (skipAwait && m.apiVersion === 'v1' && m.kind === 'Service') {
      const meta = (m.metadata ?? {}) as Record<string, unknown>;
      out = Object.assign({}, out, {
        metadata: Object.assign({}, meta, {
          annotations: Object.assign({}, meta.annotations as object, { 'pulumi.com/skipAwait': 'true' }),
        }),
      });
    }
    if (!(m.apiVersion === 'v1' && m.kind === 'Secret')) return out;
    const data = (m.data ?? {}) as Record<string, string>;
    const stringData = (m.stringData ?? {}) as Record<string, string>;
    const keys = findSecretPlaceholders(JSON.stringify([data, stringData]));
    const values = pulumi.output(Object.fromEntries(keys.map((k) => [k, secretValues[k]])) as Record<string, pulumi.Input<string>>);
    const merged = values.apply((vals) => {
      const plain = vals as Record<string, string>;
      const result: Record<string, string> = { ...data };
      for (const [k, v] of Object.entries(stringData))
        result[k] = base64(substituteSecretPlaceholders(v, plain, `Secret ${String(m.metadata?.name)}`));
      return result;
    });
    const rest = { ...out };
    delete rest.stringData;
    return Object.assign({}, rest, { data: pulumi.secret(merged) });
  }
}
