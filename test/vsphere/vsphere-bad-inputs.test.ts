import { Chart } from 'cdk8s';
import {
  ClusterId,
  CloudControllerManager,
  CloudControllerManagerProps,
  CsiDriver,
  CsiDriverProps,
  NetPermissionAccess,
  VCenterProps,
  VsphereCredentials,
} from '../../lib/vsphere';
import { BadInput, distinct, err, inChart } from '../fixtures/bad-inputs/rows';

const VC: VCenterProps = { server: 'vc.example.com', datacenters: ['dc1'] };
const SERVER = 'a vCenter host name (RFC 1123, e.g. vcenter.example.internal) or an IPv4/IPv6 address, without scheme or port';
const DC = 'a datacenter name or folder/dc path without commas, control characters or leading/trailing spaces';
const THUMB = 'a certificate thumbprint of 20 (SHA-1) or 32 (SHA-256) colon-separated hex bytes';
const sha1 = (byte: string, n = 20): string => Array(n).fill(byte).join(':');

function csi(c: Chart, props: Partial<CsiDriverProps>): CsiDriver {
  return new CsiDriver(c, 'Csi', { vcenters: [VC], clusterId: ClusterId.of('prod-east'), kubernetesVersion: '1.33', ...props });
}

function csiWith(vc: Partial<VCenterProps>): (c: Chart) => CsiDriver {
  return (c) => csi(c, { vcenters: [{ ...VC, ...vc }] });
}

function ccm(c: Chart, props: Partial<CloudControllerManagerProps>): CloudControllerManager {
  return new CloudControllerManager(c, 'CCM', { vcenters: [VC], kubernetesVersion: '1.33', ...props });
}

const rows: BadInput[] = distinct([
  // vCenter entries (shared by the CSI driver and the CCM)
  [
    'vCenter server with a scheme',
    inChart(csiWith({ server: 'https://vc.example.com' })),
    err('test/Csi', 'vcenters[0].server', '"https://vc.example.com"', SERVER),
  ],
  [
    'vCenter server with a port',
    inChart(csiWith({ server: 'vc.example.com:8443' })),
    err('test/Csi', 'vcenters[0].server', '"vc.example.com:8443"', SERVER),
  ],
  [
    'vCenter server that is a malformed IPv4 address',
    inChart(csiWith({ server: '10.0.0.256' })),
    err('test/Csi', 'vcenters[0].server', '"10.0.0.256"', SERVER),
  ],
  ['empty vCenter server', inChart(csiWith({ server: '' })), err('test/Csi', 'vcenters[0].server', '""', SERVER)],
  [
    'vCenter server with a 64-character label',
    inChart(csiWith({ server: `${'v'.repeat(64)}.example.com` })),
    err('test/Csi', 'vcenters[0].server', `"${'v'.repeat(64)}.example.com"`, SERVER),
  ],
  [
    'vCenter server with "_"',
    inChart((c) => ccm(c, { vcenters: [{ ...VC, server: 'vc_01.example.com' }] })),
    err('test/CCM', 'vcenters[0].server', '"vc_01.example.com"', SERVER),
  ],
  [
    'no datacenters',
    inChart(csiWith({ datacenters: [] })),
    err('test/Csi', 'vcenters[0].datacenters', '[]', 'a non-empty list of datacenter names'),
  ],
  [
    'datacenter name with a comma',
    inChart(csiWith({ datacenters: ['dc1,dc2'] })),
    err('test/Csi', 'vcenters[0].datacenters[0]', '"dc1,dc2"', DC),
  ],
  [
    'datacenter name with a leading space',
    inChart(csiWith({ datacenters: [' dc1'] })),
    err('test/Csi', 'vcenters[0].datacenters[0]', '" dc1"', DC),
  ],
  [
    'datacenter name with a line break',
    inChart(csiWith({ datacenters: ['dc\n1'] })),
    err('test/Csi', 'vcenters[0].datacenters[0]', '"dc\\n1"', DC),
  ],
  [
    'datacenter listed twice',
    inChart(csiWith({ datacenters: ['dc1', 'dc1'] })),
    err('test/Csi', 'vcenters[0].datacenters[1]', '"dc1"', 'a datacenter not already listed for this vCenter'),
  ],
  ['vCenter port 0', inChart(csiWith({ port: 0 })), err('test/Csi', 'vcenters[0].port', '0', 'an integer from 1 to 65535')],
  [
    'vCenter port 70000',
    inChart((c) => ccm(c, { vcenters: [{ ...VC, port: 70000 }] })),
    err('test/CCM', 'vcenters[0].port', '70000', 'an integer from 1 to 65535'),
  ],
  [
    'thumbprint of 19 bytes',
    inChart(csiWith({ thumbprint: sha1('AB', 19) })),
    err('test/Csi', 'vcenters[0].thumbprint', `"${sha1('AB', 19)}"`, THUMB),
  ],
  [
    'thumbprint with non-hex bytes',
    inChart(csiWith({ thumbprint: sha1('ZZ') })),
    err('test/Csi', 'vcenters[0].thumbprint', `"${sha1('ZZ')}"`, THUMB),
  ],
  [
    'thumbprint without colons',
    inChart(csiWith({ thumbprint: 'AB'.repeat(20) })),
    err('test/Csi', 'vcenters[0].thumbprint', `"${'AB'.repeat(20)}"`, THUMB),
  ],
  [
    'relative caFile',
    inChart(csiWith({ caFile: 'certs/vc-ca.pem' })),
    err(
      'test/Csi',
      'vcenters[0].caFile',
      '"certs/vc-ca.pem"',
      'an absolute path without whitespace or control characters, e.g. /etc/cloud/vc-ca.pem',
    ),
  ],
  [
    'both thumbprint and caFile',
    inChart(csiWith({ thumbprint: sha1('0A'), caFile: '/etc/cloud/vc-ca.pem' })),
    err('test/Csi', 'vcenters[0].caFile', '"/etc/cloud/vc-ca.pem"', 'either thumbprint or caFile, not both'),
  ],
  [
    'insecure together with a thumbprint',
    inChart(csiWith({ insecure: true, thumbprint: sha1('0B', 32) })),
    err(
      'test/Csi',
      'vcenters[0].insecure',
      'true',
      'false when thumbprint, caCertificate or caFile is set (they are ignored when certificate verification is off)',
    ),
  ],
  [
    'vCenter label with a space',
    inChart((c) => ccm(c, { vcenters: [{ ...VC, label: 'vc one' }] })),
    err('test/CCM', 'vcenters[0].label', '"vc one"', 'a tenant label of letters, digits, ".", "_", ":" or "-" (at most 253 characters)'),
  ],
  [
    'the same vCenter twice (different letter case)',
    inChart((c) => ccm(c, { vcenters: [{ ...VC, server: 'VC.example.com' }, VC] })),
    err('test/CCM', 'vcenters[1].server', '"vc.example.com"', 'a server not already used by vcenters[0]'),
  ],
  [
    'two vCenters with the same label',
    inChart((c) =>
      ccm(c, {
        vcenters: [
          { ...VC, label: 'main' },
          { server: 'vc2.example.com', datacenters: ['dc2'], label: 'main' },
        ],
      }),
    ),
    err('test/CCM', 'vcenters[1].label', '"main"', 'a label not already used by vcenters[0]'),
  ],
  ['no vCenter at all', inChart((c) => ccm(c, { vcenters: [] })), err('test/CCM', 'vcenters', '[]', 'at least one vCenter')],
  [
    'six vCenters for the CSI driver',
    inChart((c) =>
      csi(c, {
        topologyCategories: ['k8s-zone'],
        vcenters: [1, 2, 3, 4, 5, 6].map((i) => ({ server: `vc${i}.example.com`, datacenters: ['dc'] })),
      }),
    ),
    err(
      'test/Csi',
      'vcenters',
      '["vc1.example.com","vc2.example.com","vc3.example.com","vc4.example.com","vc5.example.com","vc6.example.com"]',
      'at most 5 vCenters',
    ),
  ],
  // csi-vsphere.conf
  [
    'two vCenters without topology categories',
    inChart((c) => csi(c, { vcenters: [VC, { server: 'vc2.example.com', datacenters: ['dc2'] }] })),
    err(
      'test/Csi',
      'topologyCategories',
      'undefined',
      'at least one tag category when more than one vCenter is configured (got 2 vCenters)',
    ),
  ],
  [
    'cluster-id of 65 characters',
    () => ClusterId.of('c'.repeat(65)),
    err('ClusterId.of', 'id', `"${'c'.repeat(65)}"`, 'a cluster id of at most 64 characters'),
  ],
  [
    'cluster-id with a trailing space',
    () => ClusterId.of('prod-east '),
    err('ClusterId.of', 'id', '"prod-east "', 'a non-empty cluster id without leading/trailing spaces'),
  ],
  [
    'cluster-id given as a plain string',
    inChart((c) => csi(c, { clusterId: 'prod-east' as unknown as ClusterId })),
    err('test/Csi', 'clusterId', '"prod-east"', 'a ClusterId: ClusterId.of("<unique per vCenter>") or ClusterId.generatedByDriver()'),
  ],
  [
    'six topology categories',
    inChart((c) => csi(c, { topologyCategories: ['a', 'b', 'c', 'd', 'e', 'f'] })),
    err('test/Csi', 'topologyCategories', '["a","b","c","d","e","f"]', 'at most 5 tag categories'),
  ],
  [
    'topology category listed twice',
    inChart((c) => csi(c, { topologyCategories: ['k8s-zone', 'k8s-zone'] })),
    err('test/Csi', 'topologyCategories[1]', '"k8s-zone"', 'a tag category not already listed'),
  ],
  [
    'topology category with a comma',
    inChart((c) => csi(c, { topologyCategories: ['k8s-region,k8s-zone'] })),
    err(
      'test/Csi',
      'topologyCategories[0]',
      '"k8s-region,k8s-zone"',
      'a vSphere tag category name without commas, control characters or leading/trailing spaces',
    ),
  ],
  [
    'deprecated zone category together with topology categories',
    inChart((c) => csi(c, { topologyCategories: ['k8s-zone'], zoneCategory: 'k8s-zone' })),
    err(
      'test/Csi',
      'zoneCategory',
      '"k8s-zone"',
      'no deprecated zone/region category when topologyCategories is set (the driver rejects the combination)',
    ),
  ],
  [
    'NetPermissions access "FULL"',
    inChart((c) => csi(c, { netPermissions: [{ name: 'all', permissions: 'FULL' as NetPermissionAccess }] })),
    err('test/Csi', 'netPermissions[0].permissions', '"FULL"', 'one of READ_WRITE, READ_ONLY, NO_ACCESS'),
  ],
  [
    'NetPermissions clients given as a word',
    inChart((c) => csi(c, { netPermissions: [{ name: 'all', ips: 'everyone' }] })),
    err('test/Csi', 'netPermissions[0].ips', '"everyone"', '"*", an IP address, a range "<start IP>-<end IP>" or a CIDR'),
  ],
  [
    'NetPermissions clients as a reversed range',
    inChart((c) => csi(c, { netPermissions: [{ name: 'all', ips: '10.0.0.9-10.0.0.1' }] })),
    err('test/Csi', 'netPermissions[0].ips', '"10.0.0.9-10.0.0.1"', 'a range whose start is not after its end'),
  ],
  [
    'two NetPermissions sections with one name',
    inChart((c) => csi(c, { netPermissions: [{ name: 'lan' }, { name: 'lan', ips: '10.0.0.0/8' }] })),
    err('test/Csi', 'netPermissions[1].name', '"lan"', 'a name not already used by netPermissions[0]'),
  ],
  [
    'NetPermissions with an empty name',
    inChart((c) => csi(c, { netPermissions: [{ name: '' }] })),
    err('test/Csi', 'netPermissions[0].name', '""', 'a non-empty section name without control characters'),
  ],
  [
    'global snapshot limit 0',
    inChart((c) => csi(c, { snapshot: { globalMaxSnapshotsPerBlockVolume: 0 } })),
    err('test/Csi', 'snapshot.globalMaxSnapshotsPerBlockVolume', '0', 'an integer of at least 1'),
  ],
  [
    'vSAN snapshot limit -1',
    inChart((c) => csi(c, { snapshot: { granularMaxSnapshotsPerBlockVolumeVsan: -1 } })),
    err('test/Csi', 'snapshot.granularMaxSnapshotsPerBlockVolumeVsan', '-1', 'an integer of at least 0'),
  ],
  [
    'cluster distribution of 129 characters',
    inChart((c) => csi(c, { clusterDistribution: 'd'.repeat(129) })),
    err('test/Csi', 'clusterDistribution', `"${'d'.repeat(129)}"`, 'a distribution name of 1 to 128 characters without control characters'),
  ],
  // versions
  [
    'Kubernetes 1.27 with CSI driver 3.7.3',
    inChart((c) => csi(c, { kubernetesVersion: '1.27' })),
    err('test/Csi', 'kubernetesVersion', '"1.27"', 'a Kubernetes minor from 1.33 to 1.35 (supported by vSphere CSI driver 3.7.3)'),
  ],
  [
    'Kubernetes version "latest"',
    inChart((c) => csi(c, { kubernetesVersion: 'latest' })),
    err('test/Csi', 'kubernetesVersion', '"latest"', 'a Kubernetes version such as "1.33", "1.33.2" or "v1.33.2"'),
  ],
  [
    'unsupported CSI driver version',
    inChart((c) => csi(c, { version: '2.0.0' })),
    err('test/Csi', 'version', '"2.0.0"', 'a vSphere CSI driver version whose manifest this library models: 3.7.3'),
  ],
  [
    'vSphere 6.5 (older than CNS)',
    inChart((c) => csi(c, { vsphereVersion: '6.5' })),
    err('test/Csi', 'vsphereVersion', '"6.5"', 'vSphere 6.7U3 or later (the minimum vCenter for CNS and vSphere CSI driver 3.7.3)'),
  ],
  [
    'vSphere version "8"',
    inChart((c) => csi(c, { vsphereVersion: '8' })),
    err('test/Csi', 'vsphereVersion', '"8"', 'a vSphere version such as "8.0", "8.0u2"'),
  ],
  [
    'snapshot limits on vSphere 7.0U2',
    inChart((c) => csi(c, { vsphereVersion: '7.0u2', snapshot: { globalMaxSnapshotsPerBlockVolume: 5 } })),
    err('test/Csi', 'vsphereVersion', '"7.0u2"', 'vSphere 7.0U3 or later (needed for volume-snapshots)'),
  ],
  [
    'CSI driver on another Kubernetes minor than the CCM',
    inChart((c) => csi(c, { kubernetesVersion: '1.34', cloudControllerManager: ccm(c, { kubernetesVersion: '1.33' }) })),
    err('test/Csi', 'kubernetesVersion', '"1.34"', 'the Kubernetes minor of the cloud-controller-manager test/CCM (1.33)'),
  ],
  // cloud-controller-manager
  [
    'CCM for Kubernetes 1.17 (no CPI release)',
    inChart((c) => ccm(c, { kubernetesVersion: '1.17' })),
    err('test/CCM', 'kubernetesVersion', '"1.17"', 'a Kubernetes version with a vSphere CPI release (1.18 to 1.36), or an explicit image'),
  ],
  [
    'CCM image with a space',
    inChart((c) => ccm(c, { image: 'my registry/cpi:v1' })),
    err('test/CCM', 'image', '"my registry/cpi:v1"', 'a container image reference such as registry/repo:tag'),
  ],
  ['CCM log level 11', inChart((c) => ccm(c, { logLevel: 11 })), err('test/CCM', 'logLevel', '11', 'an integer from 0 to 10')],
  [
    'CCM zone category with a leading space',
    inChart((c) => ccm(c, { zoneCategory: ' k8s-zone' })),
    err('test/CCM', 'zoneCategory', '" k8s-zone"', 'a vSphere tag category name without control characters or leading/trailing spaces'),
  ],
  [
    'CCM VM network name with a tab',
    inChart((c) => ccm(c, { nodes: { internalVmNetworkName: 'VM\tNetwork' } })),
    err('test/CCM', 'nodes.internalVmNetworkName', '"VM\\tNetwork"', 'a vSphere network name without control characters'),
  ],
  [
    'CCM nodes key with the wrong case (would drop the section)',
    inChart((c) => ccm(c, { nodes: { internalNetworkSubnetCIDR: '10.0.0.0/24' } as never })),
    err(
      'test/CCM',
      'nodes.internalNetworkSubnetCIDR',
      '"internalNetworkSubnetCIDR"',
      'one of the keys internalNetworkSubnetCidr, externalNetworkSubnetCidr, internalVmNetworkName, externalVmNetworkName, excludeInternalNetworkSubnetCidr, excludeExternalNetworkSubnetCidr (did you mean "internalNetworkSubnetCidr"?)',
    ),
  ],
  [
    'CCM nodes key that does not exist',
    inChart((c) => ccm(c, { nodes: { subnet: '10.0.0.0/24' } as never })),
    err(
      'test/CCM',
      'nodes.subnet',
      '"subnet"',
      'one of the keys internalNetworkSubnetCidr, externalNetworkSubnetCidr, internalVmNetworkName, externalVmNetworkName, excludeInternalNetworkSubnetCidr, excludeExternalNetworkSubnetCidr',
    ),
  ],
  // credentials
  [
    'plaintext user without a domain',
    () => VsphereCredentials.unsafePlainText({ username: 'administrator', password: 'x' }),
    err(
      'VsphereCredentials.unsafePlainText',
      'username',
      '"administrator"',
      'a vCenter user with a domain: user@domain (e.g. administrator@vsphere.local) or DOMAIN\\user',
    ),
  ],
  [
    'plaintext empty password',
    () => VsphereCredentials.unsafePlainText({ username: 'k8s@vsphere.local', password: '' }),
    err('VsphereCredentials.unsafePlainText', 'password', '"<redacted>"', 'a non-empty string'),
  ],
  [
    'plaintext password with a line break (value redacted)',
    () => VsphereCredentials.unsafePlainText({ username: 'k8s@vsphere.local', password: 'se\ncret' }),
    err(
      'VsphereCredentials.unsafePlainText',
      'password',
      '"<redacted: contains the control character U+000A at index 2>"',
      'a password without line breaks, other control characters (tab is allowed) or unpaired surrogates',
    ),
  ],
  [
    'deploy-time keys that are the same',
    () => VsphereCredentials.fromDeployTimeSecrets({ usernameKey: 'vc', passwordKey: 'vc' }),
    err('VsphereCredentials.fromDeployTimeSecrets', 'passwordKey', '"vc"', 'a deploy-time key different from usernameKey'),
  ],
  [
    'deploy-time key with a space',
    () => VsphereCredentials.fromDeployTimeSecrets({ usernameKey: 'vc user' }),
    err(
      'VsphereCredentials.fromDeployTimeSecrets',
      'usernameKey',
      '"vc user"',
      'a deploy-time key of letters, digits, "_", "." or "-", starting with a letter or digit',
    ),
  ],
  [
    'deploy-time password key with a slash',
    () => VsphereCredentials.fromDeployTimeSecrets({ passwordKey: 'vc/pass' }),
    err(
      'VsphereCredentials.fromDeployTimeSecrets',
      'passwordKey',
      '"vc/pass"',
      'a deploy-time key of letters, digits, "_", "." or "-", starting with a letter or digit',
    ),
  ],
  [
    'credentials given as a plain object',
    inChart((c) => ccm(c, { credentials: { username: 'a@b', password: 'c' } as unknown as VsphereCredentials })),
    err(
      'test/CCM',
      'credentials',
      '{"username":"a@b","password":"c"}',
      'a VsphereCredentials (fromExistingSecret, fromDeployTimeSecrets or unsafePlainText)',
    ),
  ],
  [
    'CSI controller replicas 0',
    inChart((c) => csi(c, { controllerReplicas: 0 })),
    err('test/Csi/Driver', 'controllerReplicas', '0', 'an integer of at least 1'),
  ],
]);

describe('bad vCenter, CSI and CCM configuration', () => {
  test.each(rows)('%s', (_description, build, expected) => {
    expect(build).toThrow(expected);
  });
});
