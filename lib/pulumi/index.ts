// Pulumi entry point of the library: `import { Cdk8sDeployment } from 'vsphere-k8s-constructs/pulumi'`.
export * from './manifest-plan';
export * from './cdk8s-deployment';
