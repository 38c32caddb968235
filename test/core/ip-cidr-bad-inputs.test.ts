import { Chart } from 'cdk8s';
import {
  AppliedTo,
  ClusterGroup,
  ClusterNetworkPolicy,
  Egress,
  ExternalIPPool,
  IPPool,
  LabelSelector,
  MulticlusterControllerConfig,
  Peer,
  Protocol,
  RuleAction,
  Traceflow,
  TraceflowDestination,
  TraceflowSource,
} from '../../lib/antrea';
import { CloudControllerManager } from '../../lib/vsphere';
import { BadInput, distinct, err, inChart } from '../fixtures/bad-inputs/rows';

const CIDR = 'a CIDR such as 10.0.0.0/24 or fd00::/64';
const RANGE = 'a range "<start IP>-<end IP>" or a CIDR';

/** An ACNP whose one egress rule goes to `peer`. */
function egressTo(c: Chart, peer: () => Peer): ClusterNetworkPolicy {
  return new ClusterNetworkPolicy(c, 'P', {
    priority: 5,
    appliedTo: [AppliedTo.pods(LabelSelector.all())],
    egress: [{ action: RuleAction.DROP, to: [peer()] }],
  });
}

const rows: BadInput[] = distinct([
  // CIDRs (IPv4 and IPv6)
  [
    'ipBlock without a prefix length',
    inChart((c) => egressTo(c, () => Peer.ipBlock('10.0.10.0'))),
    err('test/P', 'egress[0].to[0].ipBlock.cidr', '"10.0.10.0"', `${CIDR} (the prefix length is missing)`),
  ],
  [
    'IPv4 ipBlock with host bits set',
    inChart((c) => egressTo(c, () => Peer.ipBlock('10.0.10.5/24'))),
    err('test/P', 'egress[0].to[0].ipBlock.cidr', '"10.0.10.5/24"', 'a CIDR whose host bits are zero (a network address)'),
  ],
  [
    'IPv4 prefix length 33',
    inChart((c) => egressTo(c, () => Peer.ipBlock('10.0.0.0/33'))),
    err('test/P', 'egress[0].to[0].ipBlock.cidr', '"10.0.0.0/33"', 'a prefix length from 0 to 32'),
  ],
  [
    'IPv6 prefix length 129',
    inChart((c) => egressTo(c, () => Peer.ipBlock('fd00::/129'))),
    err('test/P', 'egress[0].to[0].ipBlock.cidr', '"fd00::/129"', 'a prefix length from 0 to 128'),
  ],
  [
    'IPv6 ipBlock with host bits set',
    inChart((c) => egressTo(c, () => Peer.ipBlock('fd00::1/64'))),
    err('test/P', 'egress[0].to[0].ipBlock.cidr', '"fd00::1/64"', 'a CIDR whose host bits are zero (a network address)'),
  ],
  [
    'CIDR with two prefix lengths',
    inChart((c) => egressTo(c, () => Peer.ipBlock('10.0.0.0/8/9'))),
    err('test/P', 'egress[0].to[0].ipBlock.cidr', '"10.0.0.0/8/9"', `${CIDR} (exactly one "/")`),
  ],
  [
    'IPv6 CIDR with a second "/"',
    inChart((c) => egressTo(c, () => Peer.ipBlock('fd00::/64/'))),
    err('test/P', 'egress[0].to[0].ipBlock.cidr', '"fd00::/64/"', `${CIDR} (exactly one "/")`),
  ],
  [
    'IPv4 octet above 255',
    inChart((c) => egressTo(c, () => Peer.ipBlock('300.1.1.0/24'))),
    err('test/P', 'egress[0].to[0].ipBlock.cidr', '"300.1.1.0/24"', CIDR),
  ],
  [
    'IPv4 octet with a leading zero',
    inChart((c) => egressTo(c, () => Peer.ipBlock('010.0.0.0/8'))),
    err('test/P', 'egress[0].to[0].ipBlock.cidr', '"010.0.0.0/8"', CIDR),
  ],
  [
    'IPv6 with ":::"',
    inChart((c) => egressTo(c, () => Peer.ipBlock('fd00:::/64'))),
    err('test/P', 'egress[0].to[0].ipBlock.cidr', '"fd00:::/64"', CIDR),
  ],
  [
    'prefix length that is not a number',
    inChart((c) => egressTo(c, () => Peer.ipBlock('10.0.0.0/x'))),
    err('test/P', 'egress[0].to[0].ipBlock.cidr', '"10.0.0.0/x"', CIDR),
  ],
  [
    'except outside the ipBlock',
    inChart((c) => egressTo(c, () => Peer.ipBlock('10.0.0.0/16', ['10.1.0.0/24']))),
    err(
      'test/P',
      'egress[0].to[0].ipBlock.except[0]',
      '"10.1.0.0/24"',
      'a strict subset of 10.0.0.0/16 (except CIDR 10.1.0.0/24 is not a strict subset of CIDR 10.0.0.0/16)',
    ),
  ],
  [
    'except equal to the ipBlock (not strict)',
    inChart((c) => egressTo(c, () => Peer.ipBlock('10.0.0.0/16', ['10.0.0.0/16']))),
    err('test/P', 'egress[0].to[0].ipBlock.except[0]', '"10.0.0.0/16"', 'a strict subset of 10.0.0.0/16'),
  ],
  [
    'IPv6 except in an IPv4 ipBlock',
    inChart((c) => egressTo(c, () => Peer.ipBlock('10.0.0.0/8', ['fd00::/64']))),
    err('test/P', 'egress[0].to[0].ipBlock.except[0]', '"fd00::/64"', 'a strict subset of 10.0.0.0/8'),
  ],
  [
    'multicast and unicast ipBlocks in one ClusterGroup',
    inChart((c) => new ClusterGroup(c, 'G', { ipBlocks: [{ cidr: '224.0.0.0/4' }, { cidr: '10.0.0.0/8' }] })),
    err('test/G', 'ipBlocks[1].cidr', '"10.0.0.0/8"', 'a multicast CIDR like the other ipBlocks'),
  ],
  [
    'CCM internal subnet CIDR with host bits',
    inChart(
      (c) =>
        new CloudControllerManager(c, 'CCM', {
          vcenters: [{ server: 'vc.example.com', datacenters: ['dc1'] }],
          kubernetesVersion: '1.27',
          nodes: { internalNetworkSubnetCidr: '192.168.1.1/24' },
        }),
    ),
    err('test/CCM', 'nodes.internalNetworkSubnetCidr', '"192.168.1.1/24"', 'a CIDR whose host bits are zero (a network address)'),
  ],
  [
    'multicluster podCIDRs that overlap',
    inChart((c) => new MulticlusterControllerConfig(c, 'MC', { podCIDRs: ['10.10.0.0/16', '10.10.128.0/17'] })),
    err('test/MC', 'podCIDRs[1]', '"10.10.128.0/17"', 'a CIDR that does not overlap 10.10.0.0/16'),
  ],
  [
    'multicluster serviceCIDR as an IPv6 address without prefix',
    inChart((c) => new MulticlusterControllerConfig(c, 'MC', { serviceCIDR: 'fd00::10' })),
    err('test/MC', 'serviceCIDR', '"fd00::10"', `${CIDR} (the prefix length is missing)`),
  ],
  // IP ranges of pools
  [
    'pool range whose start is after its end',
    inChart((c) => new ExternalIPPool(c, 'Pool', { ipRanges: ['10.0.0.20-10.0.0.10'] })),
    err('test/Pool', 'ipRanges[0]', '"10.0.0.20-10.0.0.10"', 'a range whose start is not after its end'),
  ],
  [
    'pool range with spaces around "-" (never trimmed)',
    inChart((c) => new ExternalIPPool(c, 'Pool', { ipRanges: ['10.0.0.1 - 10.0.0.5'] })),
    err('test/Pool', 'ipRanges[0]', '"10.0.0.1 - 10.0.0.5"', `${RANGE}, without spaces`),
  ],
  [
    'pool CIDR with a trailing space',
    inChart((c) => new ExternalIPPool(c, 'Pool', { ipRanges: ['10.0.0.0/24 '] })),
    err('test/Pool', 'ipRanges[0]', '"10.0.0.0/24 "', `${RANGE}, without spaces`),
  ],
  [
    'pool range of three addresses',
    inChart((c) => new ExternalIPPool(c, 'Pool', { ipRanges: ['10.0.0.1-10.0.0.5-10.0.0.9'] })),
    err('test/Pool', 'ipRanges[0]', '"10.0.0.1-10.0.0.5-10.0.0.9"', RANGE),
  ],
  [
    'subnetInfo gateway that is the network address',
    inChart(
      (c) => new ExternalIPPool(c, 'Pool', { ipRanges: ['10.0.0.10-10.0.0.20'], subnetInfo: { gateway: '10.0.0.0', prefixLength: 24 } }),
    ),
    err('test/Pool', 'subnetInfo.gateway', '"10.0.0.0"', 'a host address of 10.0.0.0/24 (not its network address)'),
  ],
  [
    'subnetInfo gateway that is the IPv4 broadcast address',
    inChart(
      (c) => new ExternalIPPool(c, 'Pool', { ipRanges: ['10.0.0.10-10.0.0.20'], subnetInfo: { gateway: '10.0.0.255', prefixLength: 24 } }),
    ),
    err('test/Pool', 'subnetInfo.gateway', '"10.0.0.255"', 'a host address of 10.0.0.0/24 (not its broadcast address)'),
  ],
  [
    'subnetInfo IPv6 gateway that is the network address',
    inChart((c) => new IPPool(c, 'Pool', { ipRanges: ['fd00::10-fd00::20'], subnetInfo: { gateway: 'fd00::', prefixLength: 64 } })),
    err('test/Pool', 'subnetInfo.gateway', '"fd00::"', 'a host address of fd00::/64 (not its network address)'),
  ],
  [
    'subnetInfo gateway that is multicast',
    inChart((c) => new ExternalIPPool(c, 'Pool', { subnetInfo: { gateway: '224.0.0.1', prefixLength: 24 } })),
    err('test/Pool', 'subnetInfo.gateway', '"224.0.0.1"', 'a unicast gateway address (not multicast, 224.0.0.0/4)'),
  ],
  [
    'pool range that contains the subnetInfo gateway',
    inChart(
      (c) => new ExternalIPPool(c, 'Pool', { ipRanges: ['10.0.0.1-10.0.0.20'], subnetInfo: { gateway: '10.0.0.1', prefixLength: 24 } }),
    ),
    err(
      'test/Pool',
      'ipRanges[0]',
      '"10.0.0.1-10.0.0.20"',
      'a range that does not contain subnetInfo.gateway 10.0.0.1 (the ExternalIPPool allocator does not reserve the gateway, so it would be handed out as an external IP)',
    ),
  ],
  [
    'IPPool start-end range added later that contains the gateway (only CIDR ranges reserve it)',
    inChart((c) =>
      new IPPool(c, 'Pool', { ipRanges: ['10.0.0.64/26'], subnetInfo: { gateway: '10.0.0.1', prefixLength: 24 } }).addIpRange(
        '10.0.0.1-10.0.0.10',
      ),
    ),
    err(
      'test/Pool',
      'ipRanges[1]',
      '"10.0.0.1-10.0.0.10"',
      'a start-end range that does not contain subnetInfo.gateway 10.0.0.1, or a CIDR range (the IPPool allocator reserves the gateway only in CIDR ranges',
    ),
  ],
  [
    'pool range from IPv4 to IPv6',
    inChart((c) => new ExternalIPPool(c, 'Pool', { ipRanges: ['10.0.0.1-fd00::1'] })),
    err('test/Pool', 'ipRanges[0]', '"10.0.0.1-fd00::1"', 'a range whose start and end are of the same IP family'),
  ],
  [
    'pool range with a host name',
    inChart((c) => new ExternalIPPool(c, 'Pool', { ipRanges: ['egress-a-egress-b'] })),
    err('test/Pool', 'ipRanges[0]', '"egress-a-egress-b"', RANGE),
  ],
  [
    'pool ranges of two IP families',
    inChart((c) => new ExternalIPPool(c, 'Pool', { ipRanges: ['10.0.0.0/24', 'fd00::/120'] })),
    err('test/Pool', 'ipRanges[1]', '"fd00::/120"', 'an IPv4 range (all ranges of a pool must be of one IP family)'),
  ],
  [
    'pool ranges that overlap inside one pool',
    inChart((c) => new ExternalIPPool(c, 'Pool', { ipRanges: ['10.0.0.0/24', '10.0.0.128/25'] })),
    err('test/Pool', 'ipRanges', '"10.0.0.128/25"', 'a range that does not overlap 10.0.0.0/24 in the same pool'),
  ],
  [
    'range added later that overlaps IPv6 range of the pool',
    inChart((c) => new ExternalIPPool(c, 'Pool', { ipRanges: ['fd00::10-fd00::20'] }).addIpRange('fd00::18-fd00::30')),
    err('test/Pool', 'ipRanges', '"fd00::18-fd00::30"', 'a range that does not overlap fd00::10-fd00::20 in the same pool'),
  ],
  [
    'IPPool range outside its subnet',
    inChart((c) => new IPPool(c, 'Pool', { ipRanges: ['10.0.1.10-10.0.1.20'], subnetInfo: { gateway: '10.0.0.1', prefixLength: 24 } })),
    err('test/Pool', 'ipRanges[0]', '"10.0.1.10-10.0.1.20"', 'a range inside the subnet 10.0.0.0/24 of subnetInfo'),
  ],
  [
    'IPPool IPv6 range in an IPv4 subnet',
    inChart((c) => new IPPool(c, 'Pool', { ipRanges: ['fd00::/120'], subnetInfo: { gateway: '10.0.0.1', prefixLength: 24 } })),
    err('test/Pool', 'ipRanges[0]', '"fd00::/120"', 'an IPv4 range (subnetInfo.gateway is IPv4)'),
  ],
  [
    'IPPool gateway that is not an address',
    inChart((c) => new IPPool(c, 'Pool', { subnetInfo: { gateway: 'gw.example.com', prefixLength: 24 } })),
    err('test/Pool', 'subnetInfo.gateway', '"gw.example.com"', 'an IPv4 or IPv6 address'),
  ],
  [
    'IPv4 subnet prefix length 32',
    inChart((c) => new IPPool(c, 'Pool', { subnetInfo: { gateway: '10.0.0.1', prefixLength: 32 } })),
    err('test/Pool', 'subnetInfo.prefixLength', '32', 'an integer from 1 to 31 (the gateway is IPv4)'),
  ],
  [
    'IPv6 subnet prefix length 128',
    inChart((c) => new IPPool(c, 'Pool', { subnetInfo: { gateway: 'fd00::1', prefixLength: 128 } })),
    err('test/Pool', 'subnetInfo.prefixLength', '128', 'an integer from 1 to 127 (the gateway is IPv6)'),
  ],
  // single addresses
  [
    'egressIP with an octet of 256',
    inChart((c) => new Egress(c, 'E', { appliedTo: { podSelector: {} }, egressIP: '10.0.0.256' })),
    err('test/E', 'egressIP', '"10.0.0.256"', 'an IPv4 or IPv6 address'),
  ],
  [
    'egressIP with an IPv6 zone',
    inChart((c) => new Egress(c, 'E', { appliedTo: { podSelector: {} }, egressIP: 'fe80::1%eth0' })),
    err('test/E', 'egressIP', '"fe80::1%eth0"', 'an IPv4 or IPv6 address'),
  ],
  [
    'egressIP given as a CIDR',
    inChart((c) => new Egress(c, 'E', { appliedTo: { podSelector: {} }, egressIP: '10.0.0.5/32' })),
    err('test/E', 'egressIP', '"10.0.0.5/32"', 'an IPv4 or IPv6 address'),
  ],
  [
    'multicast egressIP',
    inChart((c) => new Egress(c, 'E', { appliedTo: { podSelector: {} }, egressIP: '224.0.0.1' })),
    err('test/E', 'egressIP', '"224.0.0.1"', 'a unicast address (not multicast, 224.0.0.0/4): the SNAT source of the selected Pods'),
  ],
  [
    'loopback egressIP',
    inChart((c) => new Egress(c, 'E', { appliedTo: { podSelector: {} }, egressIP: '127.0.0.1' })),
    err('test/E', 'egressIP', '"127.0.0.1"', 'a unicast address (not loopback, 127.0.0.0/8)'),
  ],
  [
    'unspecified IPv6 egressIP',
    inChart((c) => new Egress(c, 'E', { appliedTo: { podSelector: {} }, egressIP: '::' })),
    err('test/E', 'egressIP', '"::"', 'a unicast address (not unspecified, ::)'),
  ],
  [
    'IPv6 multicast egressIP',
    inChart((c) => new Egress(c, 'E', { appliedTo: { podSelector: {} }, egressIP: 'ff02::1' })),
    err('test/E', 'egressIP', '"ff02::1"', 'a unicast address (not multicast, ff00::/8)'),
  ],
  [
    'IGMP group address that is IPv4 unicast',
    inChart(
      (c) =>
        new ClusterNetworkPolicy(c, 'P', {
          priority: 5,
          appliedTo: [AppliedTo.pods(LabelSelector.all())],
          egress: [{ action: RuleAction.ALLOW, protocols: [Protocol.igmp({ groupAddress: '10.0.0.1' })] }],
        }),
    ),
    err(
      'test/P',
      'egress[0].protocols[0].igmp.groupAddress',
      '"10.0.0.1"',
      'a multicast address (224.0.0.0/4 or ff00::/8) (groupAddress 10.0.0.1 is not multicast address)',
    ),
  ],
  [
    'IGMP group address that is IPv6 link-local',
    inChart(
      (c) =>
        new ClusterNetworkPolicy(c, 'P', {
          priority: 5,
          appliedTo: [AppliedTo.pods(LabelSelector.all())],
          egress: [{ action: RuleAction.ALLOW, protocols: [Protocol.igmp({ groupAddress: 'fe80::1' })] }],
        }),
    ),
    err('test/P', 'egress[0].protocols[0].igmp.groupAddress', '"fe80::1"', 'a multicast address (224.0.0.0/4 or ff00::/8)'),
  ],
  [
    'Traceflow destination IP with three octets',
    inChart(
      (c) => new Traceflow(c, 'TF', { source: TraceflowSource.pod('shop', 'web-0'), destination: TraceflowDestination.ip('10.0.0') }),
    ),
    err('test/TF', 'destination.ip', '"10.0.0"', 'an IPv4 or IPv6 address'),
  ],
  [
    'Traceflow IPv4 source with an IPv6 destination',
    inChart(
      (c) =>
        new Traceflow(c, 'TF', {
          liveTraffic: true,
          source: TraceflowSource.ip('10.0.0.5'),
          destination: TraceflowDestination.ip('fd00::5'),
        }),
    ),
    err('test/TF', 'destination.ip', '"fd00::5"', 'an IPv4 address (source.ip is IPv4)'),
  ],
]);

describe('bad CIDRs, IP ranges and IP addresses', () => {
  test.each(rows)('%s', (_description, build, expected) => {
    expect(build).toThrow(expected);
  });
});
