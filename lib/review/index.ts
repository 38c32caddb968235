// The review report (lib/review): pure functions from synthesized objects to Markdown/DOT/SVG, and the semantic diff.
export {
  buildReviewReport,
  renderReviewReport,
  writeReviewReport,
  writeReviewFiles,
  readManifestFiles,
  REVIEW_DOT,
  REVIEW_MARKDOWN,
  REVIEW_SVG,
} from './report';
export type { ReviewFile, ReviewReportOptions } from './report';
export { policyTableEntries, renderPolicyTable } from './policy-table';
export type { PolicyTableEntry, PolicyRuleRow } from './policy-table';
export { connectivityMatrix, renderConnectivity, reviewWorkloadModel, OUTSIDE_ADDRESS } from './connectivity';
export type { ConnectivityMatrix, MatrixCell, MatrixTarget } from './connectivity';
export { storageClasses, snapshotClasses, claims, renderStorageMap } from './storage-map';
export type { StorageClassEntry, SnapshotClassEntry, ClaimEntry } from './storage-map';
export { renderNodePools } from './node-pools';
export { buildDiagram, toMermaid, toDot, renderSvg } from './diagram';
export type { DiagramGraph, DiagramGroup, DiagramNode, DiagramEdge } from './diagram';
export { semanticDiff, formatSemanticDiff } from './semantic-diff';
export type { SemanticDiff, ObjectChange, FieldChange, RuleChange, ConnectivityChange } from './semantic-diff';
export type { Json } from './selectors';
