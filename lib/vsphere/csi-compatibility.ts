import { IConstruct } from 'constructs';
// The three functions only, not the whole package: `semver`'s index loads its 47 modules (about 9 ms of the reference
// app's start-up, issue 15); these load 8.
import semverGte from 'semver/functions/gte';
import semverLt from 'semver/functions/lt';
import semverValid from 'semver/functions/valid';
import { fail } from '../core/errors';

/**
 * The vSphere CSI driver version used when none is given: the newest GA release whose vanilla manifest
 * (`manifests/vanilla/vsphere-csi-driver.yaml`) this library models object by object.
 */
export const DEFAULT_CSI_VERSION = '3.7.3';

/** An inclusive range of Kubernetes minor versions (`1.<minMinor>` to `1.<maxMinor>`). */
export interface CsiKubernetesRange {
  /** The oldest supported Kubernetes version, e.g. `1.33`. */
  readonly min: string;
  /** The newest supported Kubernetes version, e.g. `1.35`. */
  readonly max: string;
}

/**
 * The Kubernetes window accepted per modelled CSI driver version.
 *
 * - 3.7.3: upstream raised its Kubernetes libraries to 1.35 in v3.7.0 (`k8s.io/api v0.35.0`), and v3.8.0's release
 *   notes recommend 1.34 to 1.36, i.e. three minors. The exact minimum of 3.7.x is not stated in the sources this
 *   library was built from, so the window is the conservative three-minor window ending at 1.35: **1.33 to 1.35**
 *   (1.33 is also the newest minor added by v3.5.0). Anything outside is refused rather than guessed.
 */
const KUBERNETES_WINDOWS: Readonly<Record<string, { minMinor: number; maxMinor: number }>> = {
  '3.7.3': { minMinor: 33, maxMinor: 35 },
};

/** The CSI driver versions whose manifest this library models (accepted as `csiVersion`). @internal */
export const SUPPORTED_CSI_VERSIONS: readonly string[] = Object.freeze(Object.keys(KUBERNETES_WINDOWS));

/**
 * A vSphere (vCenter) version as `major.minor` plus the update number: `8.0u2` is `{ major: 8, minor: 0, update: 2 }`.
 * vCenter's own numbering is the same: vCenter `7.0.3` is 7.0 Update 3.
 */
export interface VsphereVersion {
  readonly major: number;
  readonly minor: number;
  /** The update number (`U<n>`); 0 for the initial release. */
  readonly update: number;
}

/** A vSphere capability of the CSI driver that needs a minimum vCenter version. */
export type VsphereFeature =
  /** CNS block volumes: the CSI driver itself (vCenter 6.7U3). */
  | 'cns'
  /** RWX/ROX file volumes on vSAN File Services (not on 6.7U3: 7.0). */
  | 'file-volumes'
  /** Expanding a block volume while it is attached (not on 6.7U3, 7.0, 7.0U1: 7.0U2). */
  | 'online-volume-expansion'
  /** CNS volume snapshots (`IsCnsSnapshotSupported`: 7.0U3). */
  | 'volume-snapshots'
  /** 255 block volumes per node (FSS `high-pv-node-density`; vSphere 8). */
  | 'high-pv-node-density'
  /** RWX file volumes on vSAN Max and HCI Mesh (CSI v3.3.0 release notes: 8.0U3). */
  | 'vsan-max-file-volumes';

/** Minimum vCenter version per feature (CSI v3.7.3 code, `pkg/common/cns-lib/vsphere`). */
const FEATURE_MINIMUMS: Readonly<Record<VsphereFeature, VsphereVersion>> = {
  cns: { major: 6, minor: 7, update: 3 },
  'file-volumes': { major: 7, minor: 0, update: 0 },
  'online-volume-expansion': { major: 7, minor: 0, update: 2 },
  'volume-snapshots': { major: 7, minor: 0, update: 3 },
  'high-pv-node-density': { major: 8, minor: 0, update: 0 },
  'vsan-max-file-volumes': { major: 8, minor: 0, update: 3 },
};

/** The oldest vCenter the CSI driver talks to (`MinSupportedVCenter = 6.7.3`), i.e. 6.7U3. @internal */
export const MIN_CNS_VSPHERE_VERSION: VsphereVersion = FEATURE_MINIMUMS.cns;

const VSPHERE_VERSION = /^(\d{1,2})\.(\d{1,2})(?:(?:[uU]|\.)(\d{1,2})[a-z]?)?$/;
const VSPHERE_FORMAT = 'a vSphere version such as "8.0", "8.0u2" (Update 2; "U" also accepted, patch letter allowed: "7.0U3c") or "7.0.3"';
const KUBERNETES_VERSION = /^v?(\d+)\.(\d+)(?:\.(\d+))?$/;
const KUBERNETES_FORMAT = 'a Kubernetes version such as "1.33", "1.33.2" or "v1.33.2"';

/**
 * Parses a vSphere version. Accepted forms: `8.0`, `8.0u2`, `8.0U2`, `7.0U3c` (the patch letter is ignored) and
 * vCenter's numeric form `7.0.3` (= 7.0U3). Returns undefined when the text is none of these.
 * @internal
 */
export function parseVsphereVersion(text: string): VsphereVersion | undefined {
  if (typeof text !== 'string') return undefined;
  const m = VSPHERE_VERSION.exec(text.trim());
  if (!m) return undefined;
  return { major: Number(m[1]), minor: Number(m[2]), update: m[3] === undefined ? 0 : Number(m[3]) };
}

/** Formats a vSphere version the way VMware writes it: `8.0`, `7.0U3`. @internal */
export function formatVsphereVersion(v: VsphereVersion): string {
  return v.update === 0 ? `${v.major}.${v.minor}` : `${v.major}.${v.minor}U${v.update}`;
}

function vsphereSemver(v: VsphereVersion): string {
  return `${v.major}.${v.minor}.${v.update}`;
}

/** The minimum vCenter version of a feature. */
export function vsphereFeatureMinimum(feature: VsphereFeature): VsphereVersion {
  const min = FEATURE_MINIMUMS[feature];
  if (!min) fail('vsphereFeatureMinimum', 'feature', feature, `one of ${Object.keys(FEATURE_MINIMUMS).join(', ')}`);
  return min;
}

/**
 * True when the given vCenter version supports `feature` with the CSI driver (see {@link VsphereFeature} for the
 * minimums). Throws on an unknown feature or an unparsable version.
 *
 * @param vsphereVersion e.g. `8.0u2`, `7.0U3c`, `7.0.3`, `8.0`
 */
export function vsphereSupports(feature: VsphereFeature, vsphereVersion: string): boolean {
  const min = vsphereFeatureMinimum(feature);
  const v = parseVsphereVersion(vsphereVersion);
  if (!v) fail('vsphereSupports', 'vsphereVersion', vsphereVersion, VSPHERE_FORMAT);
  return semverGte(vsphereSemver(v), vsphereSemver(min));
}

/**
 * Throws a ValidationError on `scope` unless `vsphereVersion` supports `feature`, e.g.
 * `[stack/Snapshots] vsphereVersion: got "7.0u2", expected vSphere 7.0U3 or later (needed for volume-snapshots)`.
 * @internal
 */
export function requireVsphereFeature(scope: IConstruct, field: string, feature: VsphereFeature, vsphereVersion: string): void {
  const min = vsphereFeatureMinimum(feature);
  const v = parseVsphereVersion(vsphereVersion);
  if (!v) fail(scope, field, vsphereVersion, VSPHERE_FORMAT);
  if (semverLt(vsphereSemver(v), vsphereSemver(min))) {
    fail(scope, field, vsphereVersion, `vSphere ${formatVsphereVersion(min)} or later (needed for ${feature})`);
  }
}

/**
 * Normalises a CSI driver version (`3.7.3` or `v3.7.3`) to `3.7.3`; undefined unless it is a version this library
 * models (see {@link SUPPORTED_CSI_VERSIONS}).
 * @internal
 */
export function normalizeCsiVersion(version: string): string | undefined {
  if (typeof version !== 'string') return undefined;
  const clean = semverValid(version.trim().replace(/^v/, ''));
  return clean !== null && Object.prototype.hasOwnProperty.call(KUBERNETES_WINDOWS, clean) ? clean : undefined;
}

/** The allowed-values text for a bad CSI version. @internal */
export function supportedCsiVersionsText(): string {
  return `a vSphere CSI driver version whose manifest this library models: ${SUPPORTED_CSI_VERSIONS.join(', ')}`;
}

/** The Kubernetes window of a modelled CSI driver version; undefined for a version that is not modelled. */
export function csiKubernetesRange(csiVersion: string): CsiKubernetesRange | undefined {
  const v = normalizeCsiVersion(csiVersion);
  if (!v) return undefined;
  const w = KUBERNETES_WINDOWS[v];
  return { min: `1.${w.minMinor}`, max: `1.${w.maxMinor}` };
}

/** Field names used in the messages of {@link checkCsiCompatibility}. @internal */
export interface CsiCompatibilityFields {
  /** @default 'csiVersion' */
  readonly csiVersion?: string;
  /** @default 'kubernetesVersion' */
  readonly kubernetesVersion?: string;
  /** @default 'vsphereVersion' */
  readonly vsphereVersion?: string;
}

/**
 * Refuses a CSI driver / Kubernetes / vSphere combination outside the compatibility matrix, with a ValidationError
 * that names the construct path, the field, the value and the allowed range.
 *
 * - `csiVersion`: a version whose manifest this library models ({@link SUPPORTED_CSI_VERSIONS}), `3.7.3` or `v3.7.3`.
 * - `kubernetesVersion`: `1.33`, `1.33.2` or `v1.33.2`; its minor must be inside the window of the CSI version
 *   (3.7.3: 1.33 to 1.35, a conservative window; see the source of {@link csiKubernetesRange}).
 * - `vsphereVersion` (optional): `8.0u2`, `8.0U2`, `7.0U3c`, `8.0` or vCenter's numeric `7.0.3`; must be at least
 *   6.7U3, the minimum vCenter for CNS. Feature minimums (file volumes, snapshots, online expansion) are checked
 *   separately with {@link vsphereSupports} / {@link requireVsphereFeature} by the constructs that use them.
 *
 * @param fields the field names to use in messages (e.g. a construct's prop names)
 * @internal
 */
export function checkCsiCompatibility(
  scope: IConstruct,
  csiVersion: string,
  kubernetesVersion: string,
  vsphereVersion?: string,
  fields: CsiCompatibilityFields = {},
): void {
  const csiField = fields.csiVersion ?? 'csiVersion';
  const k8sField = fields.kubernetesVersion ?? 'kubernetesVersion';
  const vsphereField = fields.vsphereVersion ?? 'vsphereVersion';

  const csi = normalizeCsiVersion(csiVersion);
  if (!csi) fail(scope, csiField, csiVersion, supportedCsiVersionsText());
  const window = KUBERNETES_WINDOWS[csi];

  const m = typeof kubernetesVersion === 'string' ? KUBERNETES_VERSION.exec(kubernetesVersion.trim()) : null;
  if (!m) fail(scope, k8sField, kubernetesVersion, KUBERNETES_FORMAT);
  const k8s = `${Number(m[1])}.${Number(m[2])}.0`;
  if (!(semverGte(k8s, `1.${window.minMinor}.0`) && semverLt(k8s, `1.${window.maxMinor + 1}.0`))) {
    fail(
      scope,
      k8sField,
      kubernetesVersion,
      `a Kubernetes minor from 1.${window.minMinor} to 1.${window.maxMinor} (supported by vSphere CSI driver ${csi})`,
    );
  }

  if (vsphereVersion !== undefined) {
    const v = parseVsphereVersion(vsphereVersion);
    if (!v) fail(scope, vsphereField, vsphereVersion, VSPHERE_FORMAT);
    if (semverLt(vsphereSemver(v), vsphereSemver(MIN_CNS_VSPHERE_VERSION))) {
      fail(
        scope,
        vsphereField,
        vsphereVersion,
        `vSphere ${formatVsphereVersion(MIN_CNS_VSPHERE_VERSION)} or later (the minimum vCenter for CNS and vSphere CSI driver ${csi})`,
      );
    }
  }
}
