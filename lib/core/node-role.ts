/**
 * The Kubernetes role of a node: `control-plane` or `worker` (the KubeKey `roleGroups` names). One type for node VMs,
 * node pools, the KubeKey config and the solution config.
 */
export type NodeRole = 'control-plane' | 'worker';

/** The node roles, in a fixed order. @internal */
export const NODE_ROLES: readonly NodeRole[] = ['control-plane', 'worker'];
