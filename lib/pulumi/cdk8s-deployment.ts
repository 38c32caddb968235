import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { App, Chart } from 'cdk8s';
import { findSecretPlaceholders, substituteSecretPlaceholders } from '../core/secret-value';
import { assertValidManifests, ManifestObject, ValidateManifestsOptions } from '../core/validation';
import { planManifests, PlannedObject } from './manifest-plan';
import { PreflightSettings, runPreflight } from '../core/preflight-run';
import { validationOptionsFor } from '../core/synth';

/** The Pulumi type token of {@link Cdk8sDeployment}. */
export const CDK8S_DEPLOYMENT_TOKEN = 'vsphere-k8s:index:Cdk8sDeployment';
/** The Pulumi type token of the per-chart component that parents a chart's objects. */
export const CDK8S_CHART_TOKEN = 'vsphere-k8s:index:Cdk8sChart';

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
 * object, so every construct of this library gets `pulumi up` support without a second implementation.
 *
 * - Resource names are stable: `<apiVersion>:<kind>:[<namespace>/]<name>`.
 * - Namespaces and CRDs are registered first; namespaced objects depend on their Namespace, custom objects on their
 *   CRD; cdk8s `addDependency` edges become `dependsOn`; a chart that depends on another chart waits for all of it.
 * - Secret `data`/`stringData` are Pulumi secrets (never plaintext in state or outputs); deploy-time placeholders are
 *   filled from `secretValues`, and `stringData` is sent base64-encoded as `data` so that it does not diff forever.
 * - `provider` and the other resource options pass through to every object.
 */
export class Cdk8sDeployment extends pulumi.ComponentResource {
  /** The resource of each object, by stable resource name. */
  public readonly resources: Record<string, pulumi.CustomResource>;
  /** The stable resource names, in registration order. */
  public readonly resourceNames: string[];

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
    this.checkPlaceholders(name, plan.objects, Object.keys(secretValues));

    const chartComponents = plan.charts.map((path) => new Cdk8sChartComponent(`${name}:${path}`, { parent: this }));
    this.resources = {};
    for (const o of plan.objects) {
      const manifest = this.prepare(o.manifest, secretValues, args.skipAwaitServices ?? false);
      const Ctor = classFor(String(o.manifest.apiVersion), String(o.manifest.kind));
      const dependsOn: pulumi.Resource[] = [
        ...o.dependsOn.map((d) => {
          const r = this.resources[d];
          if (!r) throw new Error(`internal: ${o.resourceName} depends on ${d}, which is not registered yet`);
          return r;
        }),
        ...o.chartDependsOn.map((i) => chartComponents[i]),
      ];
      this.resources[o.resourceName] = new Ctor(o.resourceName, manifest, { parent: chartComponents[o.chartIndex], dependsOn });
    }
    this.resourceNames = plan.objects.map((o) => o.resourceName);
    this.registerOutputs({ resourceNames: this.resourceNames });
  }

  private checkPlaceholders(name: string, objects: PlannedObject[], provided: string[]): void {
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
