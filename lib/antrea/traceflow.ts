import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { ANTREA_GVK } from './gvk';
import { clusterScoped } from '../core/cluster-scoped';
import { addSynthCheck, fail } from '../core/errors';
import { IpFamily, requireIp } from '../core/ip';
import { isDns1035Label, validateLabelName, validateSubdomainName } from '../core/names';
import { AntreaConfig } from './antrea-config';
import { objectNameFromId } from './selectors';

/** Source of a Traceflow. */
export class TraceflowSource {
  /** A Pod (required for a non-live Traceflow; the packet is injected at this Pod). */
  public static pod(namespace: string, name: string): TraceflowSource {
    return new TraceflowSource({ namespace, pod: name });
  }

  /** An IP address (only for live-traffic Traceflows, whose destination is then a Pod). */
  public static ip(ip: string): TraceflowSource {
    return new TraceflowSource({ ip });
  }

  private constructor(/** @internal */ public readonly _fields: { namespace?: string; pod?: string; ip?: string }) {}
}

/** Destination of a Traceflow. */
export class TraceflowDestination {
  /** A Pod. */
  public static pod(namespace: string, name: string): TraceflowDestination {
    return new TraceflowDestination({ namespace, pod: name });
  }

  /** A Service (needs AntreaProxy). */
  public static service(namespace: string, name: string): TraceflowDestination {
    return new TraceflowDestination({ namespace, service: name });
  }

  /** An IP address. */
  public static ip(ip: string): TraceflowDestination {
    return new TraceflowDestination({ ip });
  }

  private constructor(/** @internal */ public readonly _fields: { namespace?: string; pod?: string; service?: string; ip?: string }) {}
}

/** Options of a TCP Traceflow packet. */
export interface TraceflowTcpOptions {
  /**
   * Source port.
   * @default - chosen by Antrea
   */
  readonly srcPort?: number;
  /** Destination port. */
  readonly dstPort: number;
  /**
   * TCP flags (0..255).
   * @default - Antrea's default, 2 (SYN)
   */
  readonly flags?: number;
}

/** Options of a UDP Traceflow packet. */
export interface TraceflowUdpOptions {
  /**
   * Source port.
   * @default - chosen by Antrea
   */
  readonly srcPort?: number;
  /** Destination port. */
  readonly dstPort: number;
}

/** Options of an ICMP (echo) Traceflow packet. */
export interface TraceflowIcmpOptions {
  /**
   * ICMP echo id (0..65535).
   * @default - chosen by Antrea
   */
  readonly id?: number;
  /**
   * ICMP echo sequence (0..65535).
   * @default - chosen by Antrea
   */
  readonly sequence?: number;
}

/** Common IP header options of a Traceflow packet. */
export interface TraceflowIpOptions {
  /**
   * IPv4 TTL (0..255) or IPv6 hop limit.
   * @default - Antrea's default
   */
  readonly ttl?: number;
  /**
   * IPv4 header flags (0..7; not for IPv6).
   * @default - none
   */
  readonly ipFlags?: number;
  /**
   * Trace an IPv6 packet (emits `ipv6Header`).
   * @default false
   */
  readonly ipv6?: boolean;
  /**
   * Write the IP protocol (`ipHeader.protocol`, or `ipv6Header.nextHeader`) although Antrea derives it: TCP and UDP
   * from the transport header, ICMP (ICMPv6) when nothing says otherwise. `false` gives the minimal form of the
   * Antrea docs (e.g. a live-traffic UDP trace with only `transportHeader.udp.dstPort`): the IPv4 `ipHeader` is then
   * left out unless `ttl` or `ipFlags` is set; an IPv6 packet keeps `ipv6Header` (it is what selects IPv6).
   * @default true
   */
  readonly explicitProtocol?: boolean;
}

/** The packet a Traceflow injects (or matches, for live traffic). */
export class TraceflowPacket {
  /** A TCP packet (IP protocol 6). */
  public static tcp(options: TraceflowTcpOptions & TraceflowIpOptions): TraceflowPacket {
    return new TraceflowPacket(6, options, 'tcp', { srcPort: options.srcPort, dstPort: options.dstPort, flags: options.flags });
  }

  /** A UDP packet (IP protocol 17). */
  public static udp(options: TraceflowUdpOptions & TraceflowIpOptions): TraceflowPacket {
    return new TraceflowPacket(17, options, 'udp', { srcPort: options.srcPort, dstPort: options.dstPort });
  }

  /** An ICMP echo packet (IP protocol 1, ICMPv6 = next header 58 with `ipv6`). */
  public static icmp(options: TraceflowIcmpOptions & TraceflowIpOptions = {}): TraceflowPacket {
    return new TraceflowPacket(options.ipv6 ? 58 : 1, options, 'icmp', { id: options.id, sequence: options.sequence });
  }

  private constructor(
    private readonly protocol: number,
    private readonly ip: TraceflowIpOptions,
    private readonly transport: 'tcp' | 'udp' | 'icmp',
    private readonly fields: Record<string, number | undefined>,
  ) {}

  /** Whether this is an IPv6 packet. */
  public get ipv6(): boolean {
    return this.ip.ipv6 ?? false;
  }

  /** @internal */
  public _render(scope: Construct): Record<string, unknown> {
    const range = (field: string, v: number | undefined, lo: number, hi: number): void => {
      if (v !== undefined && (!Number.isInteger(v) || v < lo || v > hi)) fail(scope, field, v, `an integer from ${lo} to ${hi}`);
    };
    const out: Record<string, unknown> = {};
    const explicit = this.ip.explicitProtocol ?? true;
    if (typeof explicit !== 'boolean') fail(scope, 'packet.explicitProtocol', explicit, 'true or false');
    if (this.ip.ipv6) {
      range('packet.ttl', this.ip.ttl, 0, 255);
      if (this.ip.ipFlags !== undefined) fail(scope, 'packet.ipFlags', this.ip.ipFlags, 'no IP flags for an IPv6 packet');
      out.ipv6Header = Object.assign(
        explicit ? { nextHeader: this.protocol } : {},
        this.ip.ttl !== undefined ? { hopLimit: this.ip.ttl } : {},
      );
    } else {
      range('packet.ttl', this.ip.ttl, 0, 255);
      range('packet.ipFlags', this.ip.ipFlags, 0, 7);
      const ipHeader = Object.assign(
        explicit ? { protocol: this.protocol } : {},
        this.ip.ttl !== undefined ? { ttl: this.ip.ttl } : {},
        this.ip.ipFlags !== undefined ? { flags: this.ip.ipFlags } : {},
      );
      if (Object.keys(ipHeader).length > 0) out.ipHeader = ipHeader;
    }
    const th: Record<string, number> = {};
    if (this.transport === 'icmp') {
      range('packet.id', this.fields.id, 0, 65535);
      range('packet.sequence', this.fields.sequence, 0, 65535);
    } else {
      if (this.fields.dstPort === undefined) fail(scope, 'packet.dstPort', undefined, 'an integer from 1 to 65535');
      range('packet.srcPort', this.fields.srcPort, 1, 65535);
      range('packet.dstPort', this.fields.dstPort, 1, 65535);
      range('packet.flags', this.fields.flags, 0, 255);
    }
    for (const [k, v] of Object.entries(this.fields)) if (v !== undefined) th[k] = v;
    // An ICMP echo without id/sequence needs no transport header (Antrea sends an echo request either way).
    if (this.transport !== 'icmp' || Object.keys(th).length > 0) out.transportHeader = { [this.transport]: th };
    return out;
  }
}

/** Props of {@link Traceflow}. */
export interface TraceflowProps {
  /**
   * `metadata.name` (cluster-scoped).
   * @default - derived from the construct id (kebab-case, lowercase)
   */
  readonly name?: string;
  /**
   * Source. A Pod is required unless `liveTraffic` is true.
   * @default - none (live traffic only; then the destination must be a Pod)
   */
  readonly source?: TraceflowSource;
  /**
   * Destination.
   * @default - none (live traffic from a source Pod to anywhere)
   */
  readonly destination?: TraceflowDestination;
  /**
   * Packet to inject or match.
   * @default - Antrea's default: an ICMP echo
   */
  readonly packet?: TraceflowPacket;
  /**
   * Trace live traffic instead of injecting a packet.
   * @default false
   */
  readonly liveTraffic?: boolean;
  /**
   * Only capture dropped packets (live traffic only).
   * @default false
   */
  readonly droppedOnly?: boolean;
  /**
   * Timeout in seconds, 1..300.
   * @default - Antrea's default, 20
   */
  readonly timeout?: number;
}

/**
 * Antrea Traceflow (`crd.antrea.io/v1beta1`, cluster-scoped; feature gate `Traceflow`): traces a packet through the
 * data plane. A one-shot object: recreate it to trace again.
 */
export class Traceflow extends Construct {
  /** `metadata.name`. */
  public readonly name: string;
  /** Whether live traffic is traced. */
  public readonly liveTraffic: boolean;
  /** Whether only dropped packets are captured. */
  public readonly droppedOnly: boolean;

  public constructor(scope: Construct, id: string, props: TraceflowProps = {}) {
    super(scope, id);
    this.name = props.name ?? objectNameFromId(this, id);
    validateSubdomainName(this, 'name', this.name);
    this.liveTraffic = props.liveTraffic ?? false;
    this.droppedOnly = props.droppedOnly ?? false;
    if (this.droppedOnly && !this.liveTraffic) fail(this, 'droppedOnly', true, 'false unless liveTraffic is true');
    if (props.timeout !== undefined && (!Number.isInteger(props.timeout) || props.timeout < 1 || props.timeout > 300)) {
      fail(this, 'timeout', props.timeout, 'an integer number of seconds from 1 to 300');
    }
    const src = props.source?._fields;
    const dst = props.destination?._fields;
    let family: IpFamily | undefined;
    if (src?.pod !== undefined) {
      validateLabelName(this, 'source.namespace', src.namespace!);
      validateSubdomainName(this, 'source.pod', src.pod);
    }
    if (src?.ip !== undefined) {
      family = requireIp(this, 'source.ip', src.ip).family;
      if (!this.liveTraffic) fail(this, 'source.ip', src.ip, 'a source Pod (a source IP is only allowed with liveTraffic)');
    }
    if (dst?.pod !== undefined) {
      validateLabelName(this, 'destination.namespace', dst.namespace!);
      validateSubdomainName(this, 'destination.pod', dst.pod);
    }
    if (dst?.service !== undefined) {
      validateLabelName(this, 'destination.namespace', dst.namespace!);
      if (!isDns1035Label(dst.service)) fail(this, 'destination.service', dst.service, 'a Service name (DNS-1035 label)');
    }
    if (dst?.ip !== undefined) {
      const f = requireIp(this, 'destination.ip', dst.ip).family;
      if (family !== undefined && f !== family) fail(this, 'destination.ip', dst.ip, `an ${family} address (source.ip is ${family})`);
      family = f;
    }
    if (!this.liveTraffic && src?.pod === undefined)
      fail(this, 'source', src ?? undefined, 'a source Pod (TraceflowSource.pod) unless liveTraffic is true');
    if (src?.pod === undefined && dst?.pod === undefined)
      fail(this, 'destination', dst ?? undefined, 'a destination Pod when the source is not a Pod');
    const packet = props.packet?._render(this);
    if (props.packet && family !== undefined && props.packet.ipv6 !== (family === 'IPv6')) {
      fail(this, 'packet.ipv6', props.packet.ipv6, `${family === 'IPv6'} (the addresses of this Traceflow are ${family})`);
    }

    const spec: Record<string, unknown> = {};
    if (src) spec.source = { ...src };
    if (dst) spec.destination = { ...dst };
    if (packet && Object.keys(packet).length > 0) spec.packet = packet;
    if (this.liveTraffic) spec.liveTraffic = true;
    if (this.droppedOnly) spec.droppedOnly = true;
    if (props.timeout !== undefined) spec.timeout = props.timeout;
    const obj = new ApiObject(this, 'Resource', {
      apiVersion: ANTREA_GVK.Traceflow.apiVersion,
      kind: ANTREA_GVK.Traceflow.kind,
      metadata: { name: this.name },
      spec,
    });
    clusterScoped(obj);
    addSynthCheck(this, () => {
      const c = AntreaConfig.of(this);
      if (c && !c.featureGateEnabled('Traceflow')) {
        return [
          {
            field: 'featureGates.Traceflow',
            value: false,
            allowed: `true in AntreaConfig ${c.node.path} (a Traceflow needs the Traceflow feature gate)`,
          },
        ];
      }
      return [];
    });
  }
}
