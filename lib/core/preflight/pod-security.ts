import type { ManifestObject } from '../validation';
import { arr, Findings, groupOf, Json, nameOf, obj, PodTemplate, ptr, show, str } from './common';
import type { ClusterFacts, PodSecurityLevel, PreflightFinding } from './types';

/**
 * Pod Security Standards, as the PodSecurity admission plugin evaluates them.
 *
 * Versions: the rules are keyed by the minor version in which they appeared or changed (`enforce-version`, or the
 * cluster's version for `latest`). Versions before v1.19 are evaluated with the v1.19 seccomp rules (the annotation
 * era is not modelled); everything else follows the per-version rules of the admission plugin.
 */

const ENFORCE = 'pod-security.kubernetes.io/enforce';
const ENFORCE_VERSION = 'pod-security.kubernetes.io/enforce-version';
const LATEST = 9999;

const BASELINE_CAPABILITIES: ReadonlySet<string> = new Set([
  'AUDIT_WRITE',
  'CHOWN',
  'DAC_OVERRIDE',
  'FOWNER',
  'FSETID',
  'KILL',
  'MKNOD',
  'NET_BIND_SERVICE',
  'SETFCAP',
  'SETGID',
  'SETPCAP',
  'SETUID',
  'SYS_CHROOT',
]);

/** Safe sysctls and the minor version that allowed them. */
const SAFE_SYSCTLS: ReadonlyMap<string, number> = new Map([
  ['kernel.shm_rmid_forced', 0],
  ['net.ipv4.ip_local_port_range', 0],
  ['net.ipv4.ip_unprivileged_port_start', 0],
  ['net.ipv4.tcp_syncookies', 0],
  ['net.ipv4.ping_group_range', 0],
  ['net.ipv4.ip_local_reserved_ports', 27],
  ['net.ipv4.tcp_keepalive_time', 29],
  ['net.ipv4.tcp_fin_timeout', 29],
  ['net.ipv4.tcp_keepalive_intvl', 29],
  ['net.ipv4.tcp_keepalive_probes', 29],
  ['net.ipv4.tcp_rmem', 32],
  ['net.ipv4.tcp_wmem', 32],
]);

/** SELinux types allowed by baseline, with the minor version that allowed them. */
const SELINUX_TYPES: ReadonlyMap<string, number> = new Map([
  ['', 0],
  ['container_t', 0],
  ['container_init_t', 0],
  ['container_kvm_t', 0],
  ['container_engine_t', 31],
]);

const RESTRICTED_VOLUME_TYPES: ReadonlySet<string> = new Set([
  'configMap',
  'csi',
  'downwardAPI',
  'emptyDir',
  'ephemeral',
  'persistentVolumeClaim',
  'projected',
  'secret',
]);

/** The level and version enforced on a namespace. */
export interface NamespacePolicy {
  readonly level: PodSecurityLevel;
  /** Minor version of the rules (`LATEST` for latest). */
  readonly minor: number;
  /** For messages, e.g. `restricted:latest` (namespace label) or `baseline:v1.29 (cluster default)`. */
  readonly source: string;
}

function parseMinor(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const m = /^v?1\.(\d+)(\.\d+)?(?:[-+].*)?$/.exec(v.trim());
  return m ? Number(m[1]) : undefined;
}

const LEVELS: readonly PodSecurityLevel[] = ['privileged', 'baseline', 'restricted'];

/** Resolves the enforced policy of every namespace once (Namespace objects in the list, else the cluster default). */
export function namespacePolicies(
  objects: readonly ManifestObject[],
  cluster: ClusterFacts,
  findings: Findings,
  ids: (i: number) => string,
): (namespace: string) => NamespacePolicy {
  const clusterMinor = parseMinor(cluster.kubernetesVersion) ?? LATEST;
  const labelled = new Map<string, NamespacePolicy>();
  // External namespaces first: a Namespace in the list wins over a fact about the same name.
  const candidates: { name: string; labels: Json; id: string; where: string }[] = [];
  for (const e of cluster.externalObjects ?? []) {
    if (e.kind === 'Namespace' && groupOf(e.apiVersion) === '' && e.labels)
      candidates.push({
        name: e.name,
        labels: e.labels,
        id: `${e.apiVersion} Namespace ${e.name}`,
        where: `external Namespace ${e.name} (${e.providedBy})`,
      });
  }
  for (let i = 0; i < objects.length; i++) {
    const o = objects[i];
    if (o?.kind !== 'Namespace' || groupOf(str(o.apiVersion) ?? '') !== '') continue;
    const name = nameOf(o);
    if (name === undefined) continue;
    candidates.push({ name, labels: obj(obj(o.metadata)?.labels) ?? {}, id: ids(i), where: `Namespace ${name}` });
  }
  for (const { name, labels, id, where } of candidates) {
    const rawLevel = labels[ENFORCE];
    if (rawLevel === undefined) continue;
    let level: PodSecurityLevel;
    if (LEVELS.includes(rawLevel as PodSecurityLevel)) level = rawLevel as PodSecurityLevel;
    else {
      level = 'restricted';
      findings.add(
        'warning',
        id,
        `/metadata/labels/${ptr(ENFORCE)}`,
        `invalid Pod Security level ${show(rawLevel)}: the admission plugin enforces "restricted" instead; use one of "privileged", "baseline", "restricted"`,
      );
    }
    const rawVersion = str(labels[ENFORCE_VERSION]);
    let minor = clusterMinor;
    let version = 'latest';
    if (rawVersion !== undefined && rawVersion !== 'latest') {
      const parsed = parseMinor(rawVersion);
      if (parsed === undefined) {
        findings.add(
          'warning',
          id,
          `/metadata/labels/${ptr(ENFORCE_VERSION)}`,
          `invalid Pod Security version ${show(rawVersion)}: the admission plugin uses "latest" instead; use "latest" or "v1.<minor>"`,
        );
      } else {
        minor = Math.min(parsed, clusterMinor);
        version = rawVersion;
      }
    }
    labelled.set(name, { level, minor, source: `${level}:${version} (label ${ENFORCE} of ${where})` });
  }
  const defaultLevel = cluster.defaultPodSecurity ?? 'privileged';
  const defaultPolicy: NamespacePolicy = { level: defaultLevel, minor: clusterMinor, source: `${defaultLevel}:latest (cluster default)` };
  // Exemptions (the AdmissionConfiguration's exemptions.namespaces) win over labels, as in the admission plugin.
  const exempted = new Set(cluster.podSecurityExemptNamespaces ?? []);
  const exempt: NamespacePolicy = { level: 'privileged', minor: clusterMinor, source: 'privileged (exempt namespace)' };
  return (ns) => (exempted.has(ns) ? exempt : (labelled.get(ns) ?? defaultPolicy));
}

interface ContainerRef {
  readonly c: Json;
  readonly name: string;
  /** JSON path of the container. */
  readonly path: string;
  /** Its securityContext (or empty). */
  readonly sc: Json;
}

function containersOf(spec: Json, specPath: string): ContainerRef[] {
  const out: ContainerRef[] = [];
  for (const field of ['initContainers', 'containers', 'ephemeralContainers']) {
    const list = arr(spec[field]);
    for (let i = 0; i < list.length; i++) {
      const c = obj(list[i]);
      if (!c) continue;
      out.push({ c, name: str(c.name) ?? `#${i}`, path: `${specPath}/${field}/${i}`, sc: obj(c.securityContext) ?? {} });
    }
  }
  return out;
}

/** Evaluates one pod template against its namespace's policy; appends one error per violation. */
function evaluate(t: PodTemplate, policy: NamespacePolicy, findings: Findings): void {
  if (policy.level === 'privileged') return;
  const v = policy.minor;
  const spec = t.spec;
  const sp = t.specPath;
  const psc = obj(spec.securityContext) ?? {};
  const psp = `${sp}/securityContext`;
  const containers = containersOf(spec, sp);
  const where = `namespace ${t.namespace} enforces ${policy.source}`;
  const fail = (level: PodSecurityLevel, path: string, message: string): void => {
    findings.add('error', t.id, path, `Pod Security ${level}: ${message} (${where}); the pods would be refused`);
  };
  const userNamespace = spec.hostUsers === false;

  // ---- baseline ----
  // HostProcess
  if (obj(psc.windowsOptions)?.hostProcess === true)
    fail('baseline', `${psp}/windowsOptions/hostProcess`, 'hostProcess must be false or unset, got true');
  for (const c of containers) {
    if (obj(c.sc.windowsOptions)?.hostProcess === true)
      fail(
        'baseline',
        `${c.path}/securityContext/windowsOptions/hostProcess`,
        `container "${c.name}": hostProcess must be false or unset, got true`,
      );
  }
  // Host namespaces
  for (const f of ['hostNetwork', 'hostPID', 'hostIPC']) {
    if (spec[f] === true) fail('baseline', `${sp}/${f}`, `${f} must be false or unset, got true`);
  }
  // Privileged
  for (const c of containers) {
    if (c.sc.privileged === true)
      fail('baseline', `${c.path}/securityContext/privileged`, `container "${c.name}": privileged must be false or unset, got true`);
  }
  // Capabilities (baseline)
  for (const c of containers) {
    const add = arr(obj(c.sc.capabilities)?.add);
    for (let i = 0; i < add.length; i++) {
      const cap = String(add[i]);
      if (!BASELINE_CAPABILITIES.has(cap))
        fail(
          'baseline',
          `${c.path}/securityContext/capabilities/add/${i}`,
          `container "${c.name}": capability ${show(add[i])} may not be added; allowed: ${[...BASELINE_CAPABILITIES].join(', ')}`,
        );
    }
  }
  // HostPath volumes (restricted reports it with the other volume types)
  const volumes = arr(spec.volumes);
  if (policy.level === 'baseline') {
    for (let i = 0; i < volumes.length; i++) {
      const vol = obj(volumes[i]);
      if (vol?.hostPath !== undefined)
        fail('baseline', `${sp}/volumes/${i}/hostPath`, `volume "${String(vol.name)}": hostPath volumes are forbidden`);
    }
  }
  // Host ports
  for (const c of containers) {
    const ports = arr(c.c.ports);
    for (let i = 0; i < ports.length; i++) {
      const hp = obj(ports[i])?.hostPort;
      if (hp !== undefined && hp !== 0)
        fail('baseline', `${c.path}/ports/${i}/hostPort`, `container "${c.name}": hostPort must be 0 or unset, got ${show(hp)}`);
    }
  }
  // AppArmor: annotations
  const annotations = obj(t.metadata.annotations) ?? {};
  for (const [k, val] of Object.entries(annotations)) {
    if (!k.startsWith('container.apparmor.security.beta.kubernetes.io/')) continue;
    const s = String(val);
    if (s !== '' && s !== 'runtime/default' && !s.startsWith('localhost/'))
      fail(
        'baseline',
        `${t.metadataPath}/annotations/${ptr(k)}`,
        `AppArmor profile ${show(val)} is forbidden; allowed: "runtime/default", "localhost/<profile>" or unset`,
      );
  }
  // AppArmor: fields (v1.30+)
  if (v >= 30) {
    const bad = (p: unknown): boolean => {
      const type = obj(p)?.type;
      return type !== undefined && type !== 'RuntimeDefault' && type !== 'Localhost';
    };
    if (bad(psc.appArmorProfile))
      fail(
        'baseline',
        `${psp}/appArmorProfile/type`,
        `appArmorProfile.type ${show(obj(psc.appArmorProfile)?.type)} is forbidden; allowed: RuntimeDefault, Localhost or unset`,
      );
    for (const c of containers) {
      if (bad(c.sc.appArmorProfile))
        fail(
          'baseline',
          `${c.path}/securityContext/appArmorProfile/type`,
          `container "${c.name}": appArmorProfile.type ${show(obj(c.sc.appArmorProfile)?.type)} is forbidden; allowed: RuntimeDefault, Localhost or unset`,
        );
    }
  }
  // SELinux
  const selinux = (opts: unknown, path: string, who: string): void => {
    const o = obj(opts);
    if (!o) return;
    const type = str(o.type) ?? '';
    const since = SELINUX_TYPES.get(type);
    if (since === undefined || since > v) {
      const allowed = [...SELINUX_TYPES].filter(([k, m]) => m <= v && k !== '').map(([k]) => k);
      fail('baseline', `${path}/type`, `${who}seLinuxOptions.type ${show(o.type)} is forbidden; allowed: ${allowed.join(', ')} or unset`);
    }
    for (const f of ['user', 'role']) {
      if (typeof o[f] === 'string' && o[f] !== '')
        fail('baseline', `${path}/${f}`, `${who}seLinuxOptions.${f} may not be set, got ${show(o[f])}`);
    }
  };
  selinux(psc.seLinuxOptions, `${psp}/seLinuxOptions`, '');
  for (const c of containers) selinux(c.sc.seLinuxOptions, `${c.path}/securityContext/seLinuxOptions`, `container "${c.name}": `);
  // /proc mount (relaxed for user-namespaced pods in baseline since v1.35)
  if (!(userNamespace && v >= 35 && policy.level === 'baseline')) {
    for (const c of containers) {
      const pm = c.sc.procMount;
      if (pm !== undefined && pm !== 'Default')
        fail(
          'baseline',
          `${c.path}/securityContext/procMount`,
          `container "${c.name}": procMount ${show(pm)} is forbidden; allowed: Default or unset${v >= 35 ? ' (any value with hostUsers: false under baseline)' : ''}`,
        );
    }
  }
  // Seccomp (baseline): never Unconfined
  if (obj(psc.seccompProfile)?.type === 'Unconfined')
    fail('baseline', `${psp}/seccompProfile/type`, 'seccompProfile.type "Unconfined" is forbidden; use RuntimeDefault or Localhost');
  for (const c of containers) {
    if (obj(c.sc.seccompProfile)?.type === 'Unconfined')
      fail(
        'baseline',
        `${c.path}/securityContext/seccompProfile/type`,
        `container "${c.name}": seccompProfile.type "Unconfined" is forbidden; use RuntimeDefault or Localhost`,
      );
  }
  // Sysctls
  const sysctls = arr(psc.sysctls);
  for (let i = 0; i < sysctls.length; i++) {
    const name = str(obj(sysctls[i])?.name) ?? '';
    const since = SAFE_SYSCTLS.get(name);
    if (since === undefined || since > v) {
      const allowed = [...SAFE_SYSCTLS].filter(([, m]) => m <= v).map(([k]) => k);
      fail('baseline', `${psp}/sysctls/${i}/name`, `sysctl ${show(name)} is not in the safe set; allowed: ${allowed.join(', ')}`);
    }
  }
  // Probe and lifecycle hosts (v1.34+)
  if (v >= 34) {
    for (const c of containers) {
      const handlers: [string, unknown][] = [
        ['livenessProbe', c.c.livenessProbe],
        ['readinessProbe', c.c.readinessProbe],
        ['startupProbe', c.c.startupProbe],
        ['lifecycle/postStart', obj(c.c.lifecycle)?.postStart],
        ['lifecycle/preStop', obj(c.c.lifecycle)?.preStop],
      ];
      for (const [p, h] of handlers) {
        for (const kind of ['httpGet', 'tcpSocket']) {
          const host = obj(obj(h)?.[kind])?.host;
          if (typeof host === 'string' && host !== '')
            fail('baseline', `${c.path}/${p}/${kind}/host`, `container "${c.name}": ${kind}.host may not be set, got ${show(host)}`);
        }
      }
    }
  }

  if (policy.level !== 'restricted') return;

  // ---- restricted ----
  const windows = v >= 25 && obj(spec.os)?.name === 'windows';
  // Volume types
  for (let i = 0; i < volumes.length; i++) {
    const vol = obj(volumes[i]);
    if (!vol) continue;
    const types = Object.keys(vol).filter((k) => k !== 'name');
    if (types.some((k) => RESTRICTED_VOLUME_TYPES.has(k))) continue;
    const type = types[0] ?? 'unknown';
    fail(
      'restricted',
      `${sp}/volumes/${i}${types[0] ? `/${ptr(type)}` : ''}`,
      `volume "${String(vol.name)}": volume type ${show(type)} is forbidden; allowed: ${[...RESTRICTED_VOLUME_TYPES].join(', ')}`,
    );
  }
  // allowPrivilegeEscalation (v1.8+)
  if (v >= 8 && !windows) {
    for (const c of containers) {
      if (c.sc.allowPrivilegeEscalation !== false)
        fail(
          'restricted',
          `${c.path}/securityContext/allowPrivilegeEscalation`,
          `container "${c.name}": allowPrivilegeEscalation must be false, got ${show(c.sc.allowPrivilegeEscalation)}`,
        );
    }
  }
  // runAsNonRoot
  if (!userNamespace) {
    const podNonRoot = psc.runAsNonRoot;
    if (podNonRoot === false) fail('restricted', `${psp}/runAsNonRoot`, 'runAsNonRoot must be true, got false');
    for (const c of containers) {
      const cv = c.sc.runAsNonRoot;
      if (cv === false)
        fail('restricted', `${c.path}/securityContext/runAsNonRoot`, `container "${c.name}": runAsNonRoot must not be false`);
      else if (cv !== true && podNonRoot !== true)
        fail(
          'restricted',
          `${c.path}/securityContext/runAsNonRoot`,
          `container "${c.name}": runAsNonRoot must be true on the pod or on every container, got ${show(cv)} (pod: ${show(podNonRoot)})`,
        );
    }
    // runAsUser != 0 (v1.23+)
    if (v >= 23) {
      if (psc.runAsUser === 0) fail('restricted', `${psp}/runAsUser`, 'runAsUser must not be 0 (root)');
      for (const c of containers) {
        if (c.sc.runAsUser === 0)
          fail('restricted', `${c.path}/securityContext/runAsUser`, `container "${c.name}": runAsUser must not be 0 (root)`);
      }
    }
  }
  // Seccomp (v1.19+): RuntimeDefault or Localhost, on the pod or every container
  if (!windows) {
    const ok = (t2: unknown): boolean => t2 === 'RuntimeDefault' || t2 === 'Localhost';
    const podType = obj(psc.seccompProfile)?.type;
    if (podType !== undefined && !ok(podType) && podType !== 'Unconfined')
      fail('restricted', `${psp}/seccompProfile/type`, `seccompProfile.type must be RuntimeDefault or Localhost, got ${show(podType)}`);
    for (const c of containers) {
      const ct = obj(c.sc.seccompProfile)?.type;
      if (ct === 'Unconfined') continue; // reported by baseline
      if (ct !== undefined ? !ok(ct) : !ok(podType))
        fail(
          'restricted',
          `${c.path}/securityContext/seccompProfile/type`,
          `container "${c.name}": seccompProfile.type must be RuntimeDefault or Localhost on the pod or on every container, got ${show(ct)} (pod: ${show(podType)})`,
        );
    }
  }
  // Capabilities (v1.22+): drop ALL, add only NET_BIND_SERVICE
  if (v >= 22 && !windows) {
    for (const c of containers) {
      const caps = obj(c.sc.capabilities) ?? {};
      const drop = arr(caps.drop);
      if (!drop.includes('ALL'))
        fail(
          'restricted',
          `${c.path}/securityContext/capabilities/drop`,
          `container "${c.name}": capabilities.drop must include "ALL", got ${show(caps.drop)}`,
        );
      const add = arr(caps.add);
      for (let i = 0; i < add.length; i++) {
        // beyond-baseline additions are already reported by baseline
        if (add[i] !== 'NET_BIND_SERVICE' && BASELINE_CAPABILITIES.has(String(add[i])))
          fail(
            'restricted',
            `${c.path}/securityContext/capabilities/add/${i}`,
            `container "${c.name}": capability ${show(add[i])} may not be added; only NET_BIND_SERVICE is allowed`,
          );
      }
    }
  }
}

/** The pod-security check. */
export function checkPodSecurity(
  objects: readonly ManifestObject[],
  cluster: ClusterFacts,
  ids: (i: number) => string,
  templates: readonly PodTemplate[],
): PreflightFinding[] {
  const findings = new Findings('pod-security');
  const policyOf = namespacePolicies(objects, cluster, findings, ids);
  for (const t of templates) evaluate(t, policyOf(t.namespace), findings);
  return findings.list;
}
