import { IConstruct } from 'constructs';
import { fail } from '../core/errors';
import { FieldPath, fieldReporter, isPlainObject, Reporter } from '../core/reader';
import { parseIp } from '../core/ip';
import { warn } from '../core/secret-value';

/**
 * One vCenter Server that the cloud-controller-manager and the CSI driver talk to.
 *
 * The same list feeds the CCM `vsphere.conf` (YAML `vcenter.<label>`), the CCM credentials Secret
 * (`<server>.username` / `<server>.password`) and the CSI `csi-vsphere.conf` (`[VirtualCenter "<server>"]`),
 * so the three can never disagree.
 */
export interface VCenterProps {
  /** The vCenter host: a DNS name (e.g. `vcenter.example.internal`) or an IPv4/IPv6 address. No scheme, no port. */
  readonly server: string;
  /**
   * The datacenters (names, or `folder/dc` paths for nested datacenters) that hold the cluster's node VMs.
   * Names must not contain commas (the CSI driver splits the list on commas).
   */
  readonly datacenters: string[];
  /**
   * The vCenter HTTPS port.
   * @default 443
   */
  readonly port?: number;
  /**
   * Skip TLS certificate verification of the vCenter (`insecureFlag` / `insecure-flag`).
   * Only for lab setups with self-signed certificates; prefer `thumbprint` or `caFile`.
   * @default false
   */
  readonly insecure?: boolean;
  /**
   * The vCenter certificate thumbprint: colon-separated hex bytes (SHA-1: 20 bytes, SHA-256: 32 bytes).
   * @default - none: the certificate is verified against `caFile` or the system CA pool
   */
  readonly thumbprint?: string;
  /**
   * The CA certificate(s) that signed the vCenter certificate, PEM text (for a stock vCenter: the VMCA root from
   * `https://<vcenter>/certs/download.zip`). Not secret: the CCM ships it in its ConfigMap and the CSI driver in its
   * config Secret (or `create-secrets.sh`), both mounted at `/etc/cloud`, and points `caFile` / `ca-file` at it.
   * @default - none: the certificate is verified against `thumbprint`, `caFile` or the system CA pool
   */
  readonly caCertificate?: string;
  /**
   * Absolute path, inside the CCM/CSI containers, of a PEM file with the CA that signed the vCenter certificate.
   * Nothing in the stack puts a file there unless you mount it yourself: prefer `caCertificate`. The preflight refuses
   * a path that no mounted ConfigMap or Secret provides.
   * @default - none: the certificate is verified against `thumbprint` or the system CA pool
   */
  readonly caFile?: string;
  /**
   * The tenant label of this vCenter in the CCM `vsphere.conf` (`vcenter.<label>`).
   * @default - the server
   */
  readonly label?: string;
}

/** A validated vCenter with every default resolved. */
export interface ResolvedVCenter {
  readonly server: string;
  readonly datacenters: string[];
  readonly port: number;
  readonly insecure: boolean;
  /** The certificate thumbprint. @default - none: verified against `caFile` or the system CA pool */
  readonly thumbprint?: string;
  /** The PEM CA file path. @default - none: verified against `thumbprint` or the system CA pool */
  readonly caFile?: string;
  /**
   * The PEM CA text to ship with the config, and the key (file name) it is shipped under in `/etc/cloud`.
   * @default - none
   */
  readonly caCertificate?: { readonly pem: string; readonly key: string };
  readonly label: string;
  /** True when the server is an IPv6 address (it cannot be part of a Secret key). */
  readonly ipv6: boolean;
}

const HOST_LABEL = /^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
const THUMBPRINT = /^[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2})*$/;
const TENANT_LABEL = /^[A-Za-z0-9]([A-Za-z0-9._:-]*[A-Za-z0-9])?$/;
const CONTROL = /[\u0000-\u001f\u007f]/;
const PEM_CERT = /^(-----BEGIN CERTIFICATE-----\r?\n[A-Za-z0-9+/=\r\n]+-----END CERTIFICATE-----\s*)+$/;
/** Where the CCM ConfigMap and the CSI config Secret are mounted: `caCertificate` files land here. @internal */
export const VSPHERE_CONFIG_DIR = '/etc/cloud';

/**
 * True when `server` is a DNS host name (RFC 1123 labels, at most 253 characters, the last label not all-numeric: no
 * top-level domain is, RFC 3696 section 2, and `10.0.0.300` is a mistyped address) or an IP address.
 * @internal
 */
export function isVCenterServer(server: string): boolean {
  if (typeof server !== 'string' || server.length === 0) return false;
  if (parseIp(server)) return true;
  if (server.length > 253) return false;
  const labels = server.split('.');
  if (!labels.every((l) => HOST_LABEL.test(l))) return false;
  return !/^[0-9]+$/.test(labels[labels.length - 1]);
}

/** What {@link isVCenterServer} allows, for messages (construct props, config files and `VSPHERE_SERVER`). @internal */
export const VCENTER_SERVER_ALLOWED =
  'a vCenter host name (RFC 1123, e.g. vcenter.example.internal) or an IPv4/IPv6 address, without scheme or port';

/** One vCenter as read by {@link readVCenterProps}: the props with `port` and `insecure` resolved. */
export interface VCenterSettings extends VCenterProps {
  /** HTTPS port. */
  readonly port: number;
  /** Skip TLS verification. */
  readonly insecure: boolean;
}

/**
 * The props reader of one vCenter: every rule of {@link VCenterProps}, reported through `r` at `p` (so constructs
 * report `[<construct path>] vcenters[0].server: ...` and the config loader `<file>: vcenters[0].server: ...`).
 * Resolves `port` (443) and `insecure` (false). Keys are not checked here: TypeScript closes them for constructs, the
 * loader's schema for files.
 */
export function readVCenterProps(r: Reporter, p: FieldPath, v: unknown): VCenterSettings {
  if (!isPlainObject(v)) r.fail(p, v, 'a vCenter object { server, datacenters, ... }');
  const props = v as unknown as VCenterProps;
  if (!isVCenterServer(props.server)) r.fail([...p, 'server'], props.server, VCENTER_SERVER_ALLOWED);
  if (!Array.isArray(props.datacenters) || props.datacenters.length === 0) {
    r.fail([...p, 'datacenters'], props.datacenters, 'a non-empty list of datacenter names');
  }
  const seen = new Map<string, number>();
  props.datacenters.forEach((dc, i) => {
    if (typeof dc !== 'string' || dc.trim().length === 0 || dc !== dc.trim() || dc.includes(',') || CONTROL.test(dc)) {
      r.fail(
        [...p, 'datacenters', i],
        dc,
        'a datacenter name or folder/dc path without commas, control characters or leading/trailing spaces',
      );
    }
    const prev = seen.get(dc);
    if (prev !== undefined) r.fail([...p, 'datacenters', i], dc, `a datacenter not already listed for this vCenter (datacenters[${prev}])`);
    seen.set(dc, i);
  });
  const port = props.port ?? 443;
  if (!Number.isInteger(port) || port < 1 || port > 65535) r.fail([...p, 'port'], props.port, 'an integer from 1 to 65535');
  const insecure = props.insecure ?? false;
  if (typeof insecure !== 'boolean') r.fail([...p, 'insecure'], props.insecure, 'true or false');
  if (props.thumbprint !== undefined) {
    const bytes = typeof props.thumbprint === 'string' ? props.thumbprint.split(':').length : 0;
    if (typeof props.thumbprint !== 'string' || !THUMBPRINT.test(props.thumbprint) || (bytes !== 20 && bytes !== 32)) {
      r.fail([...p, 'thumbprint'], props.thumbprint, 'a certificate thumbprint of 20 (SHA-1) or 32 (SHA-256) colon-separated hex bytes');
    }
  }
  if (props.caFile !== undefined) {
    if (typeof props.caFile !== 'string' || !props.caFile.startsWith('/') || CONTROL.test(props.caFile) || /\s/.test(props.caFile)) {
      r.fail([...p, 'caFile'], props.caFile, 'an absolute path without whitespace or control characters, e.g. /etc/cloud/vc-ca.pem');
    }
  }
  if (props.caCertificate !== undefined) {
    if (!isPemCertificates(props.caCertificate)) {
      r.fail(
        [...p, 'caCertificate'],
        props.caCertificate,
        'PEM text of one or more certificates (-----BEGIN CERTIFICATE----- ... -----END CERTIFICATE-----), e.g. the VMCA root certificate',
      );
    }
    if (props.caFile !== undefined)
      r.fail([...p, 'caFile'], props.caFile, 'no caFile when caCertificate is set (the path is derived from it)');
  }
  if (props.thumbprint !== undefined && props.caFile !== undefined)
    r.fail([...p, 'caFile'], props.caFile, 'either thumbprint or caFile, not both');
  if (props.thumbprint !== undefined && props.caCertificate !== undefined) {
    r.fail([...p, 'thumbprint'], props.thumbprint, 'either thumbprint or caCertificate, not both');
  }
  if (insecure && (props.thumbprint !== undefined || props.caFile !== undefined || props.caCertificate !== undefined)) {
    r.fail(
      [...p, 'insecure'],
      insecure,
      'false when thumbprint, caCertificate or caFile is set (they are ignored when certificate verification is off)',
    );
  }
  const label = props.label ?? props.server;
  if (typeof label !== 'string' || label.length > 253 || !TENANT_LABEL.test(label)) {
    r.fail([...p, 'label'], props.label, 'a tenant label of letters, digits, ".", "_", ":" or "-" (at most 253 characters)');
  }
  const out: { -readonly [K in keyof VCenterSettings]: VCenterSettings[K] } = {
    server: props.server,
    datacenters: [...props.datacenters],
    port,
    insecure,
  };
  if (props.thumbprint !== undefined) out.thumbprint = props.thumbprint;
  if (props.caFile !== undefined) out.caFile = props.caFile;
  if (props.caCertificate !== undefined) out.caCertificate = props.caCertificate;
  if (props.label !== undefined) out.label = props.label;
  return out;
}

/** Validates one vCenter (every rule eagerly, {@link readVCenterProps}) and resolves its defaults. `field` is e.g. `vcenters[0]`. @internal */
export function validateVCenter(scope: IConstruct | string, field: string, v: VCenterProps): ResolvedVCenter {
  const read = readVCenterProps(fieldReporter(scope, field), [], v);
  return {
    server: read.server,
    datacenters: read.datacenters,
    port: read.port,
    insecure: read.insecure,
    thumbprint: read.thumbprint,
    caFile: read.caFile,
    label: read.label ?? read.server,
    ipv6: parseIp(read.server)?.family === 'IPv6',
  };
}

/**
 * Validates a list of vCenters: at least one, at most `max`, each valid, servers and labels unique
 * (servers compared case-insensitively, as DNS names are). O(n) with Maps.
 * @internal
 */
export function validateVCenters(scope: IConstruct | string, field: string, vcenters: VCenterProps[], max?: number): ResolvedVCenter[] {
  if (!Array.isArray(vcenters) || vcenters.length === 0) fail(scope, field, vcenters, 'at least one vCenter');
  if (max !== undefined && vcenters.length > max) {
    fail(
      scope,
      field,
      vcenters.map((v) => v?.server),
      `at most ${max} vCenters`,
    );
  }
  const out = vcenters.map((v, i) => {
    const r = validateVCenter(scope, `${field}[${i}]`, v);
    if (v.caCertificate === undefined) return r;
    // shipped as /etc/cloud/vcenter-<n>-ca.pem (a ConfigMap/Secret key: the server may be an IPv6 address)
    const key = `vcenter-${i}-ca.pem`;
    const pem = v.caCertificate.endsWith('\n') ? v.caCertificate : `${v.caCertificate}\n`;
    return Object.assign(r, { caFile: `${VSPHERE_CONFIG_DIR}/${key}`, caCertificate: { pem, key } });
  });
  const servers = new Map<string, number>();
  const labels = new Map<string, number>();
  out.forEach((v, i) => {
    const key = v.server.toLowerCase();
    const prev = servers.get(key);
    if (prev !== undefined) fail(scope, `${field}[${i}].server`, v.server, `a server not already used by ${field}[${prev}]`);
    servers.set(key, i);
    const prevLabel = labels.get(v.label);
    if (prevLabel !== undefined) fail(scope, `${field}[${i}].label`, v.label, `a label not already used by ${field}[${prevLabel}]`);
    labels.set(v.label, i);
  });
  return out;
}

const TLS_WARNED = new WeakMap<IConstruct, Set<string>>();

/**
 * Warns (once per App and vCenter) when a vCenter's certificate would be verified against the system CA pool only:
 * a stock vCenter certificate is signed by its own VMCA, which is not in the pool of the CCM and CSI images, so both
 * fail with "x509: certificate signed by unknown authority" although the config looks fine.
 * @internal
 */
export function warnSystemPoolOnly(scope: IConstruct, vcenters: readonly ResolvedVCenter[]): void {
  const root = scope.node.root;
  if (!TLS_WARNED.has(root)) TLS_WARNED.set(root, new Set());
  const seen = TLS_WARNED.get(root)!;
  for (const v of vcenters) {
    if (v.insecure || v.thumbprint !== undefined || v.caFile !== undefined || seen.has(v.server)) continue;
    seen.add(v.server);
    warn(
      scope,
      `vCenter ${v.server}: the certificate is verified against the system CA pool only; a stock vCenter certificate (signed by its VMCA) is not in it and the CCM/CSI fail with "x509: certificate signed by unknown authority". Set caCertificate (the VMCA root PEM, recommended), thumbprint, or insecure: true (lab only); see docs/troubleshooting.md#vcenter-tls`,
    );
  }
}

/** True for PEM text of one or more certificates (and nothing else). @internal */
export function isPemCertificates(pem: unknown): pem is string {
  return typeof pem === 'string' && PEM_CERT.test(pem.trim()) && !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(pem);
}
