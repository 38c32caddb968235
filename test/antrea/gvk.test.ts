import * as l1 from '../../imports/crd.antrea.io';
import { ANTREA_GVK } from '../../lib/antrea/gvk';

describe('ANTREA_GVK', () => {
  test('equals the GVK of the generated class of each kind', () => {
    const generated: Record<keyof typeof ANTREA_GVK, { apiVersion: string; kind: string }> = {
      ClusterGroup: l1.ClusterGroup.GVK,
      ClusterNetworkPolicy: l1.ClusterNetworkPolicy.GVK,
      Egress: l1.Egress.GVK,
      ExternalIPPool: l1.ExternalIpPool.GVK,
      Group: l1.Group.GVK,
      IPPool: l1.IpPoolV1Beta1.GVK,
      NetworkPolicy: l1.NetworkPolicy.GVK,
      Tier: l1.Tier.GVK,
      Traceflow: l1.Traceflow.GVK,
    };
    expect(ANTREA_GVK).toEqual(generated);
    for (const gvk of Object.values(ANTREA_GVK)) expect(gvk.apiVersion).toBe('crd.antrea.io/v1beta1');
  });
});
