import { Testing } from 'cdk8s';
import { AntreaNetworking } from '../../lib/stacks/antrea-networking';
import { synthValid } from '../helpers';

describe('AntreaNetworking failing inputs', () => {
  test('should throw if an egress names a pool that is not in egressPools', () => {
    expect(
      () =>
        new AntreaNetworking(Testing.chart(), 'Net', {
          egressPools: [{ name: 'pool-a', ipRanges: ['10.10.0.0/28'] }],
          egresses: [{ name: 'e1', pool: 'pool-b' }],
        }),
    ).toThrow('[test/Net] egresses[0].pool: got "pool-b", expected one of the egressPools: "pool-a"');
  });

  test('should throw if two egress pools share a name', () => {
    expect(
      () =>
        new AntreaNetworking(Testing.chart(), 'Net', {
          egressPools: [
            { name: 'pool-a', ipRanges: ['10.10.0.0/28'] },
            { name: 'pool-a', ipRanges: ['10.10.1.0/28'] },
          ],
        }),
    ).toThrow('[test/Net] egressPools[1].name: got "pool-a", expected a pool name not used by another pool');
  });

  test('defaults: NodePortLocal on, baseline policies, every object strictly valid', () => {
    const chart = Testing.chart();
    const net = new AntreaNetworking(chart, 'Net');
    expect(net.config.nodePortLocalActive).toBe(true);
    expect(synthValid(chart).map((o) => `${o.kind}/${o.metadata?.name}`)).toEqual([
      'ClusterGroup/kube-dns',
      'ClusterNetworkPolicy/allow-kube-dns',
      'ClusterNetworkPolicy/baseline-namespace-isolation',
    ]);
  });
});
