import { ApiObject, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { addSynthCheck, fail } from '../core/errors';
import { isDns1123Label, validateLabelName, validateSubdomainName } from '../core/names';
import { AntreaConfig } from './antrea-config';
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
}

/**
 * Multus NetworkAttachmentDefinition (`k8s.cni.cncf.io/v1`) of a secondary network whose IPs come from AntreaIPAM
 * IPPools: `spec.config` is the JSON CNI config with `"ipam": {"type": "antrea", "ippools": [...]}`.
 */
export class NetworkAttachmentDefinition extends Construct {
  /** `metadata.name`. */
  public readonly name: string;
  /** The CNI config JSON (`spec.config`). */
  public readonly config: string;

  public constructor(scope: Construct, id: string, props: NetworkAttachmentDefinitionProps) {
    super(scope, id);
    this.name = props.name ?? objectNameFromId(this, id);
    validateSubdomainName(this, 'name', this.name);
    if (props.namespace !== undefined) validateLabelName(this, 'namespace', props.namespace);
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
    const config = Object.assign({ cniVersion, name: networkName }, pluginFields, {
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
