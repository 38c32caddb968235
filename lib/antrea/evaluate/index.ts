// The offline Antrea policy evaluator: pure (JSON objects in, verdicts out), no cdk8s imports.
export * from './types';
export { workloadModelFromObjects } from './model';
export { PolicyEvaluator } from './evaluator';
