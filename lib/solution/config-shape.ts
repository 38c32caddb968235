import { TObject, TSchema, Type } from '@sinclair/typebox';
import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import { TrafficEncapMode, TrafficEncryptionMode } from '../antrea/antrea-config';
import { failUnknownKey, FieldPath, isPlainObject, Reporter } from '../core/reader';
import { EXAMPLE_KEY } from './config-keys';
import { VsphereCredentialsMode } from '../vsphere/credentials';
import { VolumeType } from '../vsphere/storage-class';

/*
 * The shape of a solution config file (and of Pulumi stack config): which keys exist, their JSON types, the closed
 * key sets and the closed value sets. One TypeBox schema: ajv checks input against it, and `solutionConfigJsonSchema()`
 * gives editors the same schema (schemas/solution-config.schema.json). What a value must be beyond its type (ranges,
 * patterns, cross-field rules) is the business of the props readers the loader calls.
 */

const str = (description: string) => Type.String({ description });
const int = (description: string) => Type.Integer({ description });
const bool = (description: string) => Type.Boolean({ description });
const strings = (description: string) => Type.Array(Type.String(), { description });
const labels = (description: string) => Type.Record(Type.String(), Type.String({ description: 'label value' }), { description });
/** A closed set of strings, as a plain JSON Schema `enum` (ajv reports the allowed values). */
/** The config file's volume types: the {@link VolumeType} values, lower-case. */
const VOLUME_TYPES = Object.values(VolumeType).map((v) => v.toLowerCase() as Lowercase<`${VolumeType}`>);
const oneOf = <T extends string>(values: readonly T[], description: string) =>
  Type.Unsafe<T>({ type: 'string', enum: [...values], description });
/** An object with a closed key set; every key optional unless listed in `required`. */
function closed(properties: Record<string, TSchema>, description: string, required: string[] = []): TObject {
  const props: Record<string, TSchema> = {};
  for (const [k, v] of Object.entries(properties)) props[k] = required.includes(k) ? v : Type.Optional(v);
  return Type.Object(props, { additionalProperties: false, description });
}

/** The shape of one vCenter (`vcenters[]`). */
export const VCenterShape = closed(
  {
    server: str('vCenter host name or IP address, without scheme or port'),
    datacenters: strings('datacenter names or folder/dc paths'),
    port: int('HTTPS port (default 443)'),
    insecure: bool('skip TLS verification (default false; lab only)'),
    thumbprint: str('certificate thumbprint, colon-separated hex bytes'),
    caCertificate: str('PEM text of the CA certificate(s) that signed the vCenter certificate'),
    caFile: str('absolute path of a PEM CA file inside the CCM and CSI pods'),
    label: str('tenant label in the CCM vsphere.conf (default: the server)'),
  },
  'one vCenter',
  ['server', 'datacenters'],
);

/** The credentials modes (`credentials.mode`). */
export const CREDENTIALS_MODES = Object.values(VsphereCredentialsMode);

const CredentialsShape = closed(
  {
    mode: oneOf(CREDENTIALS_MODES, 'how vCenter credentials reach the cluster (default existing-secret)'),
    usernameKey: str('deploy-time: secret key of the user name'),
    passwordKey: str('deploy-time: secret key of the password'),
    username: str('plaintext: vCenter user (user@domain or DOMAIN\\user)'),
    password: str('plaintext: vCenter password (written into the manifests)'),
  },
  'vCenter credentials',
);

const CsiShape = closed(
  {
    clusterId: str('cluster-id in csi-vsphere.conf (default: the cluster name)'),
    topologyCategories: strings('vSphere tag categories for topology'),
    controllerReplicas: int('CSI controller replicas'),
    snapshots: bool('create the VolumeSnapshotClass (default true)'),
    installSnapshotController: bool('install the snapshot CRDs and controller (default true)'),
    metricsMonitor: bool('create a ServiceMonitor (default false)'),
  },
  'vSphere CSI settings',
);

const StorageClassShape = closed(
  {
    name: str('StorageClass name'),
    type: oneOf(VOLUME_TYPES, 'block (ReadWriteOnce) or file (ReadWriteMany)'),
    storagePolicyName: str('SPBM storage policy name'),
    datastoreUrl: str('datastore URL ds:///...'),
    fsType: str('filesystem type'),
    default: bool('the default StorageClass'),
    reclaimPolicy: oneOf(['Delete', 'Retain'] as const, 'reclaim policy (default Delete)'),
    allowVolumeExpansion: bool('allow volume expansion'),
  },
  'a vSphere CSI StorageClass',
  ['name'],
);

const AntreaShape = closed(
  {
    chartVersion: str('Antrea Helm chart version X.Y.Z'),
    // Gate names are checked by the gate table (featureGateProblem), which explains AllAlpha/AllBeta and GA gates.
    featureGates: Type.Record(Type.String(), Type.Boolean(), { description: 'Antrea feature gates that differ from the defaults' }),
    trafficEncapMode: oneOf(Object.values(TrafficEncapMode), 'traffic encapsulation mode'),
    trafficEncryptionMode: oneOf(Object.values(TrafficEncryptionMode), 'traffic encryption mode'),
    nodePortLocal: closed({ enable: bool('enable NodePortLocal'), portRange: str('port range start-end') }, 'NodePortLocal'),
    egressPools: Type.Array(
      closed(
        {
          name: str('pool name'),
          ipRanges: strings('CIDRs or start-end ranges'),
          nodeSelector: labels('nodes that may hold the egress IPs'),
        },
        'an ExternalIPPool',
        ['name', 'ipRanges'],
      ),
      { description: 'Egress IP pools' },
    ),
    egresses: Type.Array(
      closed(
        {
          name: str('Egress name'),
          pool: str('one of egressPools by name'),
          egressIP: str('a fixed egress IP inside the pool'),
          podLabels: labels('pod labels to select'),
          namespaceLabels: labels('namespace labels to select'),
        },
        'an Egress',
        ['name', 'pool'],
      ),
      { description: 'Egresses' },
    ),
    tiers: Type.Array(
      closed(
        {
          name: str('tier name'),
          priority: int('priority 0-255: not reserved (251, 252, 254, 255) nor a built-in Tier priority'),
          description: str('description'),
        },
        'a custom Tier',
        ['name', 'priority'],
      ),
      { description: 'custom Antrea tiers' },
    ),
  },
  'Antrea settings',
);

const NodePoolShape = closed(
  {
    name: str('pool name (a DNS-1123 label)'),
    role: oneOf(['control-plane', 'worker'] as const, 'node role'),
    count: int('number of nodes'),
    cpu: int('vCPUs per node'),
    memoryMiB: int('memory per node in MiB'),
    diskGiB: int('system disk per node in GiB'),
    hostnames: strings('node host names, one per node'),
    ipAddresses: strings('static IPv4 addresses, one per node'),
    ipv4Gateway: str('IPv4 gateway'),
    ipv4PrefixLength: int('IPv4 prefix length'),
    dnsServers: strings('DNS servers'),
    hardwareVersion: int('VM hardware version'),
    labels: labels('node labels'),
    template: str('VM template to clone'),
    network: str('port group / network name'),
    datastore: str('datastore name'),
    computeCluster: str('compute cluster'),
    resourcePool: str('resource pool path'),
    folder: str('VM folder'),
  },
  'a pool of identical node VMs',
  ['name', 'role', 'count', 'cpu', 'memoryMiB', 'diskGiB', 'template', 'network', 'datastore'],
);

const KubeKeyShape = closed(
  {
    enabled: bool('generate kubekey/cluster.yaml (default true)'),
    ssh: closed({ user: str('SSH user'), port: int('SSH port'), privateKeyPath: str('SSH private key path') }, 'SSH access'),
    containerManager: oneOf(['containerd', 'docker'] as const, 'container runtime'),
    controlPlaneEndpoint: closed(
      {
        domain: str('API endpoint DNS name'),
        port: int('API endpoint port'),
        address: str('load balancer or virtual IP'),
        internalLoadbalancer: oneOf(['haproxy', 'kube-vip'] as const, 'KubeKey internal load balancer'),
      },
      'API endpoint',
    ),
    podsCidr: str('Pod CIDR'),
    serviceCidr: str('Service CIDR'),
    autoRenewCerts: bool('kk renews certificates'),
    kubeletArgs: strings('extra kubelet flags'),
    schedulableControlPlane: bool('control-plane nodes also run workloads'),
  },
  'KubeKey settings',
);

/** The top-level shape of a solution config (every key optional: a file is merged over the built-in example). */
export const SolutionConfigShape = closed(
  {
    clusterName: str('cluster name (a DNS-1123 label)'),
    kubernetesVersion: str('Kubernetes version vX.Y.Z'),
    vcenters: Type.Array(VCenterShape, { description: 'vCenters (1 to 5)' }),
    credentials: CredentialsShape,
    csi: CsiShape,
    storageClasses: Type.Array(StorageClassShape, { description: 'StorageClasses' }),
    antrea: AntreaShape,
    // ApplicationNamespace's own props reader (readApplicationNamespaceProps) closes its keys.
    namespaces: Type.Array(Type.Object({}, { description: 'an application namespace (ClusterPlatform)' }), {
      description: 'application namespaces',
    }),
    nodePools: Type.Array(NodePoolShape, { description: 'node pools' }),
    kubekey: KubeKeyShape,
    prerequisites: closed({ crds: strings('CRDs installed by something else, <group>/<Kind>') }, 'what the cluster has before the stack'),
  },
  'vsphere-k8s-constructs solution config',
);

/** The top-level keys of the shape, in schema order (config-keys.ts holds the same list without loading TypeBox). @internal */
export const SHAPE_KEYS: readonly string[] = Object.keys(SolutionConfigShape.properties);

/** The shape of a config file: the solution keys plus `example: true`. */
const FileShape = closed(
  Object.assign({}, SolutionConfigShape.properties, { [EXAMPLE_KEY]: bool('start from the built-in example config (true)') }),
  'vsphere-k8s-constructs solution config file',
);

/**
 * The JSON Schema of a config file, for editors (`# yaml-language-server: $schema=...`), generated from the same
 * TypeBox schema the loader checks against.
 */
export function solutionConfigJsonSchema(): Record<string, unknown> {
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'vsphere-k8s-constructs solution config',
    ...JSON.parse(JSON.stringify(Object.assign({}, FileShape, { description: SolutionConfigShape.description }))),
  };
}

let compiled: { file: ValidateFunction; config: ValidateFunction } | undefined;

function validators(): { file: ValidateFunction; config: ValidateFunction } {
  if (!compiled) {
    // allErrors: an unknown key (usually a typo) is reported before the missing required key it stands for.
    const ajv = new Ajv({ allErrors: true, verbose: true, strict: true });
    compiled = { file: ajv.compile(FileShape), config: ajv.compile(SolutionConfigShape) };
  }
  return compiled;
}

/**
 * Checks `value` against the shape (`file: true` also allows the `example` key) and reports the first problem
 * through `r` in the loader's words: the unknown key with the known keys and the closest one, the type expected, the
 * values of a closed set.
 */
export function checkShape(r: Reporter, value: unknown, options: { file?: boolean } = {}): void {
  const validate = options.file ? validators().file : validators().config;
  if (validate(value)) return;
  const errors = validate.errors!;
  reportShapeError(r, value, errors.find((e) => e.keyword === 'additionalProperties') ?? errors[0]);
}

/** Decodes a JSON pointer into a field path, with array indexes as numbers (as the data shows them). */
function pathOf(data: unknown, pointer: string): FieldPath {
  const out: Array<string | number> = [];
  let cur: unknown = data;
  for (const raw of pointer.split('/').slice(1)) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    const key = Array.isArray(cur) ? Number(seg) : seg;
    out.push(key);
    cur = isPlainObject(cur) || Array.isArray(cur) ? (cur as Record<string | number, unknown>)[key] : undefined;
  }
  return out;
}

function valueAt(data: unknown, path: FieldPath): unknown {
  let cur = data;
  for (const seg of path) cur = isPlainObject(cur) || Array.isArray(cur) ? (cur as Record<string | number, unknown>)[seg] : undefined;
  return cur;
}

/** What a schema allows, phrased to follow "expected", with what the key is for. */
function expectedFor(schema: TSchema): string {
  const what = expectedOf(schema);
  return schema.description && schema.type !== 'object' && schema.description !== 'label value' ? `${what}: ${schema.description}` : what;
}

/** What a schema allows, phrased to follow "expected". */
function expectedOf(schema: TSchema): string {
  if (Array.isArray(schema.enum)) return `one of ${schema.enum.join(', ')}`;
  switch (schema.type) {
    case 'boolean':
      return 'true or false';
    case 'integer':
      return 'an integer';
    case 'number':
      return 'a number';
    case 'string':
      return schema.description === 'label value' ? 'a string value (quote numbers and booleans)' : 'a string';
    case 'array':
      return schema.items?.type === 'string' ? 'a list of strings' : `a list of ${schema.items?.description ?? 'items'}`;
    case 'object':
      if (schema.properties && Object.keys(schema.properties).length > 0) {
        return `an object with the keys ${Object.keys(schema.properties).join(', ')}`;
      }
      return schema.patternProperties ? 'a map of string keys to string values' : 'a mapping';
    default:
      return 'a valid value';
  }
}

function reportShapeError(r: Reporter, data: unknown, e: ErrorObject): never {
  const at = pathOf(data, e.instancePath);
  const parent = e.parentSchema as TSchema;
  if (e.keyword === 'additionalProperties') {
    const key = (e.params as { additionalProperty: string }).additionalProperty;
    failUnknownKey(r, at, key, Object.keys((parent as TObject).properties ?? {}));
  }
  if (e.keyword === 'required') {
    const key = (e.params as { missingProperty: string }).missingProperty;
    const sub = (parent as TObject).properties?.[key];
    r.fail([...at, key], undefined, sub ? `${expectedFor(sub)} (a required key)` : `the key ${key}`);
  }
  r.fail(at, valueAt(data, at), expectedFor(parent));
}
