// Public API of the stacks area (one line per file).
export * from './config-schema';
export * from './config';
export * from './cluster-platform';
export * from './kubekey';
export * from './vsphere-storage';
export * from './antrea-networking';
export * from './kubernetes-on-vsphere';
export * from './demo-workload';
export * from './upgrade-safety';
