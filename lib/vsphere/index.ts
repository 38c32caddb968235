// Public API of the vSphere constructs (one line per file).
export * from './csi-driver-manifest';
export * from './csi-compatibility';
export * from './storage-class';
export * from './volume-snapshot-class';
export * from './snapshot-controller';
export * from './volume-snapshot';
// RestoredVolumeClaim extends a cdk8s-plus class, so its module loads cdk8s-plus-27 (about 35 ms): it is exported
// with a getter that loads it on first use, so that importing the library does not (issue 15).
export type { RestoredVolumeClaimProps } from './restored-volume-claim';
import type { RestoredVolumeClaim as RestoredVolumeClaimClass } from './restored-volume-claim';
/**
 * A PersistentVolumeClaim restored from a VolumeSnapshot (`spec.dataSource`); a cdk8s-plus claim. See
 * {@link RestoredVolumeClaimClass} (lib/vsphere/restored-volume-claim.ts).
 */
export declare const RestoredVolumeClaim: typeof RestoredVolumeClaimClass;
/** An instance of {@link RestoredVolumeClaim}. */
export type RestoredVolumeClaim = RestoredVolumeClaimClass;
const lazy = {
  get RestoredVolumeClaim(): typeof RestoredVolumeClaimClass {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return (require('./restored-volume-claim') as typeof import('./restored-volume-claim')).RestoredVolumeClaim;
  },
};
// `get: function () { return x.y; }` is the getter form Node's CommonJS export detection (cjs-module-lexer) accepts,
// so `import { RestoredVolumeClaim }` works from ESM too (an ESM import reads it, and so loads cdk8s-plus).
Object.defineProperty(exports, 'RestoredVolumeClaim', {
  enumerable: true,
  get: function () {
    return lazy.RestoredVolumeClaim;
  },
});
export * from './csi-metrics-monitor';
export * from './vcenter';
export * from './connection';
export * from './credentials';
export * from './cpi-versions';
export * from './cloud-controller-manager';
export * from './gcfg';
export * from './csi-config';
export * from './csi-driver';
export * from './node-vm-spec';
