import { App, Chart, Testing } from 'cdk8s';
import { parseAllDocuments } from 'yaml';
import { AntreaConfig, AntreaConfigProps } from '../../../lib/antrea';
import { ManifestObject } from '../../../lib/core/validation';
import { synthValid } from '../../helpers';

/**
 * One valid YAML example of the Antrea v2.7.0 docs (antrea-io/antrea at tag v2.7.0, commit e59003c2c), written with the
 * typed API. `expected` is the example's YAML as the page shows it (comments and `status` may be left out: status is
 * written by Antrea, not by the user).
 */
export interface ValidDocExample {
  /** The docs page, e.g. `docs/egress.md`. */
  readonly page: string;
  /** What the example shows (the page's section). */
  readonly title: string;
  /** The cluster's AntreaConfig, when the example needs a feature the cross-checks look for. @default - none */
  readonly config?: AntreaConfigProps;
  /** Builds the example with the typed API in `chart` (a chart without namespace). */
  readonly build: (chart: Chart) => void;
  /** The example's YAML (one or more documents). */
  readonly expected: string;
  /**
   * Why the synthesized object is not identical to the docs' (a known, accepted difference). The test then asserts
   * that it indeed differs, so the count stays honest. @default - identical
   */
  readonly knownDifference?: string;
}

/** A YAML example of the docs that Antrea v2.7.0 rejects (e.g. `action: Deny`), written with the typed API. */
export interface InvalidDocExample {
  /** The docs page. */
  readonly page: string;
  /** What the example shows. */
  readonly title: string;
  /** Tries to build the example with the typed API (casts allowed where the type system already forbids the value). */
  readonly build: (chart: Chart) => void;
  /** The error that rejects it (construct path, field, value and what is allowed). */
  readonly error: RegExp;
}

/** The kinds we compare only the Antrea part of: core objects that carry an Antrea annotation (cdk8s-plus adds defaults). */
const ANNOTATION_ONLY = new Set(['Namespace', 'Pod']);
const TEMPLATE_ANNOTATION_ONLY = new Set(['StatefulSet', 'Deployment']);

/** The part of an object the docs example determines (see README-like notes in docs/networking.md). */
function comparable(o: any): any {
  if (ANNOTATION_ONLY.has(o.kind)) return { kind: o.kind, name: o.metadata?.name, annotations: o.metadata?.annotations ?? {} };
  if (TEMPLATE_ANNOTATION_ONLY.has(o.kind))
    return { kind: o.kind, name: o.metadata?.name, annotations: o.spec?.template?.metadata?.annotations ?? {} };
  const copy = JSON.parse(JSON.stringify(o));
  delete copy.status;
  // A NAD's spec.config is a JSON string: compared as JSON (the docs indent it inside the string).
  if (copy.kind === 'NetworkAttachmentDefinition' && typeof copy.spec?.config === 'string') copy.spec.config = JSON.parse(copy.spec.config);
  // The multicluster controller config is YAML inside a ConfigMap: compared as YAML.
  if (copy.kind === 'ConfigMap' && typeof copy.data?.['controller_manager_config.yaml'] === 'string') {
    copy.data['controller_manager_config.yaml'] = parseAllDocuments(copy.data['controller_manager_config.yaml'])[0].toJS();
  }
  return copy;
}

/** Parses the expected YAML documents. */
export function expectedObjects(example: ValidDocExample): any[] {
  return parseAllDocuments(example.expected)
    .map((d) => {
      if (d.errors.length > 0) throw new Error(`expected YAML of "${example.title}": ${d.errors[0].message}`);
      return d.toJS();
    })
    .filter((o) => o !== null);
}

/** Builds the example in its own App and returns every synthesized object (strictly validated). */
export function synthExample(example: ValidDocExample): ManifestObject[] {
  const app: App = Testing.app();
  if (example.config) new AntreaConfig(new Chart(app, 'antrea-config'), 'Antrea', example.config);
  const chart = new Chart(app, 'example');
  example.build(chart);
  return app.charts.flatMap((c) => synthValid(c));
}

/** The expected objects and, for each, the synthesized one of the same kind, name and namespace (or undefined). */
export function pairs(example: ValidDocExample): Array<{ expected: any; actual: any }> {
  const objects = synthExample(example);
  return expectedObjects(example).map((e) => {
    const hits = objects.filter(
      (o) =>
        o.kind === e.kind &&
        o.metadata?.name === e.metadata?.name &&
        (o.metadata?.namespace ?? undefined) === (e.metadata?.namespace ?? undefined),
    );
    return { expected: comparable(e), actual: hits.length === 1 ? comparable(hits[0]) : undefined };
  });
}

/** True when every expected object of the example is synthesized identically. */
export function isIdentical(example: ValidDocExample): boolean {
  return pairs(example).every((p) => JSON.stringify(sortKeys(p.expected)) === JSON.stringify(sortKeys(p.actual)));
}

/** Deep copy with object keys sorted (YAML key order carries no meaning). */
export function sortKeys(v: any): any {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) out[k] = sortKeys(v[k]);
    return out;
  }
  return v;
}
