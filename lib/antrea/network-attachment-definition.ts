import { ApiObject, Lazy } from 'cdk8s';
import { cdk8sPlus } from '../core/cdk8s-plus';
import { Construct, IConstruct } from 'constructs';
import { addSynthCheck, fail } from '../core/errors';
import { isDns1123Label, validateLabelName, validateSubdomainName } from '../core/names';
import { AntreaConfig } from './antrea-config';
import { parseIp } from '../core/ip';
import { IIPPool, IPPool } from './ip-pool';
import { objectNameFromId } from './selectors';

/** Mode of a macvlan interface. */
export enum MacvlanMode {
  /** bridge (default of the macvlan plugin). */
  BRIDGE = 'bridge',
  /** private. */
  PRIVATE = 'private',
  /** vepa. */
  VEPA = 'vepa',
  /** passthru. */
  PASSTHRU = 'passthru',
}

/** Options of {@link CniPlugin.macvlan}. */
export interface MacvlanOptions {
  /** Host interface the macvlan interfaces hang off, e.g. `eth0`. */
  readonly master: string;
  /**
   * macvlan mode.
   * @default MacvlanMode.BRIDGE
   */
  readonly mode?: MacvlanMode;
}

/** Options of {@link CniPlugin.antreaVlan}. */
export interface AntreaVlanOptions {
  /**
   * VLAN ID; overrides the IPPool's `subnetInfo.vlan`.
   * @default - the VLAN of the IPPool
   */
  readonly vlan?: number;
  /**
   * MTU of the secondary interface.
   * @default 1500
   */
  readonly mtu?: number;
}

/** The main CNI plugin of a secondary network that uses Antrea IPAM. */
export class CniPlugin {
  /** The macvlan plugin (Multus), as in the VMware/KubeSphere guide. */
  public static macvlan(options: MacvlanOptions): CniPlugin {
    const mode = options.mode ?? MacvlanMode.BRIDGE;
    return new CniPlugin('macvlan', (scope) => {
      if (typeof options.master !== 'string' || !/^[A-Za-z0-9][-A-Za-z0-9_.@]{0,14}$/.test(options.master)) {
        fail(scope, 'plugin.master', options.master, 'a Linux interface name (1 to 15 characters)');
      }
      const modes = Object.values(MacvlanMode) as string[];
      if (!modes.includes(mode)) fail(scope, 'plugin.mode', mode, `one of ${modes.join(', ')}`);
      return { type: 'macvlan', master: options.master, mode };
    });
  }

  /** Antrea-native secondary VLAN network (`type: antrea`, `networkType: vlan`; feature gate `SecondaryNetwork`). */
  public static antreaVlan(options: AntreaVlanOptions = {}): CniPlugin {
    return new CniPlugin('antrea', (scope) => {
      const out: Record<string, unknown> = { type: 'antrea', networkType: 'vlan' };
      if (options.vlan !== undefined) {
        if (!Number.isInteger(options.vlan) || options.vlan < 0 || options.vlan > 4094)
          fail(scope, 'plugin.vlan', options.vlan, 'an integer from 0 to 4094');
        out.vlan = options.vlan;
      }
      if (options.mtu !== undefined) {
        if (!Number.isInteger(options.mtu) || options.mtu < 68 || options.mtu > 65535)
          fail(scope, 'plugin.mtu', options.mtu, 'an integer from 68 to 65535');
        out.mtu = options.mtu;
      }
      return out;
    });
  }

  private constructor(
    /** CNI `type`. */
    public readonly type: string,
    private readonly renderFn: (scope: Construct) => Record<string, unknown>,
  ) {}

  /** @internal */
  public _render(scope: Construct): Record<string, unknown> {
    return this.renderFn(scope);
  }
}

/** Props of {@link NetworkAttachmentDefinition}. */
export interface NetworkAttachmentDefinitionProps {
  /**
   * `metadata.name`; Pods refer to it in `k8s.v1.cni.cncf.io/networks`.
   * @default - derived from the construct id (kebab-case, lowercase)
   */
  readonly name?: string;
  /**
   * Namespace.
   * @default - the Chart's namespace
   */
  readonly namespace?: string;
  /** The CNI plugin. */
  readonly plugin: CniPlugin;
  /** Antrea IPAM pools (at most one per IP family). */
  readonly ipPools: IIPPool[];
  /**
   * CNI spec version.
   * @default "0.3.0"
   */
  readonly cniVersion?: string;
  /**
   * Network name inside the CNI config.
   * @default - the `metadata.name`
   */
  readonly networkName?: string;
  /**
   * Write the network name (`name`) into the CNI config. `false` leaves it out, as the Antrea IPAM docs and the Multus
   * quick start write their NADs (Multus names the delegate after the NetworkAttachmentDefinition); not together with
   * `networkName`.
   * @default true
   */
  readonly writeNetworkName?: boolean;
}

/**
 * Multus NetworkAttachmentDefinition (`k8s.cni.cncf.io/v1`) of a secondary network whose IPs come from AntreaIPAM
 * IPPools: `spec.config` is the JSON CNI config with `"ipam": {"type": "antrea", "ippools": [...]}`.
 */
/** The Pod annotation (Multus / Antrea secondary networks) that attaches a Pod to NetworkAttachmentDefinitions. @internal */
export const NETWORKS_ANNOTATION = 'k8s.v1.cni.cncf.io/networks';

/** A reference to a NetworkAttachmentDefinition. */
export interface INetworkAttachmentDefinition extends IConstruct {
  /** `metadata.name`. */
  readonly name: string;
  /** `metadata.namespace`, when set. @default - the Pod's Namespace */
  readonly namespace?: string;
}

/** One network a Pod attaches to: an entry of the `k8s.v1.cni.cncf.io/networks` annotation. */
export interface NetworkAttachment {
  /** The NetworkAttachmentDefinition. */
  readonly network: INetworkAttachmentDefinition;
  /**
   * The interface name in the Pod, e.g. `eth1`.
   * @default - chosen by the CNI (net1, net2, ...)
   */
  readonly interface?: string;
  /**
   * Static IPs of the interface (only with an IPAM that honours them).
   * @default - allocated by the network's IPAM
   */
  readonly ips?: string[];
  /**
   * Write the network's Namespace into the entry (`"namespace": ...`; needed when it is not the Pod's Namespace).
   * @default false
   */
  readonly includeNamespace?: boolean;
}

const INTERFACE_NAME = /^[A-Za-z0-9][-A-Za-z0-9_.@]{0,14}$/;

/** Renders one JSON value the way the Antrea docs write the annotation: `{"name": "x", "interface": "eth1"}`. */
function docJson(entry: Record<string, unknown>): string {
  return `{${Object.entries(entry)
    .map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`)
    .join(', ')}}`;
}

export class NetworkAttachmentDefinition extends Construct implements INetworkAttachmentDefinition {
  /** References a NetworkAttachmentDefinition defined elsewhere. */
  public static fromNetworkAttachmentDefinitionName(
    scope: Construct,
    id: string,
    name: string,
    namespace?: string,
  ): INetworkAttachmentDefinition {
    const c = new Construct(scope, id);
    validateSubdomainName(c, 'name', name);
    if (namespace !== undefined) validateLabelName(c, 'namespace', namespace);
    return Object.assign(c, { name, namespace }) as INetworkAttachmentDefinition;
  }

  /**
   * Attaches a Pod, or the Pod template of a workload (Deployment, StatefulSet, ...), to secondary networks: writes the
   * `k8s.v1.cni.cncf.io/networks` annotation as the JSON list the Antrea docs use
   * (`[{"name": "vlan-pool1-300", "interface": "eth1"}]`). Accepts cdk8s-plus `Pod` and workloads and `v1/Pod`
   * ApiObjects. Interface names must be Linux interface names and unique; every network at most once per interface.
   */
  public static attach(target: IConstruct, attachments: NetworkAttachment[]): void {
    let metadata: { addAnnotation(key: string, value: string): void };
    // ApiObjects first: a cdk8s-plus construct is not one, and cdk8s-plus is loaded only for the other targets
    const kplus = target instanceof ApiObject ? undefined : cdk8sPlus();
    if (target instanceof ApiObject && target.apiVersion === 'v1' && target.kind === 'Pod') metadata = target.metadata;
    else if (kplus && target instanceof kplus.Pod) metadata = target.metadata;
    else if (kplus && target instanceof kplus.Workload) metadata = target.podMetadata;
    else return fail(target, 'target', target.node.path, 'a Pod or a workload with a Pod template');
    if (!Array.isArray(attachments) || attachments.length === 0) fail(target, 'attachments', attachments, 'at least one network');
    const interfaces = new Set<string>();
    const entries = attachments.map((a, i) => {
      const f = `attachments[${i}]`;
      if (!a || typeof a.network?.name !== 'string') fail(target, `${f}.network`, a?.network, 'a NetworkAttachmentDefinition');
      const entry: Record<string, unknown> = { name: a.network.name };
      if (a.includeNamespace === true) {
        if (a.network.namespace === undefined)
          fail(target, `${f}.includeNamespace`, true, 'false, or a NetworkAttachmentDefinition with a namespace');
        entry.namespace = a.network.namespace;
      }
      if (a.interface !== undefined) {
        if (typeof a.interface !== 'string' || !INTERFACE_NAME.test(a.interface) || a.interface === 'eth0')
          fail(
            target,
            `${f}.interface`,
            a.interface,
            'a Linux interface name (1 to 15 characters) other than eth0 (the primary interface)',
          );
        if (interfaces.has(a.interface)) fail(target, `${f}.interface`, a.interface, 'an interface name not used by another attachment');
        interfaces.add(a.interface);
        entry.interface = a.interface;
      }
      if (a.ips !== undefined) {
        if (!Array.isArray(a.ips) || a.ips.length === 0)
          fail(target, `${f}.ips`, a.ips, 'a non-empty list of IP addresses (with or without a prefix)');
        a.ips.forEach((ip, j) => {
          const [addr, len, ...rest] = String(ip).split('/');
          const parsed = parseIp(addr);
          const max = parsed?.family === 'IPv6' ? 128 : 32;
          if (!parsed || rest.length > 0 || (len !== undefined && (!/^\d{1,3}$/.test(len) || Number(len) > max)))
            fail(target, `${f}.ips[${j}]`, ip, 'an IP address, optionally with a prefix length (10.10.0.5 or 10.10.0.5/24)');
        });
        entry.ips = [...a.ips];
      }
      if (a.network instanceof NetworkAttachmentDefinition && a.network.node.root === target.node.root)
        target.node.addDependency(a.network);
      return docJson(entry);
    });
    metadata.addAnnotation(NETWORKS_ANNOTATION, `[${entries.join(', ')}]`);
  }

  /** `metadata.name`. */
  public readonly name: string;
  /** The CNI config JSON (`spec.config`). */
  public readonly config: string;
  /** `metadata.namespace`, when set. */
  public readonly namespace?: string;

  public constructor(scope: Construct, id: string, props: NetworkAttachmentDefinitionProps) {
    super(scope, id);
    this.name = props.name ?? objectNameFromId(this, id);
    validateSubdomainName(this, 'name', this.name);
    if (props.namespace !== undefined) validateLabelName(this, 'namespace', props.namespace);
    this.namespace = props.namespace;
    const cniVersion = props.cniVersion ?? '0.3.0';
    if (!/^\d+\.\d+\.\d+$/.test(cniVersion)) fail(this, 'cniVersion', cniVersion, 'a CNI spec version such as "0.3.0"');
    const networkName = props.networkName ?? this.name;
    if (!isDns1123Label(networkName) && !/^[A-Za-z0-9][-A-Za-z0-9_.]*$/.test(networkName))
      fail(this, 'networkName', networkName, 'alphanumerics, "-", "_" or "."');
    if (!props.plugin || !(props.plugin instanceof CniPlugin))
      fail(this, 'plugin', props.plugin, 'a CniPlugin (CniPlugin.macvlan(...) or CniPlugin.antreaVlan(...))');
    if (!Array.isArray(props.ipPools) || props.ipPools.length === 0) fail(this, 'ipPools', props.ipPools, 'at least one IPPool');
    const fam = new Map<string, string>();
    const names = new Set<string>();
    for (const p of props.ipPools) {
      if (names.has(p.name)) fail(this, 'ipPools', p.name, 'each IPPool once');
      names.add(p.name);
      if (p.family === undefined) continue;
      if (fam.has(p.family)) fail(this, 'ipPools', p.name, `at most one ${p.family} IPPool (already ${fam.get(p.family)})`);
      fam.set(p.family, p.name);
    }
    const pluginFields = props.plugin._render(this);
    const writeName = props.writeNetworkName ?? true;
    if (typeof writeName !== 'boolean') fail(this, 'writeNetworkName', writeName, 'true or false');
    if (!writeName && props.networkName !== undefined)
      fail(this, 'writeNetworkName', false, 'true when networkName is set (a name that is not written has no effect)');
    const config = Object.assign({ cniVersion }, writeName ? { name: networkName } : {}, pluginFields, {
      ipam: { type: 'antrea', ippools: props.ipPools.map((p) => p.name) },
    });
    this.config = JSON.stringify(config);
    new ApiObject(this, 'Resource', {
      apiVersion: 'k8s.cni.cncf.io/v1',
      kind: 'NetworkAttachmentDefinition',
      metadata: { name: this.name, ...(props.namespace !== undefined ? { namespace: props.namespace } : {}) },
      spec: Lazy.any({ produce: () => ({ config: this.config }) }),
    });
    for (const p of props.ipPools) if (p instanceof IPPool) this.node.addDependency(p);
    const antreaNative = props.plugin.type === 'antrea';
    addSynthCheck(this, () => {
      const c = AntreaConfig.of(this);
      if (!c) return [];
      const errors: Array<{ field: string; value: unknown; allowed: string }> = [];
      if (!c.featureGateEnabled('AntreaIPAM')) {
        errors.push({
          field: 'featureGates.AntreaIPAM',
          value: false,
          allowed: `true in AntreaConfig ${c.node.path} (the network uses Antrea IPAM)`,
        });
      }
      if (antreaNative && !c.featureGateEnabled('SecondaryNetwork')) {
        errors.push({
          field: 'featureGates.SecondaryNetwork',
          value: false,
          allowed: `true in AntreaConfig ${c.node.path} (the network uses the antrea CNI plugin)`,
        });
      }
      return errors;
    });
  }
}
