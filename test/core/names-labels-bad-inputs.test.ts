import {
  AppliedTo,
  ClusterNetworkPolicy,
  AntreaNetworkPolicy,
  LabelExpression,
  LabelSelector,
  Peer,
  RuleAction,
  Tier,
} from '../../lib/antrea';
import { renderValue } from '../../lib/core/errors';
import { ClusterPlatform } from '../../lib';
import {
  CloudControllerManager,
  CsiDriverManifest,
  CsiMetricsMonitor,
  VsphereStorageClass,
  VsphereVolumeSnapshotClass,
} from '../../lib/vsphere';
import { BadInput, distinct, err, inChart } from '../fixtures/bad-inputs/rows';

const SUBDOMAIN = 'a DNS-1123 subdomain: at most 253 lowercase alphanumerics, "-" or ".", starting and ending with an alphanumeric';
const LABEL_NAME = 'a DNS-1123 label: at most 63 lowercase alphanumerics or "-", starting and ending with an alphanumeric';
const KEY_NAME = 'a key name of at most 63 characters: alphanumerics, "-", "_" or ".", starting and ending with an alphanumeric';
const KEY_PREFIX = 'a key prefix that is a DNS-1123 subdomain (lowercase alphanumerics, "-" and ".")';
const LABEL_VALUE =
  'a label value of at most 63 characters: empty, or alphanumerics, "-", "_" or ".", starting and ending with an alphanumeric';
const NS_NAME = 'a DNS-1123 label (at most 63 lowercase alphanumerics or "-") that is not "default" and does not start with "kube-"';
const VC = [{ server: 'vc.example.com', datacenters: ['dc1'] }];
const long254 = `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(62)}`; // 254 characters, every label valid
const long64 = 'a'.repeat(64);

const rows: BadInput[] = distinct([
  // object names (DNS-1123 subdomain)
  [
    'StorageClass name with uppercase and underscore',
    inChart((c) => VsphereStorageClass.block(c, 'SC', { name: 'Fast_SSD' })),
    err('test/SC', 'name', '"Fast_SSD"', SUBDOMAIN),
  ],
  [
    'StorageClass name of 254 characters',
    inChart((c) => VsphereStorageClass.block(c, 'SC', { name: long254 })),
    err('test/SC', 'name', renderValue(long254), SUBDOMAIN),
  ],
  [
    'StorageClass name starting with "-"',
    inChart((c) => VsphereStorageClass.file(c, 'SC', { name: '-files' })),
    err('test/SC', 'name', '"-files"', SUBDOMAIN),
  ],
  [
    'StorageClass name ending with "."',
    inChart((c) => VsphereStorageClass.block(c, 'SC', { name: 'block.' })),
    err('test/SC', 'name', '"block."', SUBDOMAIN),
  ],
  [
    'StorageClass name with an empty label ("a..b")',
    inChart((c) => VsphereStorageClass.block(c, 'SC', { name: 'a..b' })),
    err('test/SC', 'name', '"a..b"', SUBDOMAIN),
  ],
  ['empty StorageClass name', inChart((c) => VsphereStorageClass.block(c, 'SC', { name: '' })), err('test/SC', 'name', '""', SUBDOMAIN)],
  [
    'imported StorageClass name with a space',
    inChart((c) => VsphereStorageClass.fromStorageClassName(c, 'Imp', 'my class')),
    err('test/Imp', 'name', '"my class"', SUBDOMAIN),
  ],
  [
    'VolumeSnapshotClass name with "/"',
    inChart((c) => new VsphereVolumeSnapshotClass(c, 'VSC', { name: 'snap/class' })),
    err('test/VSC', 'name', '"snap/class"', SUBDOMAIN),
  ],
  [
    'Tier name with underscore',
    inChart((c) => new Tier(c, 'T', { name: 'sec_team', priority: 120 })),
    err('test/T', 'name', '"sec_team"', SUBDOMAIN),
  ],
  [
    'Tier named like a built-in Tier',
    inChart((c) => new Tier(c, 'T', { name: 'securityops', priority: 120 })),
    err(
      'test/T',
      'name',
      '"securityops"',
      'a name other than the built-in Tier names (emergency, securityops, networkops, platform, application, baseline)',
    ),
  ],
  [
    'construct id that gives no DNS name (Team_A) and no name prop',
    inChart((c) => new Tier(c, 'Team_A', { priority: 120 })),
    err('test/Team_A', 'name', '"team_a"', 'a DNS-1123 subdomain; the construct id does not give one, so set the name prop'),
  ],
  [
    'imported Tier name with a space',
    inChart((c) => Tier.fromTierName(c, 'Imp', 'my tier')),
    err('test/Imp', 'name', '"my tier"', SUBDOMAIN),
  ],
  [
    'ClusterNetworkPolicy name in uppercase',
    inChart((c) => new ClusterNetworkPolicy(c, 'P', { name: 'ACNP-1', priority: 5 })),
    err('test/P', 'name', '"ACNP-1"', SUBDOMAIN),
  ],
  [
    'CCM secretName with uppercase',
    inChart((c) => new CloudControllerManager(c, 'CCM', { vcenters: VC, kubernetesVersion: '1.27', secretName: 'Vsphere-Secret' })),
    err('test/CCM', 'secretName', '"Vsphere-Secret"', SUBDOMAIN),
  ],
  [
    'CCM configMapName with "_"',
    inChart((c) => new CloudControllerManager(c, 'CCM', { vcenters: VC, kubernetesVersion: '1.27', configMapName: 'cloud_config' })),
    err('test/CCM', 'configMapName', '"cloud_config"', SUBDOMAIN),
  ],
  // namespaces (DNS-1123 label)
  [
    'Antrea NetworkPolicy namespace with uppercase',
    inChart((c) => new AntreaNetworkPolicy(c, 'P', { priority: 5, namespace: 'Team-A' })),
    err('test/P', 'namespace', '"Team-A"', LABEL_NAME),
  ],
  [
    'Antrea NetworkPolicy namespace of 64 characters',
    inChart((c) => new AntreaNetworkPolicy(c, 'P', { priority: 5, namespace: long64 })),
    err('test/P', 'namespace', `"${long64}"`, LABEL_NAME),
  ],
  [
    'namespace with a dot (a subdomain, not a label)',
    inChart((c) => new CsiMetricsMonitor(c, 'M', { namespace: 'vmware.csi' })),
    err('test/M', 'namespace', '"vmware.csi"', LABEL_NAME),
  ],
  [
    'CSI driver namespace with "_"',
    inChart((c) => new CsiDriverManifest(c, 'D', { namespace: 'vmware_system_csi' })),
    err('test/D', 'namespace', '"vmware_system_csi"', LABEL_NAME),
  ],
  // labels
  [
    'label key with two "/"',
    inChart((c) => new CsiMetricsMonitor(c, 'M', { labels: { 'a/b/c': 'x' } })),
    err('test/M', 'labels key', '"a/b/c"', 'a key of the form [prefix/]name with at most one "/"'),
  ],
  [
    'label key with an uppercase prefix',
    inChart((c) => new CsiMetricsMonitor(c, 'M', { labels: { 'Example.COM/app': 'x' } })),
    err('test/M', 'labels key', '"Example.COM/app"', KEY_PREFIX),
  ],
  [
    'label key name of 64 characters',
    inChart((c) => new CsiMetricsMonitor(c, 'M', { labels: { [long64]: 'x' } })),
    err('test/M', 'labels key', `"${long64}"`, KEY_NAME),
  ],
  [
    'label key with an empty name after the prefix',
    inChart((c) => new CsiMetricsMonitor(c, 'M', { labels: { 'example.com/': 'x' } })),
    err('test/M', 'labels key', '"example.com/"', KEY_NAME),
  ],
  [
    'label value of 64 characters',
    inChart((c) => new CsiMetricsMonitor(c, 'M', { labels: { team: 'b'.repeat(64) } })),
    err('test/M', 'labels["team"]', `"${'b'.repeat(64)}"`, LABEL_VALUE),
  ],
  [
    'label value starting with "-"',
    inChart((c) => new CsiMetricsMonitor(c, 'M', { labels: { team: '-ops' } })),
    err('test/M', 'labels["team"]', '"-ops"', LABEL_VALUE),
  ],
  [
    'label value with a space',
    inChart((c) => new CsiMetricsMonitor(c, 'M', { labels: { team: 'net ops' } })),
    err('test/M', 'labels["team"]', '"net ops"', LABEL_VALUE),
  ],
  [
    'selector matchLabels key starting with "_"',
    inChart(
      (c) => new ClusterNetworkPolicy(c, 'P', { priority: 5, appliedTo: [AppliedTo.pods(LabelSelector.matchLabels({ _app: 'web' }))] }),
    ),
    err('test/P', 'appliedTo[0].podSelector.matchLabels', '"_app"', `a valid label key: ${KEY_NAME} (Invalid label key)`),
  ],
  [
    'selector matchLabels value ending with "."',
    inChart(
      (c) => new ClusterNetworkPolicy(c, 'P', { priority: 5, appliedTo: [AppliedTo.pods(LabelSelector.matchLabels({ app: 'web.' }))] }),
    ),
    err('test/P', 'appliedTo[0].podSelector.matchLabels["app"]', '"web."', `${LABEL_VALUE} (Invalid label value)`),
  ],
  [
    'selector expression value with "/"',
    inChart(
      (c) =>
        new ClusterNetworkPolicy(c, 'P', {
          priority: 5,
          appliedTo: [AppliedTo.namespaces(LabelSelector.of({ expressions: [LabelExpression.in('env', ['prod/eu'])] }))],
        }),
    ),
    err(
      'test/P',
      'appliedTo[0].namespaceSelector.matchExpressions[0].values[0]',
      '"prod/eu"',
      'a label value: empty, or alphanumerics, "-", "_" or ".", starting and ending with an alphanumeric',
    ),
  ],
  [
    'selector expression key with a space',
    inChart(
      (c) =>
        new ClusterNetworkPolicy(c, 'P', {
          priority: 5,
          appliedTo: [AppliedTo.pods(LabelSelector.of({ expressions: [LabelExpression.exists('my key')] }))],
        }),
    ),
    err('test/P', 'appliedTo[0].podSelector.matchExpressions[0].key', '"my key"', `a valid label key: ${KEY_NAME}`),
  ],
  // peer object names
  [
    'Service name starting with a digit (not DNS-1035)',
    inChart((c) => new ClusterNetworkPolicy(c, 'P', { priority: 5, appliedTo: [AppliedTo.service('1web', 'shop')] })),
    err('test/P', 'appliedTo[0].service.name', '"1web"', 'a Service name (DNS-1035 label)'),
  ],
  [
    'ServiceAccount name with "!"',
    inChart((c) => new ClusterNetworkPolicy(c, 'P', { priority: 5, appliedTo: [AppliedTo.serviceAccount('sa!', 'shop')] })),
    err('test/P', 'appliedTo[0].serviceAccount.name', '"sa!"', 'a ServiceAccount name (DNS-1123 subdomain)'),
  ],
  [
    'ServiceAccount namespace with uppercase',
    inChart(
      (c) =>
        new ClusterNetworkPolicy(c, 'P', {
          priority: 5,
          appliedTo: [AppliedTo.pods(LabelSelector.all())],
          ingress: [{ action: RuleAction.ALLOW, from: [Peer.serviceAccount('web', 'Shop')] }],
        }),
    ),
    err('test/P', 'ingress[0].from[0].serviceAccount.namespace', '"Shop"', 'a Namespace name (DNS-1123 label)'),
  ],
  // application namespaces (ClusterPlatform)
  [
    'application namespace "default"',
    inChart((c) => new ClusterPlatform(c, 'P', { namespaces: [{ name: 'default' }] })),
    err('test/P', 'namespaces[0].name', '"default"', NS_NAME),
  ],
  [
    'application namespace starting with "kube-"',
    inChart((c) => new ClusterPlatform(c, 'P', { namespaces: [{ name: 'kube-apps' }] })),
    err('test/P', 'namespaces[0].name', '"kube-apps"', NS_NAME),
  ],
  [
    'application namespace label that sets Pod Security directly',
    inChart(
      (c) =>
        new ClusterPlatform(c, 'P', { namespaces: [{ name: 'shop', labels: { 'pod-security.kubernetes.io/enforce': 'privileged' } }] }),
    ),
    err(
      'test/P',
      'namespaces[0].labels["pod-security.kubernetes.io/enforce"]',
      '"privileged"',
      'no pod-security.kubernetes.io/* label here (set podSecurity instead)',
    ),
  ],
  [
    'application namespace annotation key with a space',
    inChart((c) => new ClusterPlatform(c, 'P', { namespaces: [{ name: 'shop', annotations: { 'owner team': 'x' } }] })),
    err('test/P', 'namespaces[0].annotations["owner team"]', 'the key "owner team"', KEY_NAME),
  ],
  [
    'RoleBinding role ".."',
    inChart((c) => new ClusterPlatform(c, 'P', { namespaces: [{ name: 'shop', roleBindings: [{ groups: ['devs'], role: '..' }] }] })),
    err('test/P', 'namespaces[0].roleBindings[0].role', '".."', 'admin, edit, view or a custom role name (not "." or "..", no "/" or "%")'),
  ],
  [
    'RoleBinding name with "/"',
    inChart(
      (c) =>
        new ClusterPlatform(c, 'P', {
          namespaces: [{ name: 'shop', roleBindings: [{ groups: ['devs'], role: 'edit', name: 'devs/edit' }] }],
        }),
    ),
    err('test/P', 'namespaces[0].roleBindings[0].name', '"devs/edit"', 'a RoleBinding name (not "." or "..", no "/" or "%")'),
  ],
]);

describe('bad names and labels', () => {
  test.each(rows)('%s', (_description, build, expected) => {
    expect(build).toThrow(expected);
  });
});
