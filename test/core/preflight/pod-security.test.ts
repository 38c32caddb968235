import { preflight, PreflightFinding } from '../../../lib/core/preflight';
import {
  baselineNamespace,
  clone,
  cronJob,
  daemonSet,
  deployment,
  J,
  job,
  namespace,
  pod,
  restrictedContainer,
  restrictedNamespace,
  restrictedPodSpec,
  statefulSet,
} from './fixtures';

const SPEC = '/spec/template/spec';
const C0 = `${SPEC}/containers/0`;

function psa(objects: J[], cluster = {}): PreflightFinding[] {
  return preflight(objects, { cluster, skip: ['scheduling', 'crds', 'files', 'references'] });
}

interface Rule {
  readonly name: string;
  /** 'baseline': refused by baseline and restricted; 'restricted': refused by restricted only. */
  readonly level: 'baseline' | 'restricted';
  readonly mutate: (spec: J, meta: J) => void;
  readonly path: string;
  readonly message: RegExp;
}

const RULES: Rule[] = [
  {
    name: 'pod hostProcess',
    level: 'baseline',
    mutate: (s) => (s.securityContext = { windowsOptions: { hostProcess: true } }),
    path: `${SPEC}/securityContext/windowsOptions/hostProcess`,
    message: /hostProcess must be false/,
  },
  {
    name: 'container hostProcess',
    level: 'baseline',
    mutate: (s) => (s.containers[0].securityContext.windowsOptions = { hostProcess: true }),
    path: `${C0}/securityContext/windowsOptions/hostProcess`,
    message: /container "app": hostProcess/,
  },
  {
    name: 'hostNetwork',
    level: 'baseline',
    mutate: (s) => (s.hostNetwork = true),
    path: `${SPEC}/hostNetwork`,
    message: /hostNetwork must be false or unset, got true/,
  },
  { name: 'hostPID', level: 'baseline', mutate: (s) => (s.hostPID = true), path: `${SPEC}/hostPID`, message: /hostPID/ },
  { name: 'hostIPC', level: 'baseline', mutate: (s) => (s.hostIPC = true), path: `${SPEC}/hostIPC`, message: /hostIPC/ },
  {
    name: 'privileged',
    level: 'baseline',
    mutate: (s) => (s.containers[0].securityContext.privileged = true),
    path: `${C0}/securityContext/privileged`,
    message: /privileged must be false/,
  },
  {
    name: 'capability beyond baseline',
    level: 'baseline',
    mutate: (s) => (s.containers[0].securityContext.capabilities.add = ['NET_ADMIN']),
    path: `${C0}/securityContext/capabilities/add/0`,
    message: /capability "NET_ADMIN" may not be added; allowed: AUDIT_WRITE/,
  },
  {
    name: 'hostPath volume',
    level: 'baseline',
    mutate: (s) => (s.volumes = [{ name: 'h', hostPath: { path: '/etc' } }]),
    path: `${SPEC}/volumes/0/hostPath`,
    message: /hostPath/,
  },
  {
    name: 'hostPort',
    level: 'baseline',
    mutate: (s) => (s.containers[0].ports = [{ containerPort: 80, hostPort: 80 }]),
    path: `${C0}/ports/0/hostPort`,
    message: /hostPort must be 0 or unset, got 80/,
  },
  {
    name: 'AppArmor annotation',
    level: 'baseline',
    mutate: (_s, m) => (m.annotations = { 'container.apparmor.security.beta.kubernetes.io/app': 'unconfined' }),
    path: '/spec/template/metadata/annotations/container.apparmor.security.beta.kubernetes.io~1app',
    message: /AppArmor profile "unconfined"/,
  },
  {
    name: 'AppArmor pod field',
    level: 'baseline',
    mutate: (s) => (s.securityContext = { appArmorProfile: { type: 'Unconfined' } }),
    path: `${SPEC}/securityContext/appArmorProfile/type`,
    message: /appArmorProfile.type "Unconfined"/,
  },
  {
    name: 'AppArmor container field',
    level: 'baseline',
    mutate: (s) => (s.containers[0].securityContext.appArmorProfile = { type: 'Unconfined' }),
    path: `${C0}/securityContext/appArmorProfile/type`,
    message: /container "app": appArmorProfile/,
  },
  {
    name: 'SELinux type',
    level: 'baseline',
    mutate: (s) => (s.securityContext = { seLinuxOptions: { type: 'spc_t' } }),
    path: `${SPEC}/securityContext/seLinuxOptions/type`,
    message: /seLinuxOptions.type "spc_t" is forbidden; allowed: container_t/,
  },
  {
    name: 'SELinux user',
    level: 'baseline',
    mutate: (s) => (s.containers[0].securityContext.seLinuxOptions = { user: 'system_u' }),
    path: `${C0}/securityContext/seLinuxOptions/user`,
    message: /user may not be set, got "system_u"/,
  },
  {
    name: 'SELinux role',
    level: 'baseline',
    mutate: (s) => (s.containers[0].securityContext.seLinuxOptions = { role: 'system_r' }),
    path: `${C0}/securityContext/seLinuxOptions/role`,
    message: /role may not be set/,
  },
  {
    name: 'procMount Unmasked',
    level: 'baseline',
    mutate: (s) => (s.containers[0].securityContext.procMount = 'Unmasked'),
    path: `${C0}/securityContext/procMount`,
    message: /procMount "Unmasked" is forbidden/,
  },
  {
    name: 'pod seccomp Unconfined',
    level: 'baseline',
    mutate: (s) => (s.securityContext = { seccompProfile: { type: 'Unconfined' } }),
    path: `${SPEC}/securityContext/seccompProfile/type`,
    message: /"Unconfined" is forbidden/,
  },
  {
    name: 'container seccomp Unconfined',
    level: 'baseline',
    mutate: (s) => (s.containers[0].securityContext.seccompProfile = { type: 'Unconfined' }),
    path: `${C0}/securityContext/seccompProfile/type`,
    message: /"Unconfined" is forbidden/,
  },
  {
    name: 'unsafe sysctl',
    level: 'baseline',
    mutate: (s) => (s.securityContext = { sysctls: [{ name: 'kernel.msgmax', value: '1' }] }),
    path: `${SPEC}/securityContext/sysctls/0/name`,
    message: /sysctl "kernel.msgmax" is not in the safe set; allowed: kernel.shm_rmid_forced/,
  },
  {
    name: 'probe host',
    level: 'baseline',
    mutate: (s) => (s.containers[0].livenessProbe = { httpGet: { host: '10.0.0.1', port: 80 } }),
    path: `${C0}/livenessProbe/httpGet/host`,
    message: /httpGet.host may not be set/,
  },
  {
    name: 'lifecycle host',
    level: 'baseline',
    mutate: (s) => (s.containers[0].lifecycle = { preStop: { tcpSocket: { host: 'x', port: 1 } } }),
    path: `${C0}/lifecycle/preStop/tcpSocket/host`,
    message: /tcpSocket.host/,
  },
  {
    name: 'restricted volume type',
    level: 'restricted',
    mutate: (s) => (s.volumes = [{ name: 'n', nfs: { server: 's', path: '/' } }]),
    path: `${SPEC}/volumes/0/nfs`,
    message: /volume type "nfs" is forbidden; allowed: configMap/,
  },
  {
    name: 'allowPrivilegeEscalation unset',
    level: 'restricted',
    mutate: (s) => delete s.containers[0].securityContext.allowPrivilegeEscalation,
    path: `${C0}/securityContext/allowPrivilegeEscalation`,
    message: /must be false, got absent/,
  },
  {
    name: 'allowPrivilegeEscalation true',
    level: 'restricted',
    mutate: (s) => (s.containers[0].securityContext.allowPrivilegeEscalation = true),
    path: `${C0}/securityContext/allowPrivilegeEscalation`,
    message: /must be false, got true/,
  },
  {
    name: 'runAsNonRoot unset',
    level: 'restricted',
    mutate: (s) => delete s.containers[0].securityContext.runAsNonRoot,
    path: `${C0}/securityContext/runAsNonRoot`,
    message: /runAsNonRoot must be true on the pod or on every container/,
  },
  {
    name: 'runAsNonRoot false on the pod',
    level: 'restricted',
    mutate: (s) => (s.securityContext = { runAsNonRoot: false }),
    path: `${SPEC}/securityContext/runAsNonRoot`,
    message: /must be true, got false/,
  },
  {
    name: 'runAsUser 0 (pod)',
    level: 'restricted',
    mutate: (s) => (s.securityContext = { runAsUser: 0 }),
    path: `${SPEC}/securityContext/runAsUser`,
    message: /runAsUser must not be 0/,
  },
  {
    name: 'runAsUser 0 (container)',
    level: 'restricted',
    mutate: (s) => (s.containers[0].securityContext.runAsUser = 0),
    path: `${C0}/securityContext/runAsUser`,
    message: /runAsUser must not be 0/,
  },
  {
    name: 'seccomp unset',
    level: 'restricted',
    mutate: (s) => delete s.containers[0].securityContext.seccompProfile,
    path: `${C0}/securityContext/seccompProfile/type`,
    message: /must be RuntimeDefault or Localhost on the pod or on every container, got absent/,
  },
  {
    name: 'capabilities not dropped',
    level: 'restricted',
    mutate: (s) => (s.containers[0].securityContext.capabilities = {}),
    path: `${C0}/securityContext/capabilities/drop`,
    message: /must include "ALL"/,
  },
  {
    name: 'capability add beyond NET_BIND_SERVICE',
    level: 'restricted',
    mutate: (s) => (s.containers[0].securityContext.capabilities.add = ['CHOWN']),
    path: `${C0}/securityContext/capabilities/add/0`,
    message: /only NET_BIND_SERVICE is allowed/,
  },
];

function build(rule: Rule): J {
  const d = deployment('web', 'app', restrictedPodSpec());
  rule.mutate(d.spec.template.spec, d.spec.template.metadata);
  return d;
}

describe('pod-security', () => {
  test('a restricted-compliant pod passes restricted', () => {
    expect(psa([restrictedNamespace(), deployment('web', 'app', restrictedPodSpec())])).toEqual([]);
  });

  test.each(RULES.map((r) => [r.name, r] as const))('%s: refused at its level with path and value', (_n, rule) => {
    const found = psa([rule.level === 'baseline' ? baselineNamespace() : restrictedNamespace(), build(rule)]);
    expect(found).toContainEqual(
      expect.objectContaining({
        severity: 'error',
        check: 'pod-security',
        object: 'apps/v1 Deployment app/web',
        path: rule.path,
        message: expect.stringMatching(rule.message),
      }),
    );
    expect(found[0].message).toMatch(/namespace app enforces (baseline|restricted):latest/);
  });

  test.each(RULES.map((r) => [r.name, r] as const))('%s: admitted one level below', (_n, rule) => {
    const ns = rule.level === 'baseline' ? namespace('app', { 'pod-security.kubernetes.io/enforce': 'privileged' }) : baselineNamespace();
    expect(psa([ns, build(rule)])).toEqual([]);
  });

  test('allowed values pass baseline', () => {
    const spec = restrictedPodSpec();
    spec.securityContext = {
      seLinuxOptions: { type: 'container_init_t' },
      sysctls: [
        { name: 'net.ipv4.ip_unprivileged_port_start', value: '0' },
        { name: 'net.ipv4.tcp_rmem', value: '1 2 3' },
      ],
      appArmorProfile: { type: 'RuntimeDefault' },
      seccompProfile: { type: 'Localhost', localhostProfile: 'p.json' },
    };
    spec.containers[0].securityContext.capabilities.add = ['NET_BIND_SERVICE'];
    spec.containers[0].securityContext.procMount = 'Default';
    spec.containers[0].ports = [{ containerPort: 8080, hostPort: 0 }];
    spec.volumes = [
      { name: 'a', configMap: { name: 'x' } },
      { name: 'b', emptyDir: {} },
      { name: 'c', projected: { sources: [] } },
      { name: 'd', persistentVolumeClaim: { claimName: 'p' } },
    ];
    const d = deployment('web', 'app', spec, {
      annotations: { 'container.apparmor.security.beta.kubernetes.io/app': 'localhost/k8s-nginx' },
    });
    expect(psa([restrictedNamespace(), d])).toEqual([]);
  });

  test('pod-level runAsNonRoot and seccomp cover every container', () => {
    const spec = {
      securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
      containers: [restrictedContainer('a'), restrictedContainer('b')],
    };
    for (const c of spec.containers) {
      delete c.securityContext.runAsNonRoot;
      delete c.securityContext.seccompProfile;
    }
    expect(psa([restrictedNamespace(), deployment('web', 'app', spec)])).toEqual([]);
  });

  test('init and ephemeral containers are checked too', () => {
    const spec = restrictedPodSpec();
    spec.initContainers = [Object.assign(restrictedContainer('init'), { securityContext: { privileged: true } })];
    spec.ephemeralContainers = [{ name: 'debug', image: 'busybox', securityContext: { capabilities: { add: ['SYS_ADMIN'] } } }];
    const paths = psa([baselineNamespace(), deployment('web', 'app', spec)]).map((f) => f.path);
    expect(paths).toEqual([
      `${SPEC}/initContainers/0/securityContext/privileged`,
      `${SPEC}/ephemeralContainers/0/securityContext/capabilities/add/0`,
    ]);
  });

  test.each([
    ['Pod', pod('p', 'app', { hostNetwork: true }), '/spec/hostNetwork'],
    ['StatefulSet', statefulSet('s', 'app', { hostNetwork: true }), '/spec/template/spec/hostNetwork'],
    ['DaemonSet', daemonSet('d', 'app', { hostNetwork: true }), '/spec/template/spec/hostNetwork'],
    ['Job', job('j', 'app', { hostNetwork: true }), '/spec/template/spec/hostNetwork'],
    ['CronJob', cronJob('c', 'app', { hostNetwork: true }), '/spec/jobTemplate/spec/template/spec/hostNetwork'],
  ])('%s pod templates are evaluated', (_k, obj, path) => {
    expect(psa([baselineNamespace(), obj]).map((f) => f.path)).toEqual([path]);
  });

  test('namespace without a label: the cluster default applies (privileged when not set)', () => {
    const d = deployment('web', 'other', { containers: [{ name: 'a', image: 'x', securityContext: { privileged: true } }] });
    expect(psa([d])).toEqual([]);
    expect(psa([d], { defaultPodSecurity: 'baseline' })).toEqual([
      expect.objectContaining({
        path: `${C0}/securityContext/privileged`,
        message: expect.stringContaining('baseline:latest (cluster default)'),
      }),
    ]);
  });

  test('system namespaces follow the cluster default unless the AdmissionConfiguration exempts them', () => {
    const d = deployment('cpi', 'kube-system', { hostNetwork: true, containers: [{ name: 'a', image: 'x' }] });
    expect(psa([d])).toEqual([]); // the default default: privileged
    expect(psa([d], { defaultPodSecurity: 'restricted' }).length).toBeGreaterThan(0);
    expect(psa([d], { defaultPodSecurity: 'restricted', podSecurityExemptNamespaces: ['kube-system'] })).toEqual([]);
    // an exemption wins over the namespace's label, as in the admission plugin
    expect(psa([baselineNamespace('kube-system'), d], { podSecurityExemptNamespaces: ['kube-system'] })).toEqual([]);
    expect(psa([baselineNamespace('kube-system'), d], { defaultPodSecurity: 'restricted' })).toHaveLength(1);
    // the default namespace is not exempt
    const inDefault = deployment('x', 'default', { hostNetwork: true, containers: [{ name: 'a', image: 'x' }] });
    expect(psa([inDefault], { defaultPodSecurity: 'baseline' })).toHaveLength(1);
  });

  test('a Namespace created outside the stack can carry the enforce label (externalObjects labels)', () => {
    const d = deployment('web', 'ext', { hostNetwork: true, containers: [{ name: 'a', image: 'x' }] });
    const ext = (labels?: Record<string, string>) => ({
      externalObjects: [{ apiVersion: 'v1', kind: 'Namespace', name: 'ext', labels, providedBy: 'the platform team' }],
    });
    expect(psa([d], ext({ 'pod-security.kubernetes.io/enforce': 'baseline' }))).toEqual([
      expect.objectContaining({ message: expect.stringContaining('external Namespace ext (the platform team)') }),
    ]);
    expect(psa([d], ext())).toEqual([]);
  });

  test('an invalid enforce level is a warning and evaluated as restricted', () => {
    const found = psa([
      namespace('app', { 'pod-security.kubernetes.io/enforce': 'strict' }),
      deployment('web', 'app', { containers: [{ name: 'a', image: 'x' }] }),
    ]);
    expect(found[0]).toMatchObject({ severity: 'error', message: expect.stringContaining('Pod Security restricted') });
    expect(found.find((f) => f.severity === 'warning')).toMatchObject({
      object: 'v1 Namespace app',
      path: '/metadata/labels/pod-security.kubernetes.io~1enforce',
      message: expect.stringContaining('invalid Pod Security level "strict"'),
    });
  });

  test('an invalid enforce-version is a warning and latest is used', () => {
    const found = psa([restrictedNamespace('app', 'one'), deployment('web', 'app', restrictedPodSpec())]);
    expect(found).toEqual([
      expect.objectContaining({ severity: 'warning', message: expect.stringContaining('invalid Pod Security version "one"') }),
    ]);
  });

  describe('enforce-version', () => {
    const sysctl = (name: string): J => {
      const s = restrictedPodSpec();
      s.securityContext = { sysctls: [{ name, value: '1' }] };
      return deployment('web', 'app', s);
    };
    test('sysctls allowed since v1.29 are refused at v1.28 and admitted at v1.29', () => {
      expect(psa([baselineNamespace('app', 'v1.28'), sysctl('net.ipv4.tcp_keepalive_time')])).toHaveLength(1);
      expect(psa([baselineNamespace('app', 'v1.29'), sysctl('net.ipv4.tcp_keepalive_time')])).toEqual([]);
      expect(psa([baselineNamespace('app', 'v1.31'), sysctl('net.ipv4.tcp_wmem')])).toHaveLength(1);
      expect(psa([baselineNamespace('app', 'v1.32'), sysctl('net.ipv4.tcp_wmem')])).toEqual([]);
    });
    test('latest means the cluster version when it is known', () => {
      expect(psa([baselineNamespace('app'), sysctl('net.ipv4.tcp_wmem')], { kubernetesVersion: 'v1.30.2' })).toHaveLength(1);
      expect(psa([baselineNamespace('app'), sysctl('net.ipv4.tcp_wmem')], { kubernetesVersion: 'v1.33.4' })).toEqual([]);
    });
    test('a version newer than the cluster is evaluated as the cluster version', () => {
      expect(psa([baselineNamespace('app', 'v1.33'), sysctl('net.ipv4.tcp_wmem')], { kubernetesVersion: '1.31.0' })).toHaveLength(1);
    });
    test('probe hosts are refused from v1.34 only', () => {
      const s = restrictedPodSpec();
      s.containers[0].readinessProbe = { tcpSocket: { host: 'db', port: 5432 } };
      expect(psa([baselineNamespace('app', 'v1.33'), deployment('web', 'app', s)])).toEqual([]);
      expect(psa([baselineNamespace('app', 'v1.34'), deployment('web', 'app', s)])).toHaveLength(1);
    });
    test('runAsUser 0 is refused from v1.23, capabilities from v1.22', () => {
      const s = restrictedPodSpec();
      s.securityContext = { runAsUser: 0 };
      s.containers[0].securityContext.capabilities = {};
      expect(psa([restrictedNamespace('app', 'v1.21'), deployment('web', 'app', s)])).toEqual([]);
      expect(psa([restrictedNamespace('app', 'v1.22'), deployment('web', 'app', s)]).map((f) => f.path)).toEqual([
        `${C0}/securityContext/capabilities/drop`,
      ]);
      expect(psa([restrictedNamespace('app', 'v1.23'), deployment('web', 'app', s)])).toHaveLength(2);
    });
    test('AppArmor fields are checked from v1.30, container_engine_t allowed from v1.31', () => {
      const s = restrictedPodSpec();
      s.securityContext = { appArmorProfile: { type: 'Unconfined' } };
      expect(psa([baselineNamespace('app', 'v1.29'), deployment('web', 'app', s)])).toEqual([]);
      expect(psa([baselineNamespace('app', 'v1.30'), deployment('web', 'app', s)])).toHaveLength(1);
      const t = restrictedPodSpec();
      t.securityContext = { seLinuxOptions: { type: 'container_engine_t' } };
      expect(psa([baselineNamespace('app', 'v1.30'), deployment('web', 'app', t)])).toHaveLength(1);
      expect(psa([baselineNamespace('app', 'v1.31'), deployment('web', 'app', t)])).toEqual([]);
    });
  });

  test('Windows pods are exempt from the Linux-only restricted rules (v1.25+)', () => {
    const spec = { os: { name: 'windows' }, securityContext: { runAsNonRoot: true }, containers: [{ name: 'w', image: 'x' }] };
    expect(psa([restrictedNamespace(), deployment('web', 'app', spec)])).toEqual([]);
    expect(psa([restrictedNamespace('app', 'v1.24'), deployment('web', 'app', spec)]).length).toBeGreaterThan(0);
  });

  test('user-namespaced pods (hostUsers: false) may run as root under restricted', () => {
    const spec = clone(restrictedPodSpec());
    spec.hostUsers = false;
    delete spec.containers[0].securityContext.runAsNonRoot;
    spec.containers[0].securityContext.runAsUser = 0;
    expect(psa([restrictedNamespace(), deployment('web', 'app', spec)])).toEqual([]);
    spec.containers[0].securityContext.procMount = 'Unmasked';
    expect(psa([baselineNamespace(), deployment('web', 'app', spec)])).toEqual([]);
    expect(psa([restrictedNamespace(), deployment('web', 'app', spec)]).map((f) => f.path)).toEqual([`${C0}/securityContext/procMount`]);
  });

  test('non-workload objects and other API groups are ignored', () => {
    expect(
      psa([
        restrictedNamespace(),
        {
          apiVersion: 'example.com/v1',
          kind: 'Deployment',
          metadata: { name: 'x', namespace: 'app' },
          spec: { template: { spec: { hostNetwork: true } } },
        },
      ]),
    ).toEqual([]);
  });
});
