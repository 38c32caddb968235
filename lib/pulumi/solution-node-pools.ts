// The Pulumi half of the solution: the node VMs a SolutionConfig describes, as NodePool components.
import * as pulumi from '@pulumi/pulumi';
import { NodePoolConfig, SolutionConfig } from '../solution/config-types';
import { NodePool } from './node-pool';
import { VsphereProvider } from './vsphere/provider';

function hostnamesFollowPattern(pool: NodePoolConfig): boolean {
  return pool.hostnames.every((h, i) => h === `${pool.name}-${i + 1}`);
}

/**
 * The node VMs of a {@link SolutionConfig}, one {@link NodePool} per config pool (or one per node when the pool names
 * its hostnames freely), placed in the first vCenter's first datacenter and created through `provider`.
 */
export function nodePoolsFromConfig(config: SolutionConfig, provider: VsphereProvider): NodePool[] {
  const vc = config.vcenters[0];
  const pools: NodePool[] = [];
  for (const pool of config.nodePools) {
    const common = {
      clusterName: config.clusterName,
      role: pool.role,
      cpu: pool.cpu,
      memoryMiB: pool.memoryMiB,
      diskGiB: pool.diskGiB,
      hardwareVersion: pool.hardwareVersion,
      ipv4Gateway: pool.ipv4Gateway,
      ipv4PrefixLength: pool.ipv4PrefixLength,
      dnsServers: pool.dnsServers,
      placement: {
        datacenter: vc.datacenters[0],
        datastore: pool.datastore,
        computeCluster: pool.computeCluster,
        resourcePool: pool.resourcePool,
        network: pool.network,
        template: pool.template,
        folder: pool.folder,
      },
    };
    if (hostnamesFollowPattern(pool)) {
      pools.push(
        new NodePool(
          pool.name,
          Object.assign({}, common, { count: pool.count, namePattern: `${pool.name}-{index}`, ipv4Addresses: pool.ipAddresses }),
          { provider },
        ),
      );
    } else {
      pool.hostnames.forEach((hostname, i) =>
        pools.push(
          new NodePool(
            `${pool.name}-${hostname}`,
            Object.assign({}, common, {
              count: 1,
              namePattern: hostname,
              ipv4Addresses: pool.ipAddresses ? [pool.ipAddresses[i]] : undefined,
            }),
            { provider },
          ),
        ),
      );
    }
  }
  return pools;
}

/** Hostname to the value `pick` gives per node, over every pool, sorted by hostname. */
export function byHostname(pools: NodePool[], pick: (p: NodePool) => pulumi.Output<string[]>): pulumi.Output<Record<string, string>> {
  return pulumi
    .all(pools.map((p) => pick(p).apply((values) => p.specs.map((s, i) => [s.hostname, values[i]] as [string, string]))))
    .apply((lists) => Object.fromEntries(lists.flat().sort((a, b) => (a[0] < b[0] ? -1 : 1))));
}
