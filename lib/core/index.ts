export * from './errors';
export * from './names';
export * from './secret-value';
export * from './extra-file';
export * from './cluster-scoped';
export * from './validation';
export * from './synth';
export * from './ip';
export * from './cluster-model';
export * from './preflight-run';
export { preflight, formatFindings } from './preflight';
export type {
  ClusterFacts,
  ExternalObjectFacts,
  FileRequirement,
  NodeGroupFacts,
  PreflightCheck,
  PreflightFinding,
  PreflightOptions,
  PrerequisiteCrd,
  Taint,
  WorkloadRef,
} from './preflight/types';
