import { Chart, Testing } from 'cdk8s';
import { warningsOf } from '../../lib/core/secret-value';
import { ApplicationNamespace, ApplicationNamespaceProps, ClusterPlatform } from '../../lib';
import { findObject, synthValid } from '../helpers';

beforeAll(() => {
  process.env.VSPHERE_K8S_SILENCE_WARNINGS = '1';
});

const PSA_RESTRICTED_LATEST = {
  'pod-security.kubernetes.io/enforce': 'restricted',
  'pod-security.kubernetes.io/enforce-version': 'latest',
  'pod-security.kubernetes.io/audit': 'restricted',
  'pod-security.kubernetes.io/audit-version': 'latest',
  'pod-security.kubernetes.io/warn': 'restricted',
  'pod-security.kubernetes.io/warn-version': 'latest',
};

describe('ClusterPlatform', () => {
  test('a namespace gets restricted Pod Security, quota, limits and default-deny ingress by default', () => {
    const chart = Testing.chart();
    new ClusterPlatform(chart, 'Platform', { namespaces: [{ name: 'app01' }] });
    const objects = synthValid(chart);
    expect(objects).toEqual([
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'app01', labels: PSA_RESTRICTED_LATEST } },
      {
        apiVersion: 'v1',
        kind: 'ResourceQuota',
        metadata: { name: 'default-quota', namespace: 'app01' },
        spec: {
          hard: {
            'requests.cpu': '4',
            'limits.cpu': '8',
            'requests.memory': '8Gi',
            'limits.memory': '16Gi',
            pods: '50',
            persistentvolumeclaims: '10',
          },
        },
      },
      {
        apiVersion: 'v1',
        kind: 'LimitRange',
        metadata: { name: 'default-limits', namespace: 'app01' },
        spec: {
          limits: [{ type: 'Container', default: { cpu: '500m', memory: '512Mi' }, defaultRequest: { cpu: '100m', memory: '128Mi' } }],
        },
      },
      {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: { name: 'default-deny-ingress', namespace: 'app01' },
        spec: { podSelector: {}, policyTypes: ['Ingress'] },
      },
    ]);
    expect(warningsOf(chart)).toEqual([]);
  });

  test('role bindings bind directory groups to built-in and custom roles', () => {
    const chart = Testing.chart();
    const platform = new ClusterPlatform(chart, 'Platform', {
      namespaces: [
        {
          name: 'app01',
          roleBindings: [
            { groups: ['sso:app01-team-owner@corp.example', 'sso:Tanzu Administrators@corp.example'], role: 'admin' },
            { groups: ['app01-devs'], role: 'edit' },
            { groups: ['auditors'], role: 'view', name: 'auditors-view' },
            { groups: ['deployers'], role: 'app01-deployer', roleKind: 'Role' },
          ],
        },
      ],
    });
    platform.namespace('app01')!.addRoleBinding({ groups: ['readers'], role: 'view' });
    const objects = synthValid(chart);
    expect(findObject(objects, 'RoleBinding', 'admin-groups', 'app01')).toEqual({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'admin-groups', namespace: 'app01' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'admin' },
      subjects: [
        { apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'sso:app01-team-owner@corp.example' },
        { apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'sso:Tanzu Administrators@corp.example' },
      ],
    });
    expect(findObject(objects, 'RoleBinding', 'edit-groups', 'app01').roleRef).toEqual({
      apiGroup: 'rbac.authorization.k8s.io',
      kind: 'ClusterRole',
      name: 'edit',
    });
    expect(findObject(objects, 'RoleBinding', 'auditors-view', 'app01').subjects).toEqual([
      { apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'auditors' },
    ]);
    expect(findObject(objects, 'RoleBinding', 'app01-deployer-groups', 'app01').roleRef).toEqual({
      apiGroup: 'rbac.authorization.k8s.io',
      kind: 'Role',
      name: 'app01-deployer',
    });
    expect(findObject(objects, 'RoleBinding', 'view-groups', 'app01').roleRef.name).toBe('view');
    expect(platform.namespace('app01')!.roleBindings.map((b) => b.name ?? `${b.role}-groups`)).toEqual([
      'admin-groups',
      'edit-groups',
      'auditors-view',
      'app01-deployer-groups',
      'view-groups',
    ]);
  });

  test('the Namespace comes before every namespaced object, also in a chart with a namespace', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'test', { namespace: 'elsewhere' });
    const platform = new ClusterPlatform(chart, 'Platform');
    const ns = platform.addNamespace({ name: 'app02', roleBindings: [{ groups: ['g'], role: 'edit' }] });
    const objects = synthValid(chart);
    expect(objects[0]).toEqual({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'app02', labels: PSA_RESTRICTED_LATEST } });
    expect(objects.slice(1).map((o) => [o.kind, o.metadata?.namespace])).toEqual([
      ['ResourceQuota', 'app02'],
      ['LimitRange', 'app02'],
      ['NetworkPolicy', 'app02'],
      ['RoleBinding', 'app02'],
    ]);
    for (const child of ns.node.children) {
      if (child === ns.apiObject) continue;
      expect(child.node.dependencies).toContain(ns.apiObject);
    }
  });

  test('Pod Security levels and versions per mode', () => {
    const chart = Testing.chart();
    new ClusterPlatform(chart, 'Platform', {
      namespaces: [{ name: 'legacy', podSecurity: { enforce: 'baseline', warn: 'restricted', version: 'v1.27', auditVersion: 'latest' } }],
    });
    expect(findObject(synthValid(chart), 'Namespace', 'legacy').metadata.labels).toEqual({
      'pod-security.kubernetes.io/enforce': 'baseline',
      'pod-security.kubernetes.io/enforce-version': 'v1.27',
      'pod-security.kubernetes.io/audit': 'baseline',
      'pod-security.kubernetes.io/audit-version': 'latest',
      'pod-security.kubernetes.io/warn': 'restricted',
      'pod-security.kubernetes.io/warn-version': 'v1.27',
    });
  });

  test('namespace defaults apply to every namespace; a namespace setting wins', () => {
    const chart = Testing.chart();
    new ClusterPlatform(chart, 'Platform', {
      namespaceDefaults: { podSecurity: { enforce: 'baseline' }, quota: { pods: 20 }, limitRange: false, defaultDenyIngress: false },
      namespaces: [{ name: 'a' }, { name: 'b', quota: false, podSecurity: { enforce: 'privileged' }, defaultDenyIngress: true }],
    });
    const objects = synthValid(chart);
    expect(objects.map((o) => `${o.kind}/${o.metadata?.namespace ?? ''}/${o.metadata?.name}`)).toEqual([
      'Namespace//a',
      'ResourceQuota/a/default-quota',
      'Namespace//b',
      'NetworkPolicy/b/default-deny-ingress',
    ]);
    expect(findObject(objects, 'ResourceQuota', 'default-quota', 'a').spec).toEqual({ hard: { pods: '20' } });
    expect(findObject(objects, 'Namespace', 'a').metadata.labels['pod-security.kubernetes.io/enforce']).toBe('baseline');
    expect(findObject(objects, 'Namespace', 'b').metadata.labels['pod-security.kubernetes.io/enforce']).toBe('privileged');
  });

  test('quota, limits, labels and annotations as given', () => {
    const chart = Testing.chart();
    const ns = new ApplicationNamespace(chart, 'Ns', {
      name: 'data',
      labels: { team: 'data', 'app.kubernetes.io/part-of': 'lake' },
      annotations: { 'networkpolicy.antrea.io/enable-logging': 'true' },
      quota: {
        requestsCpu: '2',
        limitsCpu: '4',
        requestsMemory: '4Gi',
        limitsMemory: '8Gi',
        requestsStorage: '500Gi',
        persistentVolumeClaims: 5,
        services: 10,
        servicesLoadBalancers: 1,
        servicesNodePorts: 0,
        additional: { 'vsphere-block.storageclass.storage.k8s.io/requests.storage': '200Gi' },
      },
      limitRange: {
        defaultCpu: '1',
        defaultMemory: '1Gi',
        defaultRequestCpu: '250m',
        defaultRequestMemory: '256Mi',
        maxCpu: '2',
        maxMemory: '2Gi',
        minCpu: '10m',
        minMemory: '16Mi',
      },
    });
    const objects = synthValid(chart);
    expect(findObject(objects, 'Namespace', 'data').metadata).toEqual({
      name: 'data',
      labels: { team: 'data', 'app.kubernetes.io/part-of': 'lake', ...PSA_RESTRICTED_LATEST },
      annotations: { 'networkpolicy.antrea.io/enable-logging': 'true' },
    });
    expect(findObject(objects, 'ResourceQuota', 'default-quota', 'data').spec.hard).toEqual({
      'requests.cpu': '2',
      'limits.cpu': '4',
      'requests.memory': '4Gi',
      'limits.memory': '8Gi',
      'requests.storage': '500Gi',
      persistentvolumeclaims: '5',
      services: '10',
      'services.loadbalancers': '1',
      'services.nodeports': '0',
      'vsphere-block.storageclass.storage.k8s.io/requests.storage': '200Gi',
    });
    expect(findObject(objects, 'LimitRange', 'default-limits', 'data').spec.limits).toEqual([
      {
        type: 'Container',
        default: { cpu: '1', memory: '1Gi' },
        defaultRequest: { cpu: '250m', memory: '256Mi' },
        max: { cpu: '2', memory: '2Gi' },
        min: { cpu: '10m', memory: '16Mi' },
      },
    ]);
    expect(ns.quota?.['services.nodeports']).toBe('0');
  });

  test('warns when the quota demands requests or limits that no LimitRange default fills in', () => {
    const chart = Testing.chart();
    new ClusterPlatform(chart, 'Platform', {
      namespaces: [{ name: 'a', quota: { requestsCpu: '1', limitsMemory: '1Gi' }, limitRange: false }],
    });
    synthValid(chart);
    expect(warningsOf(chart)).toEqual([
      '[test/Platform/a] the ResourceQuota limits requests.cpu, limits.memory but the LimitRange gives no default for it: Pods that do not set it are rejected',
    ]);
  });
});

describe('ClusterPlatform validation', () => {
  const bad = (props: Partial<ApplicationNamespaceProps> & Record<string, unknown>): (() => void) => {
    return () => new ClusterPlatform(Testing.chart(), 'P', { namespaces: [{ name: 'app01', ...props } as ApplicationNamespaceProps] });
  };

  test('should throw for a name that is not a DNS label', () => {
    expect(bad({ name: 'App_01' })).toThrow(
      /\[test\/P\] namespaces\[0\]\.name: got "App_01", expected a DNS-1123 label .* not "default" and does not start with "kube-"/,
    );
  });
  test('should throw for kube-system and default', () => {
    expect(bad({ name: 'kube-system' })).toThrow(/\[test\/P\] namespaces\[0\]\.name: got "kube-system", expected a DNS-1123 label/);
    expect(bad({ name: 'default' })).toThrow(/namespaces\[0\]\.name: got "default"/);
  });
  test('should throw for an unknown Pod Security level', () => {
    expect(bad({ podSecurity: { enforce: 'strict' as never } })).toThrow(
      '[test/P] namespaces[0].podSecurity.enforce: got "strict", expected one of privileged, baseline, restricted',
    );
  });
  test('should throw for a Pod Security version with a patch', () => {
    expect(bad({ podSecurity: { version: 'v1.27.3' } })).toThrow(
      '[test/P] namespaces[0].podSecurity.version: got "v1.27.3", expected latest or a Kubernetes minor version such as v1.27',
    );
  });
  test('should throw for a pod-security label set by hand', () => {
    expect(bad({ labels: { 'pod-security.kubernetes.io/enforce': 'privileged' } })).toThrow(
      '[test/P] namespaces[0].labels["pod-security.kubernetes.io/enforce"]: got "privileged", expected no pod-security.kubernetes.io/* label here (set podSecurity instead)',
    );
  });
  test('should throw for a bad label value', () => {
    expect(bad({ labels: { team: 'a b' } })).toThrow(
      /\[test\/P\] namespaces\[0\]\.labels\.team: got "a b", expected a label value of at most 63 characters/,
    );
  });
  test('should throw for a bad annotation key', () => {
    expect(bad({ annotations: { 'a/b/c': 'x' } })).toThrow(
      /\[test\/P\] namespaces\[0\]\.annotations\["a\/b\/c"\]: got the key "a\/b\/c", expected a key of the form \[prefix\/\]name/,
    );
  });
  test('should throw for a bad quantity', () => {
    expect(bad({ quota: { limitsCpu: 'lots' } })).toThrow(
      '[test/P] namespaces[0].quota.limitsCpu: got "lots", expected a non-negative Kubernetes quantity such as "500m", "2", "8Gi"',
    );
  });
  test('should throw for a negative count', () => {
    expect(bad({ quota: { pods: -1 } })).toThrow('[test/P] namespaces[0].quota.pods: got -1, expected a non-negative integer');
  });
  test('should throw for an empty quota', () => {
    expect(bad({ quota: {} })).toThrow(
      '[test/P] namespaces[0].quota: got {}, expected at least one quota entry, or false for no ResourceQuota',
    );
  });
  test('should throw for an additional quota entry that has a typed field', () => {
    expect(bad({ quota: { additional: { 'limits.cpu': '2' } } })).toThrow(
      '[test/P] namespaces[0].quota.additional["limits.cpu"]: got "limits.cpu", expected a resource name not covered by a typed field (use namespaces[0].quota.limitsCpu)',
    );
  });
  test('should throw for an unknown quota key with a hint', () => {
    expect(bad({ quota: { cpuLimits: '2' } as never })).toThrow(
      /namespaces\[0\]\.quota\.cpuLimits: got the unknown key "cpuLimits", expected one of the keys requestsCpu/,
    );
  });
  test('should throw for a default request above the default limit', () => {
    expect(bad({ limitRange: { defaultCpu: '500m', defaultRequestCpu: '1' } })).toThrow(
      '[test/P] namespaces[0].limitRange.defaultCpu: got "500m", expected a quantity of at least defaultRequestCpu (1): min <= defaultRequest <= default <= max',
    );
  });
  test('should throw for a max below the min', () => {
    expect(bad({ limitRange: { minMemory: '1Gi', maxMemory: '512Mi' } })).toThrow(
      /namespaces\[0\]\.limitRange\.maxMemory: got "512Mi", expected a quantity of at least minMemory \(1Gi\)/,
    );
  });
  test('should throw for an empty LimitRange', () => {
    expect(bad({ limitRange: {} })).toThrow(
      '[test/P] namespaces[0].limitRange: got {}, expected at least one limit, or false for no LimitRange',
    );
  });
  test('should throw for a role binding without groups', () => {
    expect(bad({ roleBindings: [{ groups: [], role: 'edit' }] })).toThrow(
      '[test/P] namespaces[0].roleBindings[0].groups: got [], expected a list of at least 1 group names',
    );
  });
  test('should throw for an empty group name', () => {
    expect(bad({ roleBindings: [{ groups: [''], role: 'edit' }] })).toThrow(
      '[test/P] namespaces[0].roleBindings[0].groups[0]: got "", expected a non-empty group name',
    );
  });
  test('should throw for a group listed twice', () => {
    expect(bad({ roleBindings: [{ groups: ['a', 'a'], role: 'edit' }] })).toThrow(
      '[test/P] namespaces[0].roleBindings[0].groups[1]: got "a", expected group names listed once',
    );
  });
  test('should throw for a role name with a slash', () => {
    expect(bad({ roleBindings: [{ groups: ['a'], role: 'a/b' }] })).toThrow(
      /\[test\/P\] namespaces\[0\]\.roleBindings\[0\]\.role: got "a\/b", expected admin, edit, view or a custom role name/,
    );
  });
  test('should throw for an unknown role kind', () => {
    expect(bad({ roleBindings: [{ groups: ['a'], role: 'x', roleKind: 'Group' as never }] })).toThrow(
      '[test/P] namespaces[0].roleBindings[0].roleKind: got "Group", expected one of ClusterRole, Role',
    );
  });
  test('should throw for two bindings with the same name', () => {
    expect(
      bad({
        roleBindings: [
          { groups: ['a'], role: 'edit' },
          { groups: ['b'], role: 'edit' },
        ],
      }),
    ).toThrow(
      '[test/P] namespaces[0].roleBindings[1].name: got "edit-groups", expected a RoleBinding name not already used by namespaces[0].roleBindings[0] (set name)',
    );
  });
  test('should throw for a binding added later with a used name', () => {
    const ns = new ApplicationNamespace(Testing.chart(), 'Ns', { name: 'a', roleBindings: [{ groups: ['a'], role: 'edit' }] });
    expect(() => ns.addRoleBinding({ groups: ['b'], role: 'edit' })).toThrow(
      '[test/Ns] roleBindings[1].name: got "edit-groups", expected a RoleBinding name not already used in this namespace (set name)',
    );
  });
  test('should throw for two namespaces with the same name', () => {
    const platform = new ClusterPlatform(Testing.chart(), 'P', { namespaces: [{ name: 'a' }] });
    expect(() => platform.addNamespace({ name: 'a' })).toThrow(
      '[test/P] namespaces[1].name: got "a", expected a namespace name not already used in this platform',
    );
  });
  test('should throw for an unknown prop', () => {
    expect(bad({ quotas: false })).toThrow(
      /\[test\/P\] namespaces\[0\]\.quotas: got the unknown key "quotas", expected one of the keys .* \(did you mean "quota"\?\)/,
    );
  });
  test('should throw for a bad label key', () => {
    expect(bad({ labels: { '-bad': 'x' } })).toThrow(
      /\[test\/P\] namespaces\[0\]\.labels\["-bad"\]: got the key "-bad", expected a key name of at most 63 characters/,
    );
  });
  test('should throw for a bad role binding name', () => {
    expect(bad({ roleBindings: [{ groups: ['a'], role: 'edit', name: '..' }] })).toThrow(
      '[test/P] namespaces[0].roleBindings[0].name: got "..", expected a RoleBinding name (not "." or "..", no "/" or "%")',
    );
  });
  test('should throw for a bad additional quota resource name', () => {
    expect(bad({ quota: { additional: { 'a b': '1' } } })).toThrow(
      /\[test\/P\] namespaces\[0\]\.quota\.additional\["a b"\]: got "a b", expected a resource name: /,
    );
  });
  test('should throw for a bad additional quota quantity', () => {
    expect(bad({ quota: { additional: { 'count/jobs.batch': 'ten' } } })).toThrow(
      '[test/P] namespaces[0].quota.additional["count/jobs.batch"]: got "ten", expected a non-negative Kubernetes quantity such as "500m", "2", "8Gi"',
    );
  });
  test('should throw for a namespace that is not an object', () => {
    expect(() => new ClusterPlatform(Testing.chart(), 'P', { namespaces: ['app01' as never] })).toThrow(
      '[test/P] namespaces[0]: got "app01", expected a namespace description with at least a name',
    );
  });
  test('should throw for bad namespace defaults', () => {
    expect(() => new ClusterPlatform(Testing.chart(), 'P', { namespaceDefaults: { defaultDenyIngress: 'yes' as never } })).toThrow(
      '[test/P] namespaceDefaults.defaultDenyIngress: got "yes", expected true or false',
    );
  });
});
