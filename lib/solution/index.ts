// Public API of the solution area (config, loader, composite stacks, upgrade safety) (one line per file).
export * from './config-schema';
export * from './config';
export * from './vsphere-storage';
export * from './antrea-networking';
export * from './kubernetes-on-vsphere';
export * from './demo-workload';
export * from './upgrade-safety';
export * from './kubekey-spec';
