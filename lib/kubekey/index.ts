// Public API of the KubeKey area: the cluster spec, its renderer and the config file construct.
export * from './spec';
export * from './render';
export * from './kubekey-cluster-config';
