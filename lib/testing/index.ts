// vsphere-k8s-constructs/testing: helpers for users' own tests (jest matchers over the offline policy evaluator).
export * from './traffic';
export * from './matchers';
