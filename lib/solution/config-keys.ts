// The top-level keys of a solution config, without loading the TypeBox shape (config-shape.ts): the loader needs the
// key list at module load, the shape only when it checks a file or Pulumi config. test/solution/config-keys.test.ts
// checks that this list is the shape's.

/** The top-level keys of a solution config, in schema order. @internal */
export const SOLUTION_CONFIG_KEYS: readonly string[] = [
  'clusterName',
  'kubernetesVersion',
  'vcenters',
  'credentials',
  'csi',
  'storageClasses',
  'antrea',
  'namespaces',
  'nodePools',
  'kubekey',
  'prerequisites',
];

/** The file-level key that asks for the built-in example config explicitly. @internal */
export const EXAMPLE_KEY = 'example';
