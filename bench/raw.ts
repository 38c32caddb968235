import { ApiObject, App, Chart } from 'cdk8s';
import { BlockPlan, OBJECTS_PER_BLOCK, stackPlan } from './plan';

/** What {@link buildRawStack} built. */
export interface RawStack {
  /** The chart holding every object. */
  readonly chart: Chart;
  /** Kubernetes objects in the chart. */
  readonly objects: number;
}

const NS_LABEL = 'kubernetes.io/metadata.name';
const ANTREA = 'crd.antrea.io/v1beta1';
const RBAC = 'rbac.authorization.k8s.io';

type Json = Record<string, unknown>;

/**
 * The floor: the same objects as {@link buildLibraryStack}, written by hand as plain cdk8s `ApiObject`s (no
 * validation, no construct tree beyond one ApiObject per object, no dependencies), created in the order the library
 * output has, so both sides synthesize to identical JSON and YAML.
 */
export function buildRawStack(app: App, objects: number, chartId = 'bench'): RawStack {
  const plans = stackPlan(objects);
  const chart = new Chart(app, chartId);
  const add: Add = (o) => {
    new ApiObject(chart, `${o.kind}-${o.metadata.namespace ?? ''}-${o.metadata.name}`, o);
  };
  for (const p of plans) {
    addNamespace(add, p, p.webNamespace, 'web', 'edit', {
      'limits.cpu': '8',
      'limits.memory': '16Gi',
      persistentvolumeclaims: '10',
      pods: '50',
      'requests.cpu': '4',
      'requests.memory': '8Gi',
    });
    addNamespace(add, p, p.dbNamespace, 'db', 'view', {
      'requests.cpu': '8',
      'limits.cpu': '16',
      'requests.memory': '32Gi',
      'limits.memory': '64Gi',
      pods: '20',
      persistentvolumeclaims: '20',
      [`${p.storageClassName}.storageclass.storage.k8s.io/requests.storage`]: '200Gi',
    });
  }
  for (const p of plans) addBlock(add, p);
  return { chart, objects: plans.length * OBJECTS_PER_BLOCK };
}

/** A plain Kubernetes object (what a raw cdk8s user passes to `new ApiObject`). */
interface RawObject extends Json {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string; readonly [key: string]: unknown };
}

type Add = (o: RawObject) => void;

function addNamespace(add: Add, p: BlockPlan, name: string, tier: string, role: string, hard: Record<string, string>): void {
  add({
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      name,
      labels: {
        tenant: p.tenant,
        tier,
        'pod-security.kubernetes.io/enforce': 'restricted',
        'pod-security.kubernetes.io/enforce-version': 'latest',
        'pod-security.kubernetes.io/audit': 'restricted',
        'pod-security.kubernetes.io/audit-version': 'latest',
        'pod-security.kubernetes.io/warn': 'restricted',
        'pod-security.kubernetes.io/warn-version': 'latest',
      },
    },
  });
  add({ apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'default-quota', namespace: name }, spec: { hard } });
  add({
    apiVersion: 'v1',
    kind: 'LimitRange',
    metadata: { name: 'default-limits', namespace: name },
    spec: { limits: [{ type: 'Container', default: { cpu: '500m', memory: '512Mi' }, defaultRequest: { cpu: '100m', memory: '128Mi' } }] },
  });
  add({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: 'default-deny-ingress', namespace: name },
    spec: { podSelector: {}, policyTypes: ['Ingress'] },
  });
  add({
    apiVersion: `${RBAC}/v1`,
    kind: 'RoleBinding',
    metadata: { name: `${role}-groups`, namespace: name },
    roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: role },
    subjects: [{ kind: 'Group', apiGroup: RBAC, name: p.group }],
  });
}

function nsSelector(ns: string): Json {
  return { matchLabels: { [NS_LABEL]: ns } };
}

function addBlock(add: Add, p: BlockPlan): void {
  const t = p.tenant;
  const webPods = `${t}-web-pods`;
  const dbPods = `${t}-db-pods`;
  const admin = `${t}-admin-nets`;
  add({
    apiVersion: ANTREA,
    kind: 'ClusterGroup',
    metadata: { name: webPods },
    spec: { podSelector: { matchLabels: { app: 'web' } }, namespaceSelector: nsSelector(p.webNamespace) },
  });
  add({ apiVersion: ANTREA, kind: 'ClusterGroup', metadata: { name: admin }, spec: { ipBlocks: [{ cidr: p.adminCidr }] } });
  add({
    apiVersion: ANTREA,
    kind: 'ClusterGroup',
    metadata: { name: dbPods },
    spec: { podSelector: { matchLabels: { app: 'postgres' } }, namespaceSelector: nsSelector(p.dbNamespace) },
  });
  add({
    apiVersion: ANTREA,
    kind: 'ClusterNetworkPolicy',
    metadata: { name: `${t}-web` },
    spec: {
      priority: p.priorities.web,
      appliedTo: [{ group: webPods }],
      ingress: [
        {
          name: 'allow-https',
          action: 'Allow',
          from: [{ ipBlock: { cidr: '0.0.0.0/0', except: ['10.0.0.0/8'] } }],
          ports: [{ protocol: 'TCP', port: 443 }],
        },
        {
          name: 'allow-ssh-admin',
          action: 'Allow',
          from: [{ group: admin }],
          ports: [{ protocol: 'TCP', port: 22 }],
          enableLogging: true,
          logLabel: `${t}-ssh`,
        },
        { name: 'drop-other-namespaces', action: 'Drop', from: [{ namespaceSelector: {} }] },
      ],
      egress: [
        { name: 'allow-db', action: 'Allow', to: [{ group: dbPods }], ports: [{ protocol: 'TCP', port: 5432 }] },
        {
          name: 'allow-dns',
          action: 'Allow',
          to: [{ podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } }, namespaceSelector: nsSelector('kube-system') }],
          ports: [
            { protocol: 'UDP', port: 53 },
            { protocol: 'TCP', port: 53 },
          ],
        },
      ],
    },
  });
  add({
    apiVersion: ANTREA,
    kind: 'ClusterNetworkPolicy',
    metadata: { name: `${t}-db` },
    spec: {
      priority: p.priorities.db,
      appliedTo: [{ group: dbPods }],
      ingress: [
        { name: 'allow-web', action: 'Allow', from: [{ group: webPods }], ports: [{ protocol: 'TCP', port: 5432 }] },
        { name: 'allow-admin', action: 'Allow', from: [{ group: admin }], ports: [{ protocol: 'TCP', port: 5432, endPort: 5433 }] },
        { name: 'drop-other-namespaces', action: 'Drop', from: [{ namespaceSelector: {} }] },
      ],
      egress: [{ name: 'drop-internet', action: 'Drop', to: [{ ipBlock: { cidr: '0.0.0.0/0' } }] }],
    },
  });
  add({
    apiVersion: ANTREA,
    kind: 'ClusterNetworkPolicy',
    metadata: { name: `${t}-isolation` },
    spec: {
      priority: p.priorities.isolation,
      tier: 'securityops',
      appliedTo: [{ namespaceSelector: { matchLabels: { tenant: t } } }],
      ingress: [
        { name: 'allow-same-tenant', action: 'Allow', from: [{ namespaceSelector: { matchLabels: { tenant: t } } }] },
        { name: 'pass-rest', action: 'Pass' },
      ],
      egress: [{ name: 'allow-same-namespace', action: 'Allow', to: [{ namespaces: { match: 'Self' } }] }],
    },
  });
  const [start, end] = p.poolRange.split('-');
  add({
    apiVersion: ANTREA,
    kind: 'ExternalIPPool',
    metadata: { name: `${t}-egress-pool` },
    spec: { ipRanges: [{ start, end }], nodeSelector: { matchLabels: { 'network-role': 'egress' } } },
  });
  add({
    apiVersion: ANTREA,
    kind: 'Egress',
    metadata: { name: `${t}-web` },
    spec: { appliedTo: { namespaceSelector: nsSelector(p.webNamespace) }, egressIP: p.egressIP, externalIPPool: `${t}-egress-pool` },
  });
  add({
    apiVersion: ANTREA,
    kind: 'Egress',
    metadata: { name: `${t}-db` },
    spec: {
      appliedTo: { namespaceSelector: nsSelector(p.dbNamespace), podSelector: { matchLabels: { app: 'postgres' } } },
      externalIPPool: `${t}-egress-pool`,
    },
  });
  add({
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: {
      name: p.storageClassName,
      ...(p.isDefaultStorageClass ? { annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } } : {}),
    },
    provisioner: 'csi.vsphere.vmware.com',
    parameters: { storagepolicyname: p.storagePolicyName, 'csi.storage.k8s.io/fstype': p.fsType },
    reclaimPolicy: 'Delete',
    allowVolumeExpansion: true,
    volumeBindingMode: p.zones.length > 0 ? 'WaitForFirstConsumer' : 'Immediate',
    ...(p.zones.length > 0
      ? { allowedTopologies: [{ matchLabelExpressions: [{ key: 'topology.csi.vmware.com/k8s-zone', values: [...p.zones] }] }] }
      : {}),
  });
}
