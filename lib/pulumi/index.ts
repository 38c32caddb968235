// Pulumi entry point of the library: `import { Cdk8sDeployment, NodeVm } from 'vsphere-k8s-constructs/pulumi'`.
export * from './manifest-plan';
export * from './cdk8s-deployment';
export * from './chart-groups';
export * from './replacement';
export * from './antrea-chart';
export * from './node-vm';
export * from './node-pool';
export * as vsphere from './vsphere';
export * from './solution-config';
export * from './solution-node-pools';
