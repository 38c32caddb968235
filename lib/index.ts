// vsphere-k8s-constructs: typed cdk8s constructs for Kubernetes on VMware vSphere with CNS storage and Antrea networking.
// The Pulumi components live in the `vsphere-k8s-constructs/pulumi` entry point (lib/pulumi/index.ts), so that cdk8s-only
// users do not load @pulumi/*. Generated L1 classes (imports/) are internal and never exported.
export * from './core';
export * from './vsphere';
export * from './antrea';
export * from './platform';
export * from './kubekey';
export * from './solution';
export * from './review';
