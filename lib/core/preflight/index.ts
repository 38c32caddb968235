export type {
  ClusterFacts,
  ExternalObjectFacts,
  FileRequirement,
  NodeGroupFacts,
  PodSecurityLevel,
  PreflightCheck,
  PreflightFinding,
  PreflightOptions,
  PrerequisiteCrd,
  Taint,
  WorkloadRef,
} from './types';
export { preflight, formatFindings } from './preflight';
