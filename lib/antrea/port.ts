import { IConstruct } from 'constructs';
import { fail } from '../core/errors';
import { parseIp } from '../core/ip';

/** Layer-4 protocols of a policy port (`ports[].protocol`). */
export enum PortProtocol {
  /** TCP (what Antrea assumes when the protocol is unset). */
  TCP = 'TCP',
  /** UDP. */
  UDP = 'UDP',
  /** SCTP. */
  SCTP = 'SCTP',
}

/** Options of {@link Port.of}: every field of an Antrea `NetworkPolicyPort`. */
export interface PortOptions {
  /**
   * The layer-4 protocol.
   * @default PortProtocol.TCP
   */
  readonly protocol?: PortProtocol;
  /**
   * The destination port number (1 to 65535).
   * @default - all ports (unless `namedPort` is given)
   */
  readonly port?: number;
  /**
   * A named container port (an IANA service name such as `http`), instead of `port`.
   * @default - no named port
   */
  readonly namedPort?: string;
  /**
   * The last destination port of a range starting at `port` (needs a numeric `port`).
   * @default - a single port
   */
  readonly endPort?: number;
  /**
   * The source port number (1 to 65535).
   * @default - any source port
   */
  readonly sourcePort?: number;
  /**
   * The last source port of a range starting at `sourcePort`.
   * @default - a single source port
   */
  readonly sourceEndPort?: number;
}

const PORT_PROTOCOLS = Object.values(PortProtocol) as string[];
const IANA_SVC_NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;

function checkPortNumber(scope: IConstruct, field: string, value: unknown): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 65535) {
    fail(scope, field, value, 'an integer port number from 1 to 65535');
  }
}

/** True when `text` is an IPv4 (224.0.0.0/4) or IPv6 (ff00::/8) multicast address. @internal */
export function isMulticastAddress(text: string): boolean {
  const ip = parseIp(text);
  if (!ip) return false;
  if (ip.family === 'IPv4') return ip.value >> 28n === 0xen;
  return ip.value >> 120n === 0xffn;
}

/**
 * A destination (and optionally source) port or port range of a policy rule (`ports[]`).
 * Empty `ports` and `protocols` in a rule mean all ports and protocols.
 */
export class Port {
  /** One TCP port. */
  public static tcp(port: number): Port {
    return new Port({ protocol: PortProtocol.TCP, port });
  }

  /** One UDP port. */
  public static udp(port: number): Port {
    return new Port({ protocol: PortProtocol.UDP, port });
  }

  /** One SCTP port. */
  public static sctp(port: number): Port {
    return new Port({ protocol: PortProtocol.SCTP, port });
  }

  /** A TCP port range `startPort`..`endPort` (inclusive). */
  public static tcpRange(startPort: number, endPort: number): Port {
    return new Port({ protocol: PortProtocol.TCP, port: startPort, endPort });
  }

  /** A UDP port range `startPort`..`endPort` (inclusive). */
  public static udpRange(startPort: number, endPort: number): Port {
    return new Port({ protocol: PortProtocol.UDP, port: startPort, endPort });
  }

  /** An SCTP port range `startPort`..`endPort` (inclusive). */
  public static sctpRange(startPort: number, endPort: number): Port {
    return new Port({ protocol: PortProtocol.SCTP, port: startPort, endPort });
  }

  /** Every TCP port. */
  public static allTcp(): Port {
    return new Port({ protocol: PortProtocol.TCP });
  }

  /** Every UDP port. */
  public static allUdp(): Port {
    return new Port({ protocol: PortProtocol.UDP });
  }

  /** Every SCTP port. */
  public static allSctp(): Port {
    return new Port({ protocol: PortProtocol.SCTP });
  }

  /** A named container port (e.g. `http`) of the selected Pods. */
  public static named(name: string, protocol: PortProtocol = PortProtocol.TCP): Port {
    return new Port({ protocol, namedPort: name });
  }

  /** Any combination of the `NetworkPolicyPort` fields, including source ports. */
  public static of(options: PortOptions): Port {
    return new Port({ ...options });
  }

  private constructor(private readonly options: PortOptions) {}

  /** The layer-4 protocol of this port. */
  public get protocol(): PortProtocol {
    return this.options.protocol ?? PortProtocol.TCP;
  }

  /**
   * Validates (mirroring the Antrea webhook port rules) and renders the port.
   * @internal
   */
  public _render(scope: IConstruct, field: string): Record<string, unknown> {
    const o = this.options;
    const protocol = o.protocol ?? PortProtocol.TCP;
    if (!PORT_PROTOCOLS.includes(protocol)) fail(scope, `${field}.protocol`, protocol, 'TCP, UDP or SCTP');
    const out: Record<string, unknown> = { protocol };
    if (o.port !== undefined && o.namedPort !== undefined) {
      fail(scope, `${field}.namedPort`, o.namedPort, 'either port or namedPort, not both');
    }
    if (o.port !== undefined) {
      checkPortNumber(scope, `${field}.port`, o.port);
      out.port = o.port;
    }
    if (o.namedPort !== undefined) {
      const n = o.namedPort;
      if (typeof n !== 'string' || n.length > 15 || !IANA_SVC_NAME.test(n) || !/[a-z]/.test(n) || n.includes('--')) {
        fail(
          scope,
          `${field}.namedPort`,
          n,
          'a named port (IANA service name): at most 15 lowercase alphanumerics or "-", with a letter, no "--"',
        );
      }
      out.port = n;
    }
    if (o.endPort !== undefined) {
      if (o.namedPort !== undefined) {
        fail(scope, `${field}.endPort`, o.endPort, 'no endPort with a named port (if `port` is a string `endPort` cannot be specified)');
      }
      if (o.port === undefined) {
        fail(scope, `${field}.endPort`, o.endPort, 'no endPort without port (if `endPort` is specified `port` must be specified)');
      }
      checkPortNumber(scope, `${field}.endPort`, o.endPort);
      if (o.endPort < o.port) {
        fail(scope, `${field}.endPort`, o.endPort, `a port >= ${o.port} (\`endPort\` should be greater than or equal to \`port\`)`);
      }
      out.endPort = o.endPort;
    }
    if (o.sourcePort !== undefined) {
      checkPortNumber(scope, `${field}.sourcePort`, o.sourcePort);
      out.sourcePort = o.sourcePort;
    }
    if (o.sourceEndPort !== undefined) {
      if (o.sourcePort === undefined) {
        fail(
          scope,
          `${field}.sourceEndPort`,
          o.sourceEndPort,
          'no sourceEndPort without sourcePort (if `sourceEndPort` is specified `sourcePort` must be specified)',
        );
      }
      checkPortNumber(scope, `${field}.sourceEndPort`, o.sourceEndPort);
      if (o.sourceEndPort < o.sourcePort) {
        fail(
          scope,
          `${field}.sourceEndPort`,
          o.sourceEndPort,
          `a port >= ${o.sourcePort} (\`sourceEndPort\` should be greater than or equal to \`sourcePort\`)`,
        );
      }
      out.sourceEndPort = o.sourceEndPort;
    }
    return out;
  }
}

/** IGMP message types usable in policy rules. */
export enum IgmpType {
  /** Membership query (0x11); ingress rules only. */
  MEMBERSHIP_QUERY = 17,
  /** IGMPv1 membership report (0x12); egress rules only. */
  MEMBERSHIP_REPORT_V1 = 18,
  /** IGMPv2 membership report (0x16); egress rules only. */
  MEMBERSHIP_REPORT_V2 = 22,
  /** IGMPv3 membership report (0x22); egress rules only. */
  MEMBERSHIP_REPORT_V3 = 34,
}

/** Options of {@link Protocol.icmp}. */
export interface IcmpOptions {
  /**
   * The ICMP type (0 to 255).
   * @default - every type
   */
  readonly icmpType?: number;
  /**
   * The ICMP code (0 to 255).
   * @default - every code
   */
  readonly icmpCode?: number;
}

/** Options of {@link Protocol.igmp}. */
export interface IgmpOptions {
  /**
   * The IGMP message type: a query in ingress rules, a report in egress rules.
   * @default - every query (ingress) or every report (egress)
   */
  readonly igmpType?: IgmpType;
  /**
   * The multicast group address.
   * @default - every group
   */
  readonly groupAddress?: string;
}

/** The direction of a rule. @internal */
export enum RuleDirection {
  /** An ingress rule (`from`). */
  INGRESS = 'ingress',
  /** An egress rule (`to`). */
  EGRESS = 'egress',
}

/** A non-port protocol of a policy rule (`protocols[]`): ICMP or IGMP. */
export class Protocol {
  /** ICMP, optionally restricted to one type and code (e.g. `{ icmpType: 8, icmpCode: 0 }` = echo request). */
  public static icmp(options: IcmpOptions = {}): Protocol {
    return new Protocol('icmp', { ...options }, undefined);
  }

  /** IGMP, optionally restricted to one message type and group address. */
  public static igmp(options: IgmpOptions = {}): Protocol {
    return new Protocol('igmp', undefined, { ...options });
  }

  private constructor(
    /** `icmp` or `igmp`. */
    public readonly kind: 'icmp' | 'igmp',
    private readonly icmpOptions: IcmpOptions | undefined,
    private readonly igmpOptions: IgmpOptions | undefined,
  ) {}

  /**
   * Validates and renders the protocol for a rule of `direction`.
   * @internal
   */
  public _render(scope: IConstruct, field: string, direction: RuleDirection): Record<string, unknown> {
    if (this.icmpOptions) {
      const icmp: Record<string, number> = {};
      for (const key of ['icmpType', 'icmpCode'] as const) {
        const v = this.icmpOptions[key];
        if (v === undefined) continue;
        if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 255)
          fail(scope, `${field}.icmp.${key}`, v, 'an integer from 0 to 255');
        icmp[key] = v;
      }
      return { icmp };
    }
    const o = this.igmpOptions!;
    const igmp: Record<string, unknown> = {};
    if (o.igmpType !== undefined) {
      const allowed = direction === RuleDirection.INGRESS ? [IgmpType.MEMBERSHIP_QUERY] : [18, 22, 34];
      if (!allowed.includes(o.igmpType)) {
        fail(
          scope,
          `${field}.igmp.igmpType`,
          o.igmpType,
          direction === RuleDirection.INGRESS
            ? '17 (membership query) in an ingress rule'
            : '18, 22 or 34 (membership reports) in an egress rule',
        );
      }
      igmp.igmpType = o.igmpType;
    }
    if (o.groupAddress !== undefined) {
      if (!parseIp(o.groupAddress)) fail(scope, `${field}.igmp.groupAddress`, o.groupAddress, 'an IPv4 or IPv6 address');
      if (!isMulticastAddress(o.groupAddress)) {
        fail(
          scope,
          `${field}.igmp.groupAddress`,
          o.groupAddress,
          `a multicast address (224.0.0.0/4 or ff00::/8) (groupAddress ${o.groupAddress} is not multicast address)`,
        );
      }
      igmp.groupAddress = o.groupAddress;
    }
    return { igmp };
  }
}

/** HTTP methods usable in layer-7 rules. */
export enum HttpMethod {
  GET = 'GET',
  POST = 'POST',
  PUT = 'PUT',
  HEAD = 'HEAD',
  DELETE = 'DELETE',
  TRACE = 'TRACE',
  OPTIONS = 'OPTIONS',
  CONNECT = 'CONNECT',
  PATCH = 'PATCH',
}

/** Options of {@link L7Protocol.http}. */
export interface HttpOptions {
  /**
   * The HTTP host, without a port; wildcards such as `*.example.com` are allowed.
   * @default - any host
   */
  readonly host?: string;
  /**
   * The HTTP method.
   * @default - any method
   */
  readonly method?: HttpMethod;
  /**
   * The URI path, starting with `/`; wildcards such as `/api/v2/*` are allowed.
   * @default - any path
   */
  readonly path?: string;
}

/** Options of {@link L7Protocol.tls}. */
export interface TlsOptions {
  /**
   * The TLS server name indication; wildcards such as `*.example.com` are allowed.
   * @default - any TLS handshake
   */
  readonly sni?: string;
}

const HTTP_METHODS = Object.values(HttpMethod) as string[];
const HOST_NAME = /^[A-Za-z0-9*]([-A-Za-z0-9.*]*[A-Za-z0-9*])?$/;

/**
 * A layer-7 protocol of a policy rule (`l7Protocols[]`): HTTP or TLS. Layer-7 rules need the `L7NetworkPolicy`
 * feature gate (declared through `AntreaConfig`) and action Allow.
 */
export class L7Protocol {
  /** HTTP, optionally restricted by host, method and path (`L7Protocol.http()` = any HTTP). */
  public static http(options: HttpOptions = {}): L7Protocol {
    return new L7Protocol({ ...options }, undefined);
  }

  /** TLS, optionally restricted by SNI (`L7Protocol.tls()` = any TLS handshake). */
  public static tls(options: TlsOptions = {}): L7Protocol {
    return new L7Protocol(undefined, { ...options });
  }

  private constructor(
    private readonly httpOptions: HttpOptions | undefined,
    private readonly tlsOptions: TlsOptions | undefined,
  ) {}

  /** True for HTTP. */
  public get isHttp(): boolean {
    return this.httpOptions !== undefined;
  }

  /**
   * Validates and renders the protocol.
   * @internal
   */
  public _render(scope: IConstruct, field: string): Record<string, unknown> {
    if (this.tlsOptions) {
      const tls: Record<string, string> = {};
      if (this.tlsOptions.sni !== undefined) {
        if (!HOST_NAME.test(this.tlsOptions.sni)) {
          fail(scope, `${field}.tls.sni`, this.tlsOptions.sni, 'a host name (letters, digits, "-", "." and "*" wildcards)');
        }
        tls.sni = this.tlsOptions.sni;
      }
      return { tls };
    }
    const o = this.httpOptions!;
    const http: Record<string, string> = {};
    if (o.host !== undefined) {
      if (!HOST_NAME.test(o.host))
        fail(scope, `${field}.http.host`, o.host, 'a host name without a port (letters, digits, "-", "." and "*" wildcards)');
      http.host = o.host;
    }
    if (o.method !== undefined) {
      if (!HTTP_METHODS.includes(o.method)) fail(scope, `${field}.http.method`, o.method, `one of ${HTTP_METHODS.join(', ')}`);
      http.method = o.method;
    }
    if (o.path !== undefined) {
      if (typeof o.path !== 'string' || !o.path.startsWith('/') || /\s/.test(o.path)) {
        fail(scope, `${field}.http.path`, o.path, 'a URI path starting with "/" without spaces (e.g. /api/v2/*)');
      }
      http.path = o.path;
    }
    return { http };
  }
}
