import type { ManifestObject } from '../validation';
import { arr, Findings, groupOf, Json, nameOf, namespaceOf, obj, PodTemplate, ptr, str } from './common';
import type { ClusterFacts, FileRequirement, PreflightFinding } from './types';

type SourceKind = 'ConfigMap' | 'Secret';

/** A ConfigMap or Secret the pod can read. */
interface Source {
  /** Keys, or undefined when unknown (external without keys, service-account token Secret). */
  readonly keys: ReadonlySet<string> | undefined;
  /** `the stack` or the external provider. */
  readonly from: string;
}

/** Index of ConfigMaps and Secrets: in the list, or external. Built once. */
class SourceIndex {
  private readonly map = new Map<string, Source>();

  constructor(objects: readonly ManifestObject[], cluster: ClusterFacts) {
    for (const e of cluster.externalObjects ?? []) {
      if ((e.kind !== 'ConfigMap' && e.kind !== 'Secret') || groupOf(e.apiVersion) !== '') continue;
      this.map.set(`${e.kind}/${e.namespace ?? 'default'}/${e.name}`, { keys: e.keys ? new Set(e.keys) : undefined, from: e.providedBy });
    }
    for (const o of objects) {
      const kind = o?.kind;
      if ((kind !== 'ConfigMap' && kind !== 'Secret') || groupOf(str(o.apiVersion) ?? '') !== '') continue;
      const name = nameOf(o);
      if (name === undefined) continue;
      let keys: Set<string> | undefined = new Set();
      for (const field of ['data', 'binaryData', 'stringData']) for (const k of Object.keys(obj(o[field]) ?? {})) keys.add(k);
      // The token controller fills these Secrets.
      if (kind === 'Secret' && o.type === 'kubernetes.io/service-account-token') keys = undefined;
      this.map.set(`${kind}/${namespaceOf(o)}/${name}`, { keys, from: 'the stack' });
    }
  }

  get(kind: SourceKind, namespace: string, name: string): Source | undefined {
    return this.map.get(`${kind}/${namespace}/${name}`);
  }
}

function refName(kind: SourceKind, ref: Json): string | undefined {
  return str(kind === 'Secret' ? (ref.secretName ?? ref.name) : ref.name);
}

function missingObjectText(kind: SourceKind, namespace: string, name: string): string {
  return `${kind} ${namespace}/${name} is neither emitted by the stack nor declared in cluster.externalObjects`;
}

function keysText(keys: ReadonlySet<string>): string {
  return keys.size ? [...keys].sort().join(', ') : 'none';
}

const KEYED: readonly [string, SourceKind][] = [
  ['configMap', 'ConfigMap'],
  ['secret', 'Secret'],
];

/**
 * ConfigMap/Secret references of a pod template (volumes, projected sources, env, envFrom) that would keep the pod
 * from starting: the object is missing, or a referenced key is missing. `optional: true` references are skipped.
 */
function checkReferences(t: PodTemplate, sources: SourceIndex, findings: Findings): void {
  const ns = t.namespace;
  const checkKeyed = (kind: SourceKind, ref: Json, path: string, what: string, consequence: string): void => {
    if (ref.optional === true) return;
    const name = refName(kind, ref);
    if (name === undefined) return;
    const src = sources.get(kind, ns, name);
    if (!src) {
      findings.add(
        'error',
        t.id,
        path,
        `${what}: ${missingObjectText(kind, ns, name)}; ${consequence}. Emit it, declare it as an external object, or mark the reference optional`,
      );
      return;
    }
    if (!src.keys) return;
    const items = arr(ref.items);
    for (let i = 0; i < items.length; i++) {
      const key = str(obj(items[i])?.key);
      if (key !== undefined && !src.keys.has(key))
        findings.add(
          'error',
          t.id,
          `${path}/items/${i}/key`,
          `${what}: ${kind} ${ns}/${name} (from ${src.from}) has no key ${JSON.stringify(key)} (keys: ${keysText(src.keys)}); ${consequence}`,
        );
    }
    const key = str(ref.key);
    if (key !== undefined && !src.keys.has(key))
      findings.add(
        'error',
        t.id,
        `${path}/key`,
        `${what}: ${kind} ${ns}/${name} (from ${src.from}) has no key ${JSON.stringify(key)} (keys: ${keysText(src.keys)}); ${consequence}`,
      );
  };
  const mountFail = 'the pod would stay ContainerCreating (MountVolume.SetUp failed)';
  const volumes = arr(t.spec.volumes);
  for (let i = 0; i < volumes.length; i++) {
    const v = obj(volumes[i]) ?? {};
    const vp = `${t.specPath}/volumes/${i}`;
    const vname = `volume "${String(v.name)}"`;
    for (const [field, kind] of KEYED) {
      const ref = obj(v[field]);
      if (ref) checkKeyed(kind, ref, `${vp}/${field}`, vname, mountFail);
    }
    const projected = arr(obj(v.projected)?.sources);
    for (let j = 0; j < projected.length; j++) {
      const s = obj(projected[j]) ?? {};
      for (const [field, kind] of KEYED) {
        const ref = obj(s[field]);
        if (ref) checkKeyed(kind, ref, `${vp}/projected/sources/${j}/${field}`, `${vname} (projected)`, mountFail);
      }
    }
  }
  const configFail = 'the container would fail with CreateContainerConfigError';
  for (const field of ['initContainers', 'containers']) {
    const list = arr(t.spec[field]);
    for (let i = 0; i < list.length; i++) {
      const c = obj(list[i]) ?? {};
      const cp = `${t.specPath}/${field}/${i}`;
      const cname = `container "${String(c.name)}"`;
      const env = arr(c.env);
      for (let j = 0; j < env.length; j++) {
        const e = obj(env[j]) ?? {};
        const from = obj(e.valueFrom);
        if (!from) continue;
        const cm = obj(from.configMapKeyRef);
        if (cm) checkKeyed('ConfigMap', cm, `${cp}/env/${j}/valueFrom/configMapKeyRef`, `${cname} env ${String(e.name)}`, configFail);
        const sec = obj(from.secretKeyRef);
        if (sec) checkKeyed('Secret', sec, `${cp}/env/${j}/valueFrom/secretKeyRef`, `${cname} env ${String(e.name)}`, configFail);
      }
      const envFrom = arr(c.envFrom);
      for (let j = 0; j < envFrom.length; j++) {
        const e = obj(envFrom[j]) ?? {};
        const cm = obj(e.configMapRef);
        if (cm) checkKeyed('ConfigMap', cm, `${cp}/envFrom/${j}/configMapRef`, `${cname} envFrom`, configFail);
        const sec = obj(e.secretRef);
        if (sec) checkKeyed('Secret', sec, `${cp}/envFrom/${j}/secretRef`, `${cname} envFrom`, configFail);
      }
    }
  }
}

/** Splits a path into segments, dropping empty ones (`/a//b/` → [a, b]). */
function segments(p: string): string[] {
  return p.split('/').filter((s) => s !== '' && s !== '.');
}

function startsWith(path: readonly string[], prefix: readonly string[]): boolean {
  if (prefix.length > path.length) return false;
  for (let i = 0; i < prefix.length; i++) if (path[i] !== prefix[i]) return false;
  return true;
}

const API_VERSION_OF_KIND: Readonly<Record<string, string>> = {
  Deployment: 'apps/v1',
  DaemonSet: 'apps/v1',
  StatefulSet: 'apps/v1',
  ReplicaSet: 'apps/v1',
  Job: 'batch/v1',
  CronJob: 'batch/v1',
  Pod: 'v1',
};

/** Resolves one file requirement. */
function checkRequirement(
  req: FileRequirement,
  templates: ReadonlyMap<string, PodTemplate>,
  sources: SourceIndex,
  findings: Findings,
): void {
  const w = req.workload;
  const t = templates.get(`${w.kind}/${w.namespace}/${w.name}`);
  const what = `${req.path} (${req.reason}) read by container "${req.container}"`;
  if (!t) {
    findings.add(
      'error',
      `${API_VERSION_OF_KIND[w.kind] ?? '?'} ${w.kind} ${w.namespace}/${w.name}`,
      '',
      `${what}: the workload is not among the objects`,
    );
    return;
  }
  let container: Json | undefined;
  let cpath = '';
  let isInit = false;
  for (const field of ['containers', 'initContainers', 'ephemeralContainers']) {
    const list = arr(t.spec[field]);
    const i = list.findIndex((c) => obj(c)?.name === req.container);
    if (i >= 0) {
      container = obj(list[i]);
      cpath = `${t.specPath}/${field}/${i}`;
      isInit = field === 'initContainers';
      break;
    }
  }
  if (!container) {
    findings.add('error', t.id, `${t.specPath}/containers`, `${what}: the pod has no container "${req.container}"`);
    return;
  }
  const target = segments(req.path);
  const mounts = arr(container.volumeMounts);
  let best = -1;
  let bestLen = -1;
  for (let i = 0; i < mounts.length; i++) {
    const mp = str(obj(mounts[i])?.mountPath);
    if (mp === undefined) continue;
    const seg = segments(mp);
    if (startsWith(target, seg) && seg.length > bestLen) {
      best = i;
      bestLen = seg.length;
    }
  }
  if (best < 0) {
    findings.add(
      'error',
      t.id,
      `${cpath}/volumeMounts`,
      `${what}: no volumeMount covers ${req.path} (mounts: ${
        mounts.map((m) => str(obj(m)?.mountPath) ?? '?').join(', ') || 'none'
      }); mount the ConfigMap/Secret that holds it`,
    );
    return;
  }
  const mount = obj(mounts[best]) ?? {};
  const mpath = `${cpath}/volumeMounts/${best}`;
  if (typeof mount.subPathExpr === 'string') {
    findings.add('info', t.id, `${mpath}/subPathExpr`, `${what}: subPathExpr is expanded at runtime; the file was not checked`);
    return;
  }
  const inner = [...segments(str(mount.subPath) ?? ''), ...target.slice(bestLen)];
  const volName = str(mount.name);
  const volumes = arr(t.spec.volumes);
  const vi = volumes.findIndex((v) => obj(v)?.name === volName);
  if (vi < 0) {
    findings.add(
      'error',
      t.id,
      `${mpath}/name`,
      `${what}: the mount uses volume ${JSON.stringify(volName)}, which the pod does not define`,
    );
    return;
  }
  const vol = obj(volumes[vi]) ?? {};
  const vpath = `${t.specPath}/volumes/${vi}`;
  const innerPath = inner.join('/');
  if (innerPath === '') {
    findings.add(
      'error',
      t.id,
      mpath,
      `${what}: ${req.path} is the root of volume "${volName}" (a directory, not a file); mount at its parent directory or set subPath to the key`,
    );
    return;
  }
  const fail = (path: string, missing: string): void => findings.add('error', t.id, path, `${what}: ${missing}`);

  /** Why a configMap/secret ref does not provide innerPath, or undefined when it does. */
  const keyedProblem = (kind: SourceKind, ref: Json): string | undefined => {
    const name = refName(kind, ref) ?? '?';
    const items = arr(ref.items);
    let key: string;
    if (items.length > 0) {
      const item = items.map((x) => obj(x) ?? {}).find((x) => segments(str(x.path) ?? '').join('/') === innerPath);
      if (!item)
        return `${kind} ${t.namespace}/${name} is mounted with items that do not map any key to ${innerPath} (items: ${items
          .map((x) => `${String(obj(x)?.key)}→${String(obj(x)?.path)}`)
          .join(', ')})`;
      key = String(item.key);
    } else {
      if (inner.length !== 1) return `${innerPath} is not a key of ${kind} ${t.namespace}/${name} (keys are files at the volume root)`;
      key = innerPath;
    }
    const src = sources.get(kind, t.namespace, name);
    const optional = ref.optional === true ? ' (the reference is optional: true, so the pod starts without the file)' : '';
    if (!src) return `${missingObjectText(kind, t.namespace, name)}${optional}`;
    if (src.keys && !src.keys.has(key))
      return `${kind} ${t.namespace}/${name} (from ${src.from}) has no key ${JSON.stringify(key)} (keys: ${keysText(src.keys)})${optional}`;
    return undefined;
  };
  const itemsProvide = (items: readonly unknown[]): boolean => items.some((x) => segments(str(obj(x)?.path) ?? '').join('/') === innerPath);

  for (const [field, kind] of KEYED) {
    const ref = obj(vol[field]);
    if (!ref) continue;
    const problem = keyedProblem(kind, ref);
    if (problem) fail(`${vpath}/${field}`, problem);
    return;
  }
  const projected = obj(vol.projected);
  if (projected) {
    const problems: string[] = [];
    const list = arr(projected.sources);
    for (let j = 0; j < list.length; j++) {
      const s = obj(list[j]) ?? {};
      for (const [field, kind] of KEYED) {
        const ref = obj(s[field]);
        if (!ref) continue;
        // without items a source only offers its own keys: skip sources that do not claim the file
        const problem = keyedProblem(kind, ref);
        if (!problem) return;
        problems.push(problem);
      }
      if (itemsProvide(arr(obj(s.downwardAPI)?.items))) return;
      for (const f of ['serviceAccountToken', 'clusterTrustBundle']) {
        const p = str(obj(s[f])?.path);
        if (p !== undefined && segments(p).join('/') === innerPath) return;
      }
    }
    fail(
      `${vpath}/projected/sources`,
      `no source of projected volume "${volName}" provides ${innerPath}: ${problems.join('; ') || 'no sources'}`,
    );
    return;
  }
  const downward = obj(vol.downwardAPI);
  if (downward) {
    if (!itemsProvide(arr(downward.items)))
      fail(`${vpath}/downwardAPI/items`, `no downwardAPI item writes ${innerPath} in volume "${volName}"`);
    return;
  }
  const hostPath = obj(vol.hostPath);
  if (hostPath) {
    findings.add(
      'info',
      t.id,
      `${vpath}/hostPath`,
      `${what}: comes from the node (hostPath ${String(hostPath.path)}, file ${innerPath}); assumed present, not checked`,
    );
    return;
  }
  if (vol.emptyDir !== undefined) {
    const writers = isInit
      ? []
      : arr(t.spec.initContainers)
          .map((c) => obj(c) ?? {})
          .filter((c) => arr(c.volumeMounts).some((m) => obj(m)?.name === volName))
          .map((c) => String(c.name));
    if (writers.length > 0)
      findings.add(
        'warning',
        t.id,
        `${vpath}/emptyDir`,
        `${what}: volume "${volName}" is an emptyDir; the file exists only if init container(s) ${writers.join(', ')} write ${innerPath}`,
      );
    else fail(`${vpath}/emptyDir`, `volume "${volName}" is an emptyDir and no init container writes to it, so ${innerPath} will not exist`);
    return;
  }
  const type = Object.keys(vol).find((k) => k !== 'name') ?? 'unknown';
  findings.add('info', t.id, `${vpath}/${ptr(type)}`, `${what}: the content of a ${type} volume is not known offline; not checked`);
}

/** The files check. */
export function checkFiles(
  objects: readonly ManifestObject[],
  cluster: ClusterFacts,
  templates: readonly PodTemplate[],
  files: readonly FileRequirement[],
): PreflightFinding[] {
  const findings = new Findings('files');
  const sources = new SourceIndex(objects, cluster);
  for (const t of templates) checkReferences(t, sources, findings);
  if (files.length > 0) {
    const byRef = new Map<string, PodTemplate>();
    for (const t of templates) byRef.set(`${t.kind}/${t.namespace}/${t.name}`, t);
    for (const req of files) checkRequirement(req, byRef, sources, findings);
  }
  return findings.list;
}
