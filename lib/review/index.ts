export * from './report';
export * from './policy-table';
export * from './storage-map';
export * from './node-pools';
export * from './diagram';
export * from './semantic-diff';
