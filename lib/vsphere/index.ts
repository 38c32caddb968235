// Public API of the vSphere constructs (one line per file).
export * from './csi-driver-manifest';
export * from './csi-compatibility';
export * from './storage-class';
export * from './volume-snapshot-class';
export * from './snapshot-controller';
export * from './volume-snapshot';
export * from './restored-volume-claim';
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
