import { IConstruct } from 'constructs';
import { fail } from '../core/errors';

/** A Kubernetes version reduced to what the vSphere components key on. @internal */
export interface KubernetesMinor {
  readonly major: number;
  readonly minor: number;
  /** `1.27` */
  readonly text: string;
}

const K8S_VERSION = /^v?(\d+)\.(\d+)(?:\.(\d+))?$/;

/**
 * Parses a Kubernetes version given as `1.27`, `1.27.3` or `v1.27.3` (no pre-release suffixes) into its minor.
 * @internal
 */
export function parseKubernetesVersion(scope: IConstruct | string, field: string, version: string): KubernetesMinor {
  const m = typeof version === 'string' ? K8S_VERSION.exec(version) : null;
  if (!m) fail(scope, field, version, 'a Kubernetes version such as 1.27, 1.27.3 or v1.27.3');
  const major = Number(m[1]);
  const minor = Number(m[2]);
  return { major, minor, text: `${major}.${minor}` };
}

const REGISTRY_K8S = 'registry.k8s.io/cloud-pv-vsphere/cloud-provider-vsphere';
const GCR_MANAGER = 'gcr.io/cloud-provider-vsphere/cpi/release/manager';

/**
 * The vSphere cloud-controller-manager (CPI) image for each Kubernetes minor: the newest patch tag of the matching
 * kubernetes/cloud-provider-vsphere release line (the `releases/v1.NN` manifests pin the first patch, e.g. v1.33.0,
 * but later patch releases of the same line exist and carry fixes: v1.35.1, v1.33.1, v1.32.3, …).
 * CPI minor == Kubernetes minor; upstream only guarantees compatibility for the matching minor.
 * Tags from v1.28 on are published on registry.k8s.io; v1.27 and older only on gcr.io. Pass `image` to pin another.
 */
export const CPI_IMAGES: Readonly<Record<string, string>> = Object.freeze({
  '1.36': `${REGISTRY_K8S}:v1.36.0`,
  '1.35': `${REGISTRY_K8S}:v1.35.1`,
  '1.34': `${REGISTRY_K8S}:v1.34.0`,
  '1.33': `${REGISTRY_K8S}:v1.33.1`,
  '1.32': `${REGISTRY_K8S}:v1.32.3`,
  '1.31': `${REGISTRY_K8S}:v1.31.1`,
  '1.30': `${REGISTRY_K8S}:v1.30.2`,
  '1.29': `${REGISTRY_K8S}:v1.29.2`,
  '1.28': `${REGISTRY_K8S}:v1.28.1`,
  '1.27': `${GCR_MANAGER}:v1.27.0`,
  '1.26': `${GCR_MANAGER}:v1.26.2`,
  '1.25': `${GCR_MANAGER}:v1.25.3`,
  '1.24': `${GCR_MANAGER}:v1.24.6`,
  '1.23': `${GCR_MANAGER}:v1.23.1`,
  '1.22': `${GCR_MANAGER}:v1.22.3`,
  '1.21': `${GCR_MANAGER}:v1.21.1`,
  '1.20': `${GCR_MANAGER}:v1.20.0`,
  '1.19': `${GCR_MANAGER}:v1.19.0`,
  '1.18': `${GCR_MANAGER}:v1.18.0`,
});

/** The Kubernetes minors that have a CPI release, oldest first. @internal */
export function supportedCpiMinors(): string[] {
  return Object.keys(CPI_IMAGES).sort((a, b) => Number(a.split('.')[1]) - Number(b.split('.')[1]));
}

/**
 * The CPI image for a Kubernetes version. An unknown minor is an error, never a guess: running a CPI of another
 * minor is unsupported upstream.
 * @internal
 */
export function cpiImageFor(scope: IConstruct | string, field: string, kubernetesVersion: string): string {
  const k = parseKubernetesVersion(scope, field, kubernetesVersion);
  const image = CPI_IMAGES[k.text];
  if (image === undefined) {
    const minors = supportedCpiMinors();
    fail(
      scope,
      field,
      kubernetesVersion,
      `a Kubernetes version with a vSphere CPI release (${minors[0]} to ${minors[minors.length - 1]}), or an explicit image`,
    );
  }
  return image;
}
