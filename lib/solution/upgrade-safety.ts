import { existsSync, readdirSync, readFileSync } from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { ManifestObject } from '../core/validation';

/** A change between two synth outputs that upstream treats as immutable or dangerous. */
export interface UpgradeFinding {
  /** `<kind> [<namespace>/]<name>`. */
  readonly object: string;
  /** The field that changed, e.g. `spec.priority`. */
  readonly field: string;
  /** The previous value. */
  readonly before: unknown;
  /** The new value (undefined when removed). */
  readonly after: unknown;
  /** `error`: the API server or the component rejects or breaks on it; `warning`: needs a planned upgrade. */
  readonly severity: 'error' | 'warning';
  /** What goes wrong and what to do instead. */
  readonly risk: string;
}

type Obj = ManifestObject & { spec?: any; parameters?: any; stringData?: any; data?: any };

const idOf = (o: Obj): string =>
  `${String(o.kind)} ${o.metadata?.namespace ? `${String(o.metadata.namespace)}/` : ''}${String(o.metadata?.name)}`;
const keyOf = (o: Obj): string => `${String(o.apiVersion).split('/')[0]}|${idOf(o)}`;
const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** Reads every `*.yaml` file of a folder (a previous `dist/manifests`) into objects; a missing folder gives []. */
export function readManifestsDir(dir: string): ManifestObject[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml') || f.endsWith('.yml'))
    .sort()
    .flatMap((f) => parseAllDocuments(readFileSync(path.join(dir, f), 'utf8')).map((d) => d.toJS() as ManifestObject))
    .filter((o) => o && typeof o === 'object');
}

function clusterIdOf(secret: Obj): string | undefined {
  const conf =
    secret.stringData?.['csi-vsphere.conf'] ??
    (secret.data?.['csi-vsphere.conf'] ? Buffer.from(secret.data['csi-vsphere.conf'], 'base64').toString('utf8') : undefined);
  if (typeof conf !== 'string') return undefined;
  const m = /^\s*cluster-id\s*=\s*"?([^"\n]*)"?\s*$/im.exec(conf);
  return m ? m[1] : '';
}

function rangesOf(o: Obj): string[] {
  return ((o.spec?.ipRanges ?? []) as Array<{ cidr?: string; start?: string; end?: string }>).map((r) => r.cidr ?? `${r.start}-${r.end}`);
}

function imagesOf(o: Obj): string[] {
  return ((o.spec?.template?.spec?.containers ?? []) as Array<{ image?: string }>).map((c) => String(c.image));
}

/**
 * Compares a previous synth output with the current one and reports the changes that upstream treats as immutable or
 * dangerous: Tier priority, the CSI cluster-id, existing ExternalIPPool / IPPool ranges, StorageClass parameters (and
 * the other immutable StorageClass fields), and CCM / CSI driver versions. Run it before applying (see
 * `VSPHERE_K8S_PREVIOUS_MANIFESTS` in bin/main.ts, and docs/upgrade-safety.md).
 */
export function checkUpgradeSafety(previous: readonly ManifestObject[], current: readonly ManifestObject[]): UpgradeFinding[] {
  const now = new Map((current as Obj[]).map((o) => [keyOf(o), o]));
  const out: UpgradeFinding[] = [];
  for (const before of previous as Obj[]) {
    const after = now.get(keyOf(before));
    const object = idOf(before);
    const add = (field: string, b: unknown, a: unknown, severity: UpgradeFinding['severity'], risk: string): void => {
      out.push({ object, field, before: b, after: a, severity, risk });
    };
    if (before.kind === 'Tier' && after && before.spec?.priority !== after.spec?.priority) {
      add(
        'spec.priority',
        before.spec?.priority,
        after.spec?.priority,
        'error',
        'Antrea rejects updates of a Tier priority; create a new Tier and move the policies to it',
      );
    }
    if (before.kind === 'StorageClass' && before.apiVersion === 'storage.k8s.io/v1' && after) {
      for (const f of ['provisioner', 'parameters', 'reclaimPolicy', 'volumeBindingMode', 'allowedTopologies', 'mountOptions']) {
        const b = (before as any)[f];
        const a = (after as any)[f];
        if (!same(b, a)) {
          add(
            f,
            b,
            a,
            'error',
            'StorageClass fields other than allowVolumeExpansion are immutable; the API server rejects the update (create a new StorageClass instead)',
          );
        }
      }
    }
    if (before.kind === 'StorageClass' && !after) {
      add(
        '(object)',
        object,
        undefined,
        'warning',
        'removing a StorageClass leaves its PersistentVolumes without a class for expansion and re-provisioning',
      );
    }
    if ((before.kind === 'ExternalIPPool' || before.kind === 'IPPool') && String(before.apiVersion).startsWith('crd.antrea.io/')) {
      const kept = new Set(after ? rangesOf(after) : []);
      const lost = rangesOf(before).filter((r) => !kept.has(r));
      if (lost.length > 0) {
        add(
          'spec.ipRanges',
          lost,
          after ? rangesOf(after) : undefined,
          'error',
          `existing ${before.kind} ranges must not be changed or removed while addresses are allocated from them (Antrea rejects it or strands Egress/Pod IPs); only add ranges`,
        );
      }
    }
    if (before.kind === 'Secret' && before.metadata?.name === 'vsphere-config-secret' && after) {
      const b = clusterIdOf(before);
      const a = clusterIdOf(after);
      if (b !== undefined && a !== undefined && b !== a) {
        add(
          'csi-vsphere.conf [Global] cluster-id',
          b,
          a,
          'error',
          'the CSI cluster-id is the CNS owner of every volume: changing it orphans the existing volumes (and a driver-generated id cannot be replaced by a configured one)',
        );
      }
    }
    const isCcm = before.kind === 'DaemonSet' && before.metadata?.name === 'vsphere-cloud-controller-manager';
    const isCsi =
      (before.kind === 'Deployment' && before.metadata?.name === 'vsphere-csi-controller') ||
      (before.kind === 'DaemonSet' && before.metadata?.name === 'vsphere-csi-node');
    if ((isCcm || isCsi) && after && !same(imagesOf(before), imagesOf(after))) {
      add(
        'spec.template.spec.containers[*].image',
        imagesOf(before),
        imagesOf(after),
        'warning',
        isCcm
          ? 'a CPI version change must follow the cluster Kubernetes minor (CPI minor = Kubernetes minor); upgrade Kubernetes and CPI together'
          : 'a CSI driver version change: check the compatibility matrix (Kubernetes and vSphere) and the upstream upgrade notes before applying',
      );
    }
  }
  return out;
}

/** Formats findings one per line: `[error] Tier t1 spec.priority: 10 -> 20: <risk>`. */
export function formatUpgradeFindings(findings: readonly UpgradeFinding[]): string {
  return findings
    .map((f) => `[${f.severity}] ${f.object} ${f.field}: ${JSON.stringify(f.before)} -> ${JSON.stringify(f.after)}: ${f.risk}`)
    .join('\n');
}
