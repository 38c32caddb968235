export * from './errors';
export * from './names';
export * from './secret-value';
export * from './extra-file';
export * from './cluster-scoped';
export * from './validation';
export * from './synth';
export * from './ip';
