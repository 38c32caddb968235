import { join } from 'path';
import { loadSolutionConfig, parseSolutionConfig } from '../../lib';
import { BadInput, cfgErr, distinct, lit } from '../fixtures/bad-inputs/rows';

const FILE = 'cluster.yaml';
const TOP_KEYS =
  'clusterName, kubernetesVersion, vcenters, credentials, csi, storageClasses, antrea, namespaces, nodePools, kubekey, prerequisites';
const NODE =
  '    cpu: 4\n    memoryMiB: 8192\n    diskGiB: 100\n    template: ubuntu\n    network: VM Network\n    datastore: vsanDatastore\n';

/** Parses `text` as the config file `cluster.yaml` with an empty environment. */
function parse(text: string, env: Record<string, string> = {}): () => unknown {
  return () => parseSolutionConfig(text, FILE, { env });
}

/** A fixture file below `fixtures/`, loaded from disk (the message names the path as given). */
function fixture(name: string): string {
  return join(__dirname, '..', 'fixtures', 'bad-inputs', name);
}

const rows: BadInput[] = distinct([
  // file-level problems
  [
    'unknown top-level key (wrong case)',
    parse('clustername: demo\n'),
    cfgErr(FILE, 'clustername', 'the unknown key "clustername"', `one of the keys ${TOP_KEYS}, example (did you mean "clusterName"?)`, 1),
  ],
  [
    'YAML syntax error',
    parse('clusterName: [demo\n'),
    new RegExp(`^${lit(`${FILE}: got a syntax error (`)}.*${lit('), expected valid YAML or JSON (line 2)')}$`),
  ],
  [
    'a key given twice',
    parse('clusterName: a\nclusterName: b\n'),
    new RegExp(`^${lit(`${FILE}: got a syntax error (Map keys must be unique), expected valid YAML or JSON (line 2)`)}$`),
  ],
  [
    'a list instead of a mapping',
    parse('- demo\n- prod\n'),
    new RegExp(`^${lit(`${FILE}: got ["demo","prod"], expected a mapping with the keys ${TOP_KEYS} (line 1)`)}$`),
  ],
  [
    'file that does not exist',
    () => loadSolutionConfig('/nonexistent/cluster.yaml', { env: {} }),
    new RegExp(`^${lit('/nonexistent/cluster.yaml: got an unreadable file (ENOENT')}.*${lit('), expected a readable YAML or JSON file')}$`),
  ],
  [
    'truncated JSON file',
    () => loadSolutionConfig(fixture('truncated.json'), { env: {} }),
    new RegExp(`^${lit(`${fixture('truncated.json')}: got a syntax error (`)}.*${lit('), expected valid YAML or JSON (line 4)')}$`),
  ],
  [
    'nested key typo in a file on disk',
    () => loadSolutionConfig(fixture('nested-typo.yaml'), { env: {} }),
    cfgErr(
      fixture('nested-typo.yaml'),
      'vcenters[0].datacentres',
      'the unknown key "datacentres"',
      'one of the keys server, datacenters, port, insecure, thumbprint, caCertificate, caFile, label (did you mean "datacenters"?)',
      4,
    ),
  ],
  [
    'vCenter port as a string in a file on disk',
    () => loadSolutionConfig(fixture('vcenter-port.yaml'), { env: {} }),
    cfgErr(fixture('vcenter-port.yaml'), 'vcenters[0].port', '"443"', 'an integer: HTTPS port (default 443)', 5),
  ],
  [
    // pool-b's two ranges overlap each other too: ExternalIPPool's props reader refuses that first (within one pool)
    'overlapping ranges of one egress pool in a file on disk',
    () => loadSolutionConfig(fixture('pool-overlap.yaml'), { env: {} }),
    cfgErr(
      fixture('pool-overlap.yaml'),
      'antrea.egressPools[1].ipRanges',
      '"10.10.1.0/24"',
      'a range that does not overlap 10.10.0.250-10.10.1.5 in the same pool',
      7,
    ),
  ],
  // cluster and vCenters
  [
    'cluster name in uppercase',
    parse('clusterName: Demo\n'),
    cfgErr(FILE, 'clusterName', '"Demo"', 'a DNS-1123 label (at most 63 lowercase alphanumerics or "-")', 1),
  ],
  [
    'Kubernetes version without "v" and patch',
    parse('kubernetesVersion: "1.27"\n'),
    cfgErr(FILE, 'kubernetesVersion', '"1.27"', 'a full Kubernetes version vX.Y.Z such as v1.27.16', 1),
  ],
  [
    'Kubernetes version KubeKey cannot install',
    parse('kubernetesVersion: v1.10.0\n'),
    cfgErr(FILE, 'kubernetesVersion', '"v1.10.0"', 'a full version vX.Y.Z that KubeKey v3.1.12 supports', 1),
  ],
  [
    'empty vCenter list',
    parse('vcenters: []\n'),
    cfgErr(FILE, 'vcenters', '[]', 'a list of 1 to 5 vCenters (the CSI driver supports at most 5)', 1),
  ],
  [
    'insecure: yes (a string in YAML 1.2)',
    parse('vcenters:\n  - server: vc.example.com\n    datacenters: [dc1]\n    insecure: yes\n'),
    cfgErr(FILE, 'vcenters[0].insecure', '"yes"', 'true or false', 4),
  ],
  [
    'thumbprint of two bytes',
    parse('vcenters:\n  - server: vc.example.com\n    datacenters: [dc1]\n    thumbprint: "AB:CD"\n'),
    cfgErr(
      FILE,
      'vcenters[0].thumbprint',
      '"AB:CD"',
      'a certificate thumbprint of 20 (SHA-1) or 32 (SHA-256) colon-separated hex bytes',
      4,
    ),
  ],
  [
    'insecure together with caFile',
    parse('vcenters:\n  - server: vc.example.com\n    datacenters: [dc1]\n    insecure: true\n    caFile: /etc/cloud/ca.pem\n'),
    cfgErr(
      FILE,
      'vcenters[0].insecure',
      'true',
      'false when thumbprint, caCertificate or caFile is set (they are ignored when certificate verification is off)',
      4,
    ),
  ],
  [
    'the same vCenter twice',
    parse(
      'vcenters:\n  - server: vc01.corp.example\n    datacenters: [dc1]\n  - server: VC01.CORP.EXAMPLE\n    datacenters: [dc2]\ncsi:\n  topologyCategories: [k8s-zone]\n',
    ),
    cfgErr(
      FILE,
      'vcenters[1].server',
      '"VC01.CORP.EXAMPLE"',
      'a server not already used by vcenters[0] ("vc01.corp.example"; DNS names are compared ignoring case)',
      4,
    ),
  ],
  [
    'two vCenters without topology categories',
    parse('vcenters:\n  - server: vc1.example.com\n    datacenters: [dc1]\n  - server: vc2.example.com\n    datacenters: [dc2]\n'),
    cfgErr(
      FILE,
      'csi.topologyCategories',
      'undefined',
      'at least one tag category when more than one vCenter is configured (got 2 vCenters)',
    ),
  ],
  [
    'cluster-id of 70 characters',
    parse(`csi:\n  clusterId: ${'k'.repeat(70)}\n`),
    cfgErr(FILE, 'csi.clusterId', `"${'k'.repeat(70)}"`, 'a cluster id of at most 64 characters', 2),
  ],
  [
    'relative caFile (the CCM and CSI pods need an absolute path)',
    parse('vcenters:\n  - server: vc.example.com\n    datacenters: [dc1]\n    caFile: certs/vc-ca.pem\n'),
    cfgErr(
      FILE,
      'vcenters[0].caFile',
      '"certs/vc-ca.pem"',
      'an absolute path without whitespace or control characters, e.g. /etc/cloud/vc-ca.pem',
      4,
    ),
  ],
  [
    'thumbprint together with caFile',
    parse(
      `vcenters:\n  - server: vc.example.com\n    datacenters: [dc1]\n    thumbprint: "${Array(20).fill('AB').join(':')}"\n    caFile: /etc/cloud/ca.pem\n`,
    ),
    cfgErr(FILE, 'vcenters[0].caFile', '"/etc/cloud/ca.pem"', 'either thumbprint or caFile, not both', 5),
  ],
  [
    'datacenter with a leading space',
    parse('vcenters:\n  - server: vc.example.com\n    datacenters: [" DC-East"]\n'),
    cfgErr(
      FILE,
      'vcenters[0].datacenters[0]',
      '" DC-East"',
      'a datacenter name or folder/dc path without commas, control characters or leading/trailing spaces',
      3,
    ),
  ],
  [
    'the same datacenter twice for one vCenter',
    parse('vcenters:\n  - server: vc.example.com\n    datacenters: [DC-East, DC-East]\n'),
    cfgErr(FILE, 'vcenters[0].datacenters[1]', '"DC-East"', 'a datacenter not already listed for this vCenter (datacenters[0])', 3),
  ],
  [
    'vCenter label ending in "-"',
    parse('vcenters:\n  - server: vc.example.com\n    datacenters: [dc1]\n    label: east-\n'),
    cfgErr(FILE, 'vcenters[0].label', '"east-"', 'a tenant label of letters, digits, ".", "_", ":" or "-" (at most 253 characters)', 4),
  ],
  [
    'vCenter label equal to the server of an unlabelled vCenter',
    parse(
      'vcenters:\n  - server: vc1.example.com\n    datacenters: [dc1]\n  - server: vc2.example.com\n    datacenters: [dc2]\n    label: vc1.example.com\ncsi:\n  topologyCategories: [k8s-zone]\n',
    ),
    cfgErr(
      FILE,
      'vcenters[1].label',
      '"vc1.example.com"',
      'a label not already used by vcenters[0] (it has no label, so its server "vc1.example.com" is its label)',
      6,
    ),
  ],
  [
    'cluster-id with a line break',
    parse('csi:\n  clusterId: "prod\\neast"\n'),
    cfgErr(FILE, 'csi.clusterId', '"prod\\neast"', 'a cluster id without control characters or unpaired surrogates', 2),
  ],
  [
    'cluster-id with a trailing space',
    parse('csi:\n  clusterId: "prod-east "\n'),
    cfgErr(FILE, 'csi.clusterId', '"prod-east "', 'a non-empty cluster id without leading/trailing spaces', 2),
  ],
  [
    'the same topology category twice',
    parse('csi:\n  topologyCategories: [k8s-zone, k8s-zone]\n'),
    cfgErr(FILE, 'csi.topologyCategories[1]', '"k8s-zone"', 'a tag category not already listed (topologyCategories[0])', 2),
  ],
  [
    'topology category with a trailing space',
    parse('csi:\n  topologyCategories: ["k8s-zone "]\n'),
    cfgErr(
      FILE,
      'csi.topologyCategories[0]',
      '"k8s-zone "',
      'a vSphere tag category name without commas, control characters or leading/trailing spaces',
      2,
    ),
  ],
  // credentials
  [
    'credentials mode "vault"',
    parse('credentials:\n  mode: vault\n'),
    cfgErr(FILE, 'credentials.mode', '"vault"', 'one of existing-secret, deploy-time, plaintext', 2),
  ],
  [
    'a user name in existing-secret mode',
    parse('credentials:\n  username: admin@vsphere.local\n'),
    cfgErr(FILE, 'credentials.username', '"admin@vsphere.local"', 'no username unless mode is plaintext (mode is existing-secret)', 2),
  ],
  [
    'plaintext password with a line break (value hidden)',
    parse('credentials:\n  mode: plaintext\n  username: admin@vsphere.local\n  password: "se\\ncret"\n'),
    cfgErr(
      FILE,
      'credentials.password',
      'a hidden value of 7 characters with a line break',
      'a password without line breaks, other control characters (tab is allowed) or unpaired surrogates',
      4,
    ),
  ],
  [
    'deploy-time keys that are the same',
    parse('credentials:\n  mode: deploy-time\n  usernameKey: vsphere-secret\n  passwordKey: vsphere-secret\n'),
    // passwordKey looks secret (a password pasted there must not be echoed), so its value is hidden
    cfgErr(FILE, 'credentials.passwordKey', 'a hidden value of 14 characters', 'a deploy-time key different from usernameKey', 4),
  ],
  [
    'VSPHERE_SERVER with a scheme',
    parse('clusterName: demo\n', { VSPHERE_SERVER: 'https://vc01' }),
    cfgErr(
      'environment',
      'VSPHERE_SERVER',
      '"https://vc01"',
      'a vCenter host name (RFC 1123, e.g. vcenter.example.internal) or an IPv4/IPv6 address',
    ),
  ],
  [
    'VSPHERE_USERNAME without a domain',
    parse('credentials:\n  mode: plaintext\n  username: a@corp.example\n  password: x\n', { VSPHERE_USERNAME: 'administrator' }),
    cfgErr(
      'environment',
      'VSPHERE_USERNAME',
      '"administrator"',
      'a vCenter user with a domain: user@domain (e.g. administrator@vsphere.local) or DOMAIN\\user',
    ),
  ],
  // storage classes
  [
    'block class with btrfs (the CSI driver takes ext4, ext3, xfs or ntfs)',
    parse('storageClasses:\n  - name: b\n    fsType: btrfs\n'),
    cfgErr(FILE, 'storageClasses[0].fsType', '"btrfs"', 'one of ext4, ext3, xfs, ntfs', 3),
  ],
  [
    'expandable file class',
    parse('storageClasses:\n  - name: shared\n    type: file\n    allowVolumeExpansion: true\n'),
    cfgErr(
      FILE,
      'storageClasses[0].allowVolumeExpansion',
      'true',
      'false or unset for a file volume class (the vSphere CSI driver expands block volumes only)',
      4,
    ),
  ],
  [
    'two default StorageClasses',
    parse('storageClasses:\n  - name: a\n    default: true\n  - name: b\n    default: true\n'),
    cfgErr(
      FILE,
      'storageClasses[1].default',
      'true',
      'false (storageClasses[0] "a" is already the default; at most one default StorageClass)',
      5,
    ),
  ],
  [
    'datastore URL without the trailing "/"',
    parse('storageClasses:\n  - name: fast\n    datastoreUrl: ds:///vmfs/volumes/vsan:52cd\n'),
    cfgErr(
      FILE,
      'storageClasses[0].datastoreUrl',
      '"ds:///vmfs/volumes/vsan:52cd"',
      'a datastore URL of the form ds:///<path>/ (e.g. ds:///vmfs/volumes/<uuid>/), as shown in vCenter',
      3,
    ),
  ],
  [
    'storage policy name with a line break',
    parse('storageClasses:\n  - name: fast\n    storagePolicyName: "gold\\nsilver"\n'),
    cfgErr(
      FILE,
      'storageClasses[0].storagePolicyName',
      '"gold\\nsilver"',
      'a non-empty SPBM storage policy name without leading or trailing spaces or control characters',
      3,
    ),
  ],
  // Antrea
  [
    'feature gate typo',
    parse('antrea:\n  featureGates:\n    Egres: true\n'),
    new RegExp(
      `^${lit(`${FILE}: antrea.featureGates.Egres: got the unknown key "Egres", expected one of the keys AdminNetworkPolicy, AntreaIPAM, `)}.*${lit('(did you mean "Egress"?) (line 3)')}$`,
    ),
  ],
  [
    'feature gate AllAlpha',
    parse('antrea:\n  featureGates:\n    AllAlpha: true\n'),
    cfgErr(
      FILE,
      'antrea.featureGates.AllAlpha',
      'the gate "AllAlpha"',
      'an Antrea v2.7.0 feature gate name (case-sensitive), e.g. Egress, L7NetworkPolicy, AntreaIPAM (AllAlpha is not supported here: enable the gates one by one so that the cross-checks see them)',
      3,
    ),
  ],
  [
    'feature gate AllBeta: false',
    parse('antrea:\n  featureGates:\n    AllBeta: false\n'),
    cfgErr(FILE, 'antrea.featureGates.AllBeta', 'the gate "AllBeta"', 'an Antrea v2.7.0 feature gate name (case-sensitive)', 3),
  ],
  [
    'locked GA gate turned off',
    parse('antrea:\n  featureGates:\n    EndpointSlice: false\n'),
    cfgErr(FILE, 'antrea.featureGates.EndpointSlice', 'false', 'true (the gate is GA and locked)', 3),
  ],
  [
    'GA gate the Helm templates do not render',
    parse('antrea:\n  featureGates:\n    AntreaProxy: true\n'),
    cfgErr(
      FILE,
      'antrea.featureGates.AntreaProxy',
      'the gate "AntreaProxy"',
      'a gate the Antrea Helm conf templates render (AntreaProxy is GA)',
      3,
    ),
  ],
  [
    'NodePortLocal as a feature gate',
    parse('antrea:\n  featureGates:\n    NodePortLocal: true\n'),
    cfgErr(
      FILE,
      'antrea.featureGates.NodePortLocal',
      'the gate "NodePortLocal"',
      'a gate the Antrea Helm conf templates render (NodePortLocal is GA; use nodePortLocal.enable)',
      3,
    ),
  ],
  [
    'L7NetworkPolicy gate (needs a setting the file cannot give)',
    parse('antrea:\n  featureGates:\n    L7NetworkPolicy: true\n'),
    cfgErr(
      FILE,
      'antrea.featureGates.L7NetworkPolicy',
      'true',
      'false (L7NetworkPolicy needs disableTXChecksumOffload: true, which this config file cannot set; use AntreaConfig directly)',
      3,
    ),
  ],
  [
    'Egress gate off while the default Egress remains',
    parse('antrea:\n  featureGates:\n    Egress: false\n'),
    cfgErr(
      FILE,
      'antrea.featureGates.Egress',
      'false',
      'true while antrea.egresses lists "egress-prod-web" (or set antrea.egresses: [] to turn Egress off) (an Egress needs the Egress feature gate)',
      3,
    ),
  ],
  [
    'egress pool range with spaces',
    parse('antrea:\n  egressPools:\n    - name: pool-a\n      ipRanges: ["10.10.0.1 - 10.10.0.5"]\n'),
    cfgErr(
      FILE,
      'antrea.egressPools[0].ipRanges[0]',
      '"10.10.0.1 - 10.10.0.5"',
      'a range "<start IP>-<end IP>" or a CIDR, without spaces',
      4,
    ),
  ],
  [
    'egress pool with IPv4 and IPv6 ranges',
    parse('antrea:\n  egressPools:\n    - name: pool-a\n      ipRanges: [10.10.0.0/24, "fd00::/120"]\n'),
    cfgErr(FILE, 'antrea.egressPools[0].ipRanges[1]', '"fd00::/120"', 'an IPv4 range (all ranges of a pool must be of one IP family)', 4),
  ],
  [
    'multicast egress IP',
    parse(
      'antrea:\n  egressPools:\n    - name: mc\n      ipRanges: [224.0.0.0/24]\n  egresses:\n    - name: web\n      pool: mc\n      egressIP: 224.0.0.5\n',
    ),
    cfgErr(
      FILE,
      'antrea.egresses[0].egressIP',
      '"224.0.0.5"',
      'a unicast address (not multicast, 224.0.0.0/4): the SNAT source of the selected Pods',
      8,
    ),
  ],
  [
    'WireGuard with hybrid encapsulation',
    parse('antrea:\n  trafficEncapMode: hybrid\n  trafficEncryptionMode: wireGuard\n'),
    cfgErr(
      FILE,
      'antrea.trafficEncryptionMode',
      '"wireGuard"',
      '"none" when trafficEncapMode is "hybrid" (encryption needs trafficEncapMode "encap")',
      3,
    ),
  ],
  [
    'NodePortLocal port range reversed',
    parse('antrea:\n  nodePortLocal:\n    portRange: 62000-61000\n'),
    cfgErr(FILE, 'antrea.nodePortLocal.portRange', '"62000-61000"', 'a port range whose start is lower than its end', 3),
  ],
  [
    'egress IP outside its pool',
    parse(
      'antrea:\n  egressPools:\n    - name: pool-a\n      ipRanges: [10.10.0.0/24]\n  egresses:\n    - name: web\n      pool: pool-a\n      egressIP: 10.10.1.5\n',
    ),
    cfgErr(FILE, 'antrea.egresses[0].egressIP', '"10.10.1.5"', 'an IP inside ExternalIPPool "pool-a" (10.10.0.0/24)', 8),
  ],
  [
    'Tier priority of a built-in Tier',
    parse('antrea:\n  tiers:\n    - name: team\n      priority: 100\n'),
    cfgErr(
      FILE,
      'antrea.tiers[0].priority',
      '100',
      'a priority not used by the built-in Tier "securityops" (tier team priority 100 overlaps with existing Tier)',
      4,
    ),
  ],
  [
    'Tier priority 251 (reserved by Antrea)',
    parse('antrea:\n  tiers:\n    - name: team\n      priority: 251\n'),
    cfgErr(FILE, 'antrea.tiers[0].priority', '251', 'a priority other than 251, 252, 254 and 255 (tier team priority 251 is reserved)', 4),
  ],
  [
    'Tier priority 256',
    parse('antrea:\n  tiers:\n    - name: team\n      priority: 256\n'),
    cfgErr(FILE, 'antrea.tiers[0].priority', '256', 'an integer from 0 to 255', 4),
  ],
  [
    'two Tiers with one priority',
    parse('antrea:\n  tiers:\n    - name: a\n      priority: 120\n    - name: b\n      priority: 120\n'),
    cfgErr(FILE, 'antrea.tiers[1].priority', '120', 'a priority not already used by antrea.tiers[0]', 6),
  ],
  // node pools
  [
    'pool of 0 nodes',
    parse(`nodePools:\n  - name: cp\n    role: control-plane\n    count: 0\n${NODE}`),
    cfgErr(FILE, 'nodePools[0].count', '0', 'an integer from 1 to 1000', 4),
  ],
  [
    '1 vCPU per node',
    parse(`nodePools:\n  - name: cp\n    role: control-plane\n    count: 1\n${NODE.replace('cpu: 4', 'cpu: 1')}`),
    cfgErr(FILE, 'nodePools[0].cpu', '1', 'an integer greater than 2 (a Kubernetes node needs more than 2 vCPUs)', 5),
  ],
  [
    '769 vCPUs per node (above the vSphere maximum)',
    parse(`nodePools:\n  - name: cp\n    role: control-plane\n    count: 1\n${NODE.replace('cpu: 4', 'cpu: 769')}`),
    cfgErr(FILE, 'nodePools[0].cpu', '769', 'an integer of at most 768 (the vSphere 8 maximum per VM)', 5),
  ],
  [
    'one host name for two nodes',
    parse(`nodePools:\n  - name: cp\n    role: control-plane\n    count: 2\n    hostnames: [cp-a]\n${NODE}`),
    cfgErr(FILE, 'nodePools[0].hostnames', '["cp-a"]', 'a list of exactly 2 hostnames (one per node: count is 2)', 5),
  ],
  [
    'IPv6 node address',
    parse(`nodePools:\n  - name: cp\n    role: control-plane\n    count: 1\n    ipAddresses: ["fd00::10"]\n${NODE}`),
    cfgErr(FILE, 'nodePools[0].ipAddresses[0]', '"fd00::10"', 'an IPv4 address', 5),
  ],
  [
    'gateway without static addresses',
    parse(`nodePools:\n  - name: cp\n    role: control-plane\n    count: 1\n    ipv4Gateway: 10.0.0.1\n${NODE}`),
    cfgErr(FILE, 'nodePools[0].ipv4Gateway', '"10.0.0.1"', 'no gateway when the pool uses DHCP (no ipAddresses)', 5),
  ],
  [
    'no control-plane pool',
    parse(`nodePools:\n  - name: w\n    role: worker\n    count: 1\n${NODE}`),
    cfgErr(FILE, 'nodePools', '["w:worker"]', 'at least one pool with role control-plane', 2),
  ],
  [
    'one host name in two pools',
    parse(
      `nodePools:\n  - name: cp\n    role: control-plane\n    count: 1\n    hostnames: [node-1]\n${NODE}  - name: w\n    role: worker\n    count: 1\n    hostnames: [node-1]\n${NODE}`,
    ),
    cfgErr(FILE, 'nodePools[1].hostnames[0]', '"node-1"', 'a hostname not already used by nodePools[0].hostnames[0]', 15),
  ],
  [
    'one address in two pools',
    parse(
      `nodePools:\n  - name: cp\n    role: control-plane\n    count: 1\n    ipAddresses: [10.0.0.5]\n${NODE}  - name: w\n    role: worker\n    count: 1\n    ipAddresses: [10.0.0.5]\n${NODE}`,
    ),
    cfgErr(FILE, 'nodePools[1].ipAddresses[0]', '"10.0.0.5"', 'an address not already used by nodePools[0].ipAddresses[0]', 15),
  ],
  [
    'node address that is the broadcast address',
    parse(`nodePools:\n  - name: cp\n    role: control-plane\n    count: 1\n    ipAddresses: [10.0.0.255]\n${NODE}`),
    cfgErr(FILE, 'nodePools[0].ipAddresses[0]', '"10.0.0.255"', 'a host address of 10.0.0.0/24 (not its network or broadcast address)', 5),
  ],
  [
    'loopback node address',
    parse(`nodePools:\n  - name: cp\n    role: control-plane\n    count: 1\n    ipAddresses: [127.0.0.5]\n${NODE}`),
    cfgErr(FILE, 'nodePools[0].ipAddresses[0]', '"127.0.0.5"', 'a unicast IPv4 host address (not loopback, 127.0.0.0/8)', 5),
  ],
  [
    'node gateway that is the network address',
    parse(
      `nodePools:\n  - name: cp\n    role: control-plane\n    count: 1\n    ipAddresses: [10.0.0.5]\n    ipv4Gateway: 10.0.0.0\n${NODE}`,
    ),
    cfgErr(FILE, 'nodePools[0].ipv4Gateway', '"10.0.0.0"', 'a host address of 10.0.0.0/24 (not its network or broadcast address)', 6),
  ],
  [
    'DNS server 0.0.0.0',
    parse(`nodePools:\n  - name: cp\n    role: control-plane\n    count: 1\n    dnsServers: ["0.0.0.0"]\n${NODE}`),
    cfgErr(FILE, 'nodePools[0].dnsServers[0]', '"0.0.0.0"', "a DNS server's unicast address (not unspecified, 0.0.0.0/8)", 5),
  ],
  [
    'no worker pool and a control plane that is not schedulable',
    parse(`nodePools:\n  - name: cp\n    role: control-plane\n    count: 1\n${NODE}`),
    cfgErr(
      FILE,
      'nodePools',
      '["cp:control-plane"]',
      'at least one pool with role worker, or kubekey.schedulableControlPlane: true (KubeKey needs a host for workloads; or set kubekey.enabled: false)',
      2,
    ),
  ],
  [
    'three control-plane nodes without an endpoint address or load balancer',
    parse(`nodePools:\n  - name: cp\n    role: control-plane\n    count: 3\n${NODE}  - name: w\n    role: worker\n    count: 1\n${NODE}`),
    cfgErr(
      FILE,
      'kubekey.controlPlaneEndpoint',
      '{}',
      'an address (a load balancer in front of the 3 control-plane hosts) or internalLoadbalancer haproxy or kube-vip',
    ),
  ],
  [
    'node address inside the pod CIDR',
    parse(
      `nodePools:\n  - name: cp\n    role: control-plane\n    count: 1\n    ipAddresses: [10.233.64.10]\n${NODE}  - name: w\n    role: worker\n    count: 1\n${NODE}`,
    ),
    cfgErr(FILE, 'nodePools[0].ipAddresses[0]', '"10.233.64.10"', 'a node address outside kubekey.podsCidr 10.233.64.0/18', 5),
  ],
  // KubeKey and namespaces
  ['SSH port 0', parse('kubekey:\n  ssh:\n    port: 0\n'), cfgErr(FILE, 'kubekey.ssh.port', '0', 'a port from 1 to 65535', 3)],
  [
    'pod CIDR without a prefix length',
    parse('kubekey:\n  podsCidr: 10.233.64.0\n'),
    cfgErr(FILE, 'kubekey.podsCidr', '"10.233.64.0"', 'a CIDR such as 10.0.0.0/24 or fd00::/64 (the prefix length is missing)', 2),
  ],
  [
    'pod CIDR with host bits set',
    parse('kubekey:\n  podsCidr: 10.233.64.1/18\n'),
    cfgErr(FILE, 'kubekey.podsCidr', '"10.233.64.1/18"', 'a CIDR whose host bits are zero (a network address)', 2),
  ],
  [
    'service CIDR with two prefix lengths',
    parse('kubekey:\n  serviceCidr: 10.233.0.0/18/24\n'),
    cfgErr(FILE, 'kubekey.serviceCidr', '"10.233.0.0/18/24"', 'a CIDR such as 10.0.0.0/24 or fd00::/64 (exactly one "/")', 2),
  ],
  [
    'service CIDR that overlaps the pod CIDR',
    parse('kubekey:\n  podsCidr: 10.0.0.0/16\n  serviceCidr: 10.0.128.0/20\n'),
    cfgErr(FILE, 'kubekey.serviceCidr', '"10.0.128.0/20"', 'a CIDR that does not overlap podsCidr 10.0.0.0/16', 3),
  ],
  [
    'pod CIDR that overlaps the default service CIDR',
    parse('kubekey:\n  podsCidr: 10.233.0.0/16\n'),
    cfgErr(FILE, 'kubekey.podsCidr', '"10.233.0.0/16"', 'a CIDR that does not overlap serviceCidr 10.233.0.0/18', 2),
  ],
  [
    'kubelet --node-ip flag',
    parse('kubekey:\n  kubeletArgs: ["--node-ip=10.0.0.5"]\n'),
    cfgErr(FILE, 'kubekey.kubeletArgs[0]', '"--node-ip=10.0.0.5"', 'no --node-ip flag (kk sets it from the host)', 2),
  ],
  [
    'kubelet flag given twice',
    parse('kubekey:\n  kubeletArgs: ["--max-pods=200", "--max-pods=250"]\n'),
    cfgErr(FILE, 'kubekey.kubeletArgs[1]', '"--max-pods=250"', '--max-pods given once (already in kubeletArgs[0])', 2),
  ],
  [
    'haproxy together with an endpoint address',
    parse('kubekey:\n  controlPlaneEndpoint:\n    internalLoadbalancer: haproxy\n    address: 10.0.0.100\n'),
    cfgErr(
      FILE,
      'kubekey.controlPlaneEndpoint.address',
      '"10.0.0.100"',
      'no address together with internalLoadbalancer haproxy (kk stops without installing)',
      4,
    ),
  ],
  [
    'kube-vip without a virtual IP',
    parse('kubekey:\n  controlPlaneEndpoint:\n    internalLoadbalancer: kube-vip\n'),
    cfgErr(FILE, 'kubekey.controlPlaneEndpoint.address', 'undefined', 'the virtual IP for kube-vip', 3),
  ],
  [
    'container runtime cri-o',
    parse('kubekey:\n  containerManager: cri-o\n'),
    cfgErr(FILE, 'kubekey.containerManager', '"cri-o"', 'one of containerd, docker', 2),
  ],
  [
    'kubelet flag without "--"',
    parse('kubekey:\n  kubeletArgs: ["max-pods=200"]\n'),
    cfgErr(FILE, 'kubekey.kubeletArgs[0]', '"max-pods=200"', 'one kubelet flag with a leading "--", e.g. --max-pods=200', 2),
  ],
  [
    'negative CPU quota',
    parse('namespaces:\n  - name: shop\n    quota:\n      limitsCpu: "-1"\n'),
    cfgErr(FILE, 'namespaces[0].quota.limitsCpu', '"-1"', 'a non-negative Kubernetes quantity such as "500m", "2", "8Gi"', 4),
  ],
  [
    'LimitRange max below min',
    parse('namespaces:\n  - name: shop\n    limitRange:\n      minMemory: 1Gi\n      maxMemory: 512Mi\n'),
    cfgErr(
      FILE,
      'namespaces[0].limitRange.maxMemory',
      '"512Mi"',
      'a quantity of at least minMemory (1Gi): min <= defaultRequest <= default <= max',
      5,
    ),
  ],
]);

describe('bad configuration files (file, key and reason in every message)', () => {
  test.each(rows)('%s', (_description, build, expected) => {
    expect(build).toThrow(expected);
  });
});
