/**
 * The API versions and kinds of the Antrea objects the constructs write (Antrea v2.7.0, `crd.antrea.io/v1beta1`).
 * Plain constants rather than the `GVK` of the generated classes in imports/crd.antrea.io.ts: the constructs build
 * their objects as plain ApiObjects, and loading that generated module only for these strings cost about 6 ms of every
 * synth's start-up (issue 15). test/antrea/gvk.test.ts keeps them equal to the generated classes.
 * @internal
 */
export const ANTREA_GVK = {
  ClusterGroup: { apiVersion: 'crd.antrea.io/v1beta1', kind: 'ClusterGroup' },
  ClusterNetworkPolicy: { apiVersion: 'crd.antrea.io/v1beta1', kind: 'ClusterNetworkPolicy' },
  Egress: { apiVersion: 'crd.antrea.io/v1beta1', kind: 'Egress' },
  ExternalIPPool: { apiVersion: 'crd.antrea.io/v1beta1', kind: 'ExternalIPPool' },
  Group: { apiVersion: 'crd.antrea.io/v1beta1', kind: 'Group' },
  IPPool: { apiVersion: 'crd.antrea.io/v1beta1', kind: 'IPPool' },
  NetworkPolicy: { apiVersion: 'crd.antrea.io/v1beta1', kind: 'NetworkPolicy' },
  Tier: { apiVersion: 'crd.antrea.io/v1beta1', kind: 'Tier' },
  Traceflow: { apiVersion: 'crd.antrea.io/v1beta1', kind: 'Traceflow' },
} as const;
