import { IConstruct } from 'constructs';
import { fail } from '../core/errors';
import { Cidr, parseCidr } from '../core/ip';
import { isDns1035Label, isDns1123Label, isDns1123Subdomain, qualifiedNameProblem } from '../core/names';
import type { IClusterGroup } from './cluster-group';
import type { IGroup } from './group';
import { isMulticastAddress } from './port';
import { LabelSelector } from './selectors';

/** An IP block: a CIDR, optionally minus some strict sub-CIDRs. */
export interface IpBlock {
  /** The CIDR, e.g. `10.0.10.0/24` (host bits must be zero). */
  readonly cidr: string;
  /**
   * CIDRs inside `cidr` (each a strict subset) to leave out.
   * @default - nothing is left out
   */
  readonly except?: string[];
}

/** The validated, rendered form of an IP block plus whether it is multicast. @internal */
export interface RenderedIpBlock {
  readonly json: { cidr: string; except?: string[] };
  readonly cidr: Cidr;
  readonly multicast: boolean;
}

/**
 * Validates an IP block as the Antrea webhook does (cidr parseable, every except a strict subset) and renders it.
 * @internal
 */
export function renderIpBlock(scope: IConstruct, field: string, block: IpBlock): RenderedIpBlock {
  if (!block || typeof block !== 'object') fail(scope, field, block, 'an IP block { cidr, except? }');
  const cidr = parseCidr(scope, `${field}.cidr`, block.cidr);
  const json: { cidr: string; except?: string[] } = { cidr: block.cidr };
  if (block.except !== undefined) {
    json.except = block.except.map((text, i) => {
      const ex = parseCidr(scope, `${field}.except[${i}]`, text);
      const contained = ex.family === cidr.family && ex.first >= cidr.first && ex.last <= cidr.last;
      if (!contained || ex.prefixLength <= cidr.prefixLength) {
        fail(
          scope,
          `${field}.except[${i}]`,
          text,
          `a strict subset of ${block.cidr} (except CIDR ${text} is not a strict subset of CIDR ${block.cidr})`,
        );
      }
      return text;
    });
  }
  const base = block.cidr.split('/')[0];
  return { json, cidr, multicast: isMulticastAddress(base) };
}

/** Where a peer applies (`scope` of an ingress peer). */
export enum PeerScope {
  /** This cluster only (the default). */
  CLUSTER = 'Cluster',
  /** Every cluster of the ClusterSet (Antrea Multicluster with stretched NetworkPolicy; ingress only). */
  CLUSTER_SET = 'ClusterSet',
}

/**
 * A `namespaces` peer criterion of a ClusterNetworkPolicy: the Namespace of the appliedTo workload itself
 * (`Self`) or the Namespaces that share the values of some labels with it (`sameLabels`).
 */
export class NamespaceMatch {
  /** The same Namespace as the workload the rule applies to (`match: Self`). */
  public static readonly SELF = new NamespaceMatch('Self', undefined);

  /** Namespaces whose values of all the `labelKeys` equal those of the workload's Namespace (`sameLabels`). */
  public static sameLabels(labelKeys: string[]): NamespaceMatch {
    return new NamespaceMatch(undefined, [...labelKeys]);
  }

  private constructor(
    private readonly match: string | undefined,
    private readonly labelKeys: string[] | undefined,
  ) {}

  /** @internal */
  public _render(scope: IConstruct, field: string): Record<string, unknown> {
    if (this.match) return { match: this.match };
    const keys = this.labelKeys!;
    if (keys.length === 0) fail(scope, `${field}.sameLabels`, keys, 'at least one label key');
    keys.forEach((k, i) => {
      const problem = qualifiedNameProblem(k);
      if (problem) fail(scope, `${field}.sameLabels[${i}]`, k, `a label key: ${problem} (Invalid label key in sameLabels rule: ${k})`);
    });
    return { sameLabels: [...keys] };
  }
}

/** A Kubernetes object reference by name and namespace (ServiceAccount or Service). */
interface NamespacedName {
  readonly name: string;
  readonly namespace: string;
}

/** The fields a peer or appliedTo entry can carry (one entry of `from`, `to` or `appliedTo`). */
interface PeerEntry {
  /** `podSelector`. @default - not rendered */
  readonly podSelector?: LabelSelector;
  /** `namespaceSelector`. @default - not rendered */
  readonly namespaceSelector?: LabelSelector;
  /** `namespaces` (`match` or `sameLabels`). @default - not rendered */
  readonly namespaces?: NamespaceMatch;
  /** `externalEntitySelector`. @default - not rendered */
  readonly externalEntitySelector?: LabelSelector;
  /** `nodeSelector`. @default - not rendered */
  readonly nodeSelector?: LabelSelector;
  /** `ipBlock`. @default - not rendered */
  readonly ipBlock?: IpBlock;
  /** A ClusterGroup, rendered as `group`. @default - not rendered */
  readonly clusterGroup?: IClusterGroup;
  /** A namespaced Group, rendered as `group`. @default - not rendered */
  readonly group?: IGroup;
  /** `serviceAccount`. @default - not rendered */
  readonly serviceAccount?: NamespacedName;
  /** `service`. @default - not rendered */
  readonly service?: NamespacedName;
  /** `fqdn`. @default - not rendered */
  readonly fqdn?: string;
  /** `scope`. @default - not rendered */
  readonly scope?: PeerScope;
}

type EntryKey = keyof PeerEntry;

/** The policy kind and position an entry is rendered at. @internal */
export enum PeerPosition {
  ACNP_SPEC_APPLIED_TO = 'ACNP spec.appliedTo',
  ACNP_INGRESS_APPLIED_TO = 'ACNP spec.ingress[].appliedTo',
  ACNP_EGRESS_APPLIED_TO = 'ACNP spec.egress[].appliedTo',
  ACNP_FROM = 'ACNP spec.ingress[].from',
  ACNP_TO = 'ACNP spec.egress[].to',
  ANNP_SPEC_APPLIED_TO = 'ANNP spec.appliedTo',
  ANNP_RULE_APPLIED_TO = 'ANNP spec.<ingress|egress>[].appliedTo',
  ANNP_FROM = 'ANNP spec.ingress[].from',
  ANNP_TO = 'ANNP spec.egress[].to',
}

/** Fields kept by the CRD schema at each position (facts §2.1); anything else would be pruned silently. */
const AVAILABLE: Record<PeerPosition, EntryKey[]> = {
  [PeerPosition.ACNP_SPEC_APPLIED_TO]: ['podSelector', 'namespaceSelector', 'clusterGroup', 'serviceAccount', 'service', 'nodeSelector'],
  [PeerPosition.ACNP_INGRESS_APPLIED_TO]: ['podSelector', 'namespaceSelector', 'clusterGroup', 'serviceAccount', 'service'],
  [PeerPosition.ACNP_EGRESS_APPLIED_TO]: ['podSelector', 'namespaceSelector', 'clusterGroup', 'serviceAccount'],
  [PeerPosition.ACNP_FROM]: [
    'podSelector',
    'namespaceSelector',
    'namespaces',
    'ipBlock',
    'clusterGroup',
    'serviceAccount',
    'nodeSelector',
    'scope',
  ],
  [PeerPosition.ACNP_TO]: [
    'podSelector',
    'namespaceSelector',
    'namespaces',
    'ipBlock',
    'clusterGroup',
    'fqdn',
    'serviceAccount',
    'nodeSelector',
  ],
  [PeerPosition.ANNP_SPEC_APPLIED_TO]: ['podSelector', 'externalEntitySelector', 'group'],
  [PeerPosition.ANNP_RULE_APPLIED_TO]: ['podSelector', 'group'],
  [PeerPosition.ANNP_FROM]: ['podSelector', 'namespaceSelector', 'externalEntitySelector', 'ipBlock', 'nodeSelector', 'group', 'scope'],
  [PeerPosition.ANNP_TO]: ['podSelector', 'namespaceSelector', 'externalEntitySelector', 'ipBlock', 'fqdn', 'nodeSelector', 'group'],
};

/** Output key names (both group kinds render as `group`). */
function outKey(k: EntryKey): string {
  return k === 'clusterGroup' ? 'group' : k;
}

const FQDN_CHARS = /^[-0-9a-zA-Z.*]+$/;

/** What rendering an entry tells the policy about it. @internal */
export interface RenderedPeer {
  /** The JSON entry. */
  readonly json: Record<string, unknown>;
  /** The set fields. */
  readonly keys: string[];
  /** The IP block, if any. @default - the entry has no ipBlock */
  readonly ipBlock?: RenderedIpBlock;
  /** The ClusterGroup referenced, if any. @default - the entry references no ClusterGroup */
  readonly clusterGroup?: IClusterGroup;
  /** The Group referenced, if any. @default - the entry references no Group */
  readonly group?: IGroup;
  /** True when the entry is a Service (appliedTo). */
  readonly isService: boolean;
  /** True when the entry is a nodeSelector (appliedTo: a Node policy). */
  readonly isNodes: boolean;
  /** True when the entry uses scope ClusterSet. */
  readonly clusterSet: boolean;
}

function checkNamespacedName(scope: IConstruct, field: string, ref: NamespacedName, kind: 'ServiceAccount' | 'Service'): void {
  const nameOk = kind === 'Service' ? isDns1035Label(ref.name) : isDns1123Subdomain(ref.name);
  if (!nameOk) {
    fail(
      scope,
      `${field}.name`,
      ref.name,
      kind === 'Service' ? 'a Service name (DNS-1035 label)' : 'a ServiceAccount name (DNS-1123 subdomain)',
    );
  }
  if (!isDns1123Label(ref.namespace)) fail(scope, `${field}.namespace`, ref.namespace, 'a Namespace name (DNS-1123 label)');
}

function describeList(keys: string[]): string {
  const names = [...new Set(keys.map((k) => outKey(k as EntryKey)))];
  return names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`;
}

/**
 * Validates an entry for `position` (field availability, the webhook peer rules, label and name validity) and renders it.
 */
function renderEntry(scope: IConstruct, field: string, entry: PeerEntry, position: PeerPosition): RenderedPeer {
  const keys = (Object.keys(entry) as EntryKey[]).filter((k) => entry[k] !== undefined);
  const available = AVAILABLE[position];
  const isAcnp = position.startsWith('ACNP');
  for (const k of keys) {
    if (available.includes(k)) continue;
    if (k === 'clusterGroup') {
      fail(scope, field, 'ClusterGroup', 'a Group in the same Namespace (an Antrea NetworkPolicy cannot reference a ClusterGroup)');
    }
    if (k === 'service' && position === PeerPosition.ACNP_EGRESS_APPLIED_TO) {
      fail(scope, field, 'service', `${describeList(available)} (egress rule cannot be applied to Services)`);
    }
    if (k === 'group' && isAcnp) {
      fail(scope, field, 'Group', 'a ClusterGroup (a ClusterNetworkPolicy cannot reference a namespaced Group)');
    }
    fail(
      scope,
      field,
      outKey(k),
      `${describeList(available)} (the CRD has no ${outKey(k)} at ${position}; the API server would silently prune it)`,
    );
  }
  const json: Record<string, unknown> = {};
  let ipBlock: RenderedIpBlock | undefined;
  if (entry.podSelector) json.podSelector = entry.podSelector._render(scope, `${field}.podSelector`);
  if (entry.namespaceSelector) json.namespaceSelector = entry.namespaceSelector._render(scope, `${field}.namespaceSelector`);
  if (entry.namespaces) {
    if (entry.namespaceSelector) {
      fail(
        scope,
        `${field}.namespaces`,
        'namespaces',
        'either namespaces or namespaceSelector (namespaces and namespaceSelector cannot be set at the same time for a single NetworkPolicyPeer)',
      );
    }
    json.namespaces = entry.namespaces._render(scope, `${field}.namespaces`);
  }
  if (entry.externalEntitySelector)
    json.externalEntitySelector = entry.externalEntitySelector._render(scope, `${field}.externalEntitySelector`);
  if (entry.nodeSelector) json.nodeSelector = entry.nodeSelector._render(scope, `${field}.nodeSelector`);
  if (entry.ipBlock) {
    ipBlock = renderIpBlock(scope, `${field}.ipBlock`, entry.ipBlock);
    json.ipBlock = ipBlock.json;
  }
  if (entry.clusterGroup) json.group = entry.clusterGroup.name;
  if (entry.group) json.group = entry.group.name;
  if (entry.serviceAccount) {
    checkNamespacedName(scope, `${field}.serviceAccount`, entry.serviceAccount, 'ServiceAccount');
    json.serviceAccount = { name: entry.serviceAccount.name, namespace: entry.serviceAccount.namespace };
  }
  if (entry.service) {
    checkNamespacedName(scope, `${field}.service`, entry.service, 'Service');
    json.service = { name: entry.service.name, namespace: entry.service.namespace };
  }
  if (entry.fqdn !== undefined) {
    if (typeof entry.fqdn !== 'string' || !FQDN_CHARS.test(entry.fqdn)) {
      fail(
        scope,
        `${field}.fqdn`,
        entry.fqdn,
        `a DNS name of letters, digits, "-", "." and "*" (invalid characters in egress rule fqdn field: ${entry.fqdn})`,
      );
    }
    json.fqdn = entry.fqdn;
  }
  if (entry.scope !== undefined) {
    if (entry.scope !== PeerScope.CLUSTER && entry.scope !== PeerScope.CLUSTER_SET)
      fail(scope, `${field}.scope`, entry.scope, 'Cluster or ClusterSet');
    json.scope = entry.scope;
  }
  return {
    json,
    keys: keys.map(outKey),
    ipBlock,
    clusterGroup: entry.clusterGroup,
    group: entry.group,
    isService: entry.service !== undefined,
    isNodes: entry.nodeSelector !== undefined && keys.length === 1,
    clusterSet: entry.scope === PeerScope.CLUSTER_SET,
  };
}

/** Options of {@link Peer.pods}. */
export interface PodsPeerOptions {
  /**
   * Only Pods in the Namespaces this selector selects (AND).
   * @default - ClusterNetworkPolicy: Pods in every Namespace; Antrea NetworkPolicy: Pods in the policy's Namespace
   */
  readonly namespaceSelector?: LabelSelector;
  /**
   * Only Pods in the Namespace of the workload the rule applies to (`NamespaceMatch.SELF`) or in Namespaces sharing
   * label values with it (ClusterNetworkPolicy only; not together with `namespaceSelector`).
   * @default - no namespaces criterion
   */
  readonly namespaces?: NamespaceMatch;
  /**
   * `PeerScope.CLUSTER_SET` widens the selection to the whole ClusterSet (ingress only).
   * @default - not set (this cluster)
   */
  readonly scope?: PeerScope;
}

/** Options of {@link Peer.namespaces} and {@link Peer.namespaceMatch}. */
export interface NamespacesPeerOptions {
  /**
   * `PeerScope.CLUSTER_SET` widens the selection to the whole ClusterSet (ingress only).
   * @default - not set (this cluster)
   */
  readonly scope?: PeerScope;
}

/** Options of {@link Peer.externalEntities}. */
export interface ExternalEntitiesPeerOptions {
  /**
   * Only ExternalEntities in the Namespaces this selector selects.
   * @default - the policy's Namespace
   */
  readonly namespaceSelector?: LabelSelector;
}

/**
 * A peer of a policy rule: one entry of an ingress rule's `from` or an egress rule's `to`.
 * Each factory produces one valid combination of fields; fields the CRD would prune at a position are errors.
 */
export class Peer {
  /** Pods selected by labels (optionally restricted by Namespace). `Peer.pods(LabelSelector.all())` = every Pod. */
  public static pods(selector: LabelSelector, options: PodsPeerOptions = {}): Peer {
    return new Peer({
      podSelector: selector,
      namespaceSelector: options.namespaceSelector,
      namespaces: options.namespaces,
      scope: options.scope,
    });
  }

  /** Every Pod in the Namespaces the selector selects. */
  public static namespaces(selector: LabelSelector, options: NamespacesPeerOptions = {}): Peer {
    return new Peer({ namespaceSelector: selector, scope: options.scope });
  }

  /** Every Pod in the Namespaces given by a `namespaces` criterion (ClusterNetworkPolicy only). */
  public static namespaceMatch(match: NamespaceMatch, options: NamespacesPeerOptions = {}): Peer {
    return new Peer({ namespaces: match, scope: options.scope });
  }

  /** An IP block, e.g. `Peer.ipBlock('10.0.10.0/24')`, optionally with `except` sub-CIDRs. A multicast CIDR in `to` targets multicast traffic. */
  public static ipBlock(cidr: string, except?: string[]): Peer {
    return new Peer({ ipBlock: { cidr, except } });
  }

  /** The members of a ClusterGroup (ClusterNetworkPolicy only). */
  public static clusterGroup(group: IClusterGroup): Peer {
    return new Peer({ clusterGroup: group });
  }

  /** The members of a Group in the policy's Namespace (Antrea NetworkPolicy only). */
  public static group(group: IGroup): Peer {
    return new Peer({ group });
  }

  /** The Pods that run as a ServiceAccount (ClusterNetworkPolicy only). */
  public static serviceAccount(name: string, namespace: string): Peer {
    return new Peer({ serviceAccount: { name, namespace } });
  }

  /** Nodes selected by labels (their IP addresses). */
  public static nodes(selector: LabelSelector): Peer {
    return new Peer({ nodeSelector: selector });
  }

  /** ExternalEntities selected by labels (Antrea NetworkPolicy only). */
  public static externalEntities(selector: LabelSelector, options: ExternalEntitiesPeerOptions = {}): Peer {
    return new Peer({ externalEntitySelector: selector, namespaceSelector: options.namespaceSelector });
  }

  /** A fully qualified domain name, exact (`example.com`) or wildcard (`*.example.com`); egress rules only. */
  public static fqdn(pattern: string): Peer {
    return new Peer({ fqdn: pattern });
  }

  private constructor(private readonly entry: PeerEntry) {}

  /** True when this peer is an IP block and nothing else. */
  public get isIpBlock(): boolean {
    return this.entry.ipBlock !== undefined;
  }

  /** @internal */
  public _render(scope: IConstruct, field: string, position: PeerPosition): RenderedPeer {
    return renderEntry(scope, field, this.entry, position);
  }
}

/** Options of {@link AppliedTo.pods}. */
export interface PodsAppliedToOptions {
  /**
   * Only Pods in the Namespaces this selector selects (ClusterNetworkPolicy only).
   * @default - ClusterNetworkPolicy: Pods in every Namespace; Antrea NetworkPolicy: Pods in the policy's Namespace
   */
  readonly namespaceSelector?: LabelSelector;
}

/**
 * What a policy (or one rule) applies to: one entry of `appliedTo`. IP blocks and FQDNs cannot be expressed here.
 */
export class AppliedTo {
  /** Pods selected by labels. */
  public static pods(selector: LabelSelector, options: PodsAppliedToOptions = {}): AppliedTo {
    return new AppliedTo({ podSelector: selector, namespaceSelector: options.namespaceSelector });
  }

  /** Every Pod in the Namespaces the selector selects (ClusterNetworkPolicy only). */
  public static namespaces(selector: LabelSelector): AppliedTo {
    return new AppliedTo({ namespaceSelector: selector });
  }

  /** The members of a ClusterGroup (ClusterNetworkPolicy only). */
  public static clusterGroup(group: IClusterGroup): AppliedTo {
    return new AppliedTo({ clusterGroup: group });
  }

  /** The members of a Group in the policy's Namespace (Antrea NetworkPolicy only). */
  public static group(group: IGroup): AppliedTo {
    return new AppliedTo({ group });
  }

  /** The Pods that run as a ServiceAccount (ClusterNetworkPolicy only). */
  public static serviceAccount(name: string, namespace: string): AppliedTo {
    return new AppliedTo({ serviceAccount: { name, namespace } });
  }

  /**
   * A NodePort Service (ClusterNetworkPolicy policy-level or ingress-rule appliedTo; needs `antreaProxy.proxyAll`).
   * Ingress rules of such a policy may only use IP block peers.
   */
  public static service(name: string, namespace: string): AppliedTo {
    return new AppliedTo({ service: { name, namespace } });
  }

  /** Nodes selected by labels: a Node NetworkPolicy (ClusterNetworkPolicy policy-level appliedTo only). */
  public static nodes(selector: LabelSelector): AppliedTo {
    return new AppliedTo({ nodeSelector: selector });
  }

  /** ExternalEntities selected by labels (Antrea NetworkPolicy policy-level appliedTo only). */
  public static externalEntities(selector: LabelSelector): AppliedTo {
    return new AppliedTo({ externalEntitySelector: selector });
  }

  private constructor(private readonly entry: PeerEntry) {}

  /** @internal */
  public _render(scope: IConstruct, field: string, position: PeerPosition): RenderedPeer {
    return renderEntry(scope, field, this.entry, position);
  }
}

/** A Service an egress rule allows or denies traffic to (`toServices[]`). */
export interface ServiceReference {
  /** The Service name. */
  readonly name: string;
  /**
   * The Service Namespace (required in a ClusterNetworkPolicy).
   * @default - Antrea NetworkPolicy: the policy's Namespace
   */
  readonly namespace?: string;
  /**
   * `PeerScope.CLUSTER_SET` selects the multicluster Service imported into the ClusterSet.
   * @default - not set (this cluster)
   */
  readonly scope?: PeerScope;
}
