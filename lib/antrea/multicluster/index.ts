export * from './cluster-set';
export * from './multicluster-config';
export * from './service-export';
export * from './gateway';
export * from './resource-export';
