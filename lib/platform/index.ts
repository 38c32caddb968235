// Public API of the platform area: namespaces with their defaults, and the cluster-wide platform objects.
export * from './application-namespace';
export * from './cluster-platform';
