/** The node pools section of the review report, from the solution config's `nodePools`. */
import type { NodePoolConfig } from '../solution/config';
import { code, labels, table } from './markdown';

/** The "Node pools" section; without pools (no config given), a line saying so. */
export function renderNodePools(pools: readonly NodePoolConfig[] | undefined): string {
  if (pools === undefined) return `## Node pools\n\n_No solution config given: node pools unknown._\n`;
  const rows = pools.map((p) => [
    code(p.name),
    p.role,
    String(p.count),
    String(p.cpu),
    `${p.memoryMiB} MiB`,
    `${p.diskGiB} GiB`,
    p.hostnames.map((h, i) => (p.ipAddresses?.[i] ? `${h} (${p.ipAddresses[i]})` : h)).join(', ') + (p.ipAddresses ? '' : ' (DHCP)'),
    labels(p.labels),
    p.template,
    p.network,
    p.datastore,
    p.computeCluster ?? p.resourcePool ?? '',
  ]);
  const total = pools.reduce((n, p) => n + p.count, 0);
  const vcpus = pools.reduce((n, p) => n + p.count * p.cpu, 0);
  const mem = pools.reduce((n, p) => n + p.count * p.memoryMiB, 0);
  return (
    `## Node pools\n\n` +
    table(
      ['Pool', 'Role', 'Nodes', 'vCPU', 'Memory', 'Disk', 'Hosts', 'Labels', 'Template', 'Network', 'Datastore', 'Placement'],
      rows,
      '_No node pools._',
    ) +
    `\nTotal: ${total} node(s), ${vcpus} vCPU, ${mem} MiB memory.\n`
  );
}
