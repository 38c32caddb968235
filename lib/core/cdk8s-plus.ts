import type * as kplus from 'cdk8s-plus-27';

/**
 * cdk8s-plus-27, loaded on first use. Its module graph (the generated Kubernetes imports) takes about 35 ms to load,
 * and the library needs its classes at run time in a few places only: `instanceof` checks on constructs a caller
 * passes (which means the caller has loaded it already) and `RestoredVolumeClaim`. So importing the library does not
 * load it (issue 15); the types come from `import type`.
 * @internal
 */
export function cdk8sPlus(): typeof kplus {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('cdk8s-plus-27') as typeof kplus;
}
