import type { ManifestObject } from '../validation';
import type { PreflightCheck, PreflightFinding } from './types';

/** A JSON object (loosely typed: the input is whatever a stack synthesized). */
export type Json = Record<string, unknown>;

/** The object if `v` is a non-array object, else undefined. */
export function obj(v: unknown): Json | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined;
}

/** The array if `v` is an array, else an empty array. */
export function arr(v: unknown): readonly unknown[] {
  return Array.isArray(v) ? v : [];
}

/** The string if `v` is a string, else undefined. */
export function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/** The API group of an apiVersion (`''` for the core group). */
export function groupOf(apiVersion: string): string {
  const i = apiVersion.lastIndexOf('/');
  return i < 0 ? '' : apiVersion.slice(0, i);
}

/** The version part of an apiVersion. */
export function versionOf(apiVersion: string): string {
  const i = apiVersion.lastIndexOf('/');
  return i < 0 ? apiVersion : apiVersion.slice(i + 1);
}

/** `<apiVersion> <kind> <namespace>/<name>` (or `<apiVersion> <kind> <name>` without a namespace), as validation.ts describes objects. */
export function describeObject(o: ManifestObject, index: number): string {
  const md = obj(o?.metadata);
  const name = str(md?.name) ?? `#${index}`;
  const ns = str(md?.namespace);
  return `${String(o?.apiVersion)} ${String(o?.kind)} ${ns !== undefined ? `${ns}/` : ''}${name}`;
}

/** The namespace of a namespaced object (`default` when absent). */
export function namespaceOf(o: ManifestObject): string {
  return str(obj(o?.metadata)?.namespace) ?? 'default';
}

/** The name of an object, or undefined. */
export function nameOf(o: ManifestObject): string | undefined {
  return str(obj(o?.metadata)?.name);
}

/** Collects findings of one check. */
export class Findings {
  readonly list: PreflightFinding[] = [];
  constructor(private readonly check: PreflightCheck) {}
  add(severity: PreflightFinding['severity'], object: string, path: string, message: string): void {
    this.list.push({ severity, check: this.check, object, path, message });
  }
}

/** A pod template found in a workload. */
export interface PodTemplate {
  /** Index of the object in the input. */
  readonly index: number;
  readonly object: ManifestObject;
  /** Described object. */
  readonly id: string;
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  /** Pod metadata (labels, annotations). */
  readonly metadata: Json;
  /** Pod spec. */
  readonly spec: Json;
  /** JSON path of the pod spec, e.g. `/spec/template/spec`. */
  readonly specPath: string;
  /** JSON path of the pod metadata, e.g. `/spec/template/metadata`. */
  readonly metadataPath: string;
}

/** Kinds with a pod template (apps/v1, batch/v1 and core v1 Pod). */
export const WORKLOAD_KINDS: ReadonlySet<string> = new Set([
  'Pod',
  'Deployment',
  'ReplicaSet',
  'StatefulSet',
  'DaemonSet',
  'Job',
  'CronJob',
  'ReplicationController',
]);

/** The pod template of a workload object, or undefined when it is not one (or has no spec). */
export function podTemplateOf(o: ManifestObject, index: number, id?: string): PodTemplate | undefined {
  const kind = str(o?.kind);
  if (kind === undefined || !WORKLOAD_KINDS.has(kind)) return undefined;
  const apiVersion = str(o.apiVersion) ?? '';
  const group = groupOf(apiVersion);
  if (kind === 'Pod' || kind === 'ReplicationController') {
    if (group !== '') return undefined;
  } else if (kind === 'Job' || kind === 'CronJob') {
    if (group !== 'batch') return undefined;
  } else if (group !== 'apps' && group !== 'extensions') return undefined;
  const base = { index, object: o, id: id ?? describeObject(o, index), kind, namespace: namespaceOf(o), name: nameOf(o) ?? `#${index}` };
  if (kind === 'Pod') {
    const spec = obj(o.spec);
    if (!spec) return undefined;
    return Object.assign(base, { metadata: obj(o.metadata) ?? {}, spec, specPath: '/spec', metadataPath: '/metadata' });
  }
  let template: Json | undefined;
  let prefix: string;
  if (kind === 'CronJob') {
    template = obj(obj(obj(obj(o.spec)?.jobTemplate)?.spec)?.template);
    prefix = '/spec/jobTemplate/spec/template';
  } else {
    template = obj(obj(o.spec)?.template);
    prefix = '/spec/template';
  }
  const spec = obj(template?.spec);
  if (!template || !spec) return undefined;
  return Object.assign(base, {
    metadata: obj(template.metadata) ?? {},
    spec,
    specPath: `${prefix}/spec`,
    metadataPath: `${prefix}/metadata`,
  });
}

/** Escapes a JSON-pointer segment. */
export function ptr(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Short JSON rendering of a value for messages. */
export function show(v: unknown): string {
  if (v === undefined) return 'absent';
  const s = JSON.stringify(v);
  return s.length > 120 ? `${s.slice(0, 117)}...` : s;
}
