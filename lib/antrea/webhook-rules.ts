// The Antrea admission webhook's whole-policy rules (validatePolicy in Antrea v2.7.0), mirrored at synth: what needs
// every rule of a policy, or the App's AntreaConfig (feature gates). Per-rule field checks live with the rule model in
// policy-base.ts.
import { IConstruct } from 'constructs';
import { AntreaConfig } from './antrea-config';
import { RenderedPeer } from './peer';
import { RuleDirection } from './port';

/** @internal A rule as the policy base stores it: its JSON and the facts the webhook rules read. */
export interface StoredRule {
  readonly direction: RuleDirection;
  readonly index: number;
  readonly json: Record<string, unknown>;
  readonly hasAppliedTo: boolean;
  readonly hasIgmp: boolean;
  readonly hasIcmp: boolean;
  readonly hasPortsOrPeers: boolean;
  readonly hasL7: boolean;
  readonly clusterSetPeers: boolean;
  readonly appliedToService: boolean;
  readonly multicast: boolean;
}

/** @internal */
export type SynthError = { field: string; value: unknown; allowed: string };

/** @internal What the webhook rules read of a policy. */
export interface PolicyWebhookInput {
  readonly specAppliedTo: readonly RenderedPeer[];
  readonly rules: readonly StoredRule[];
  readonly isNodePolicy: boolean;
}

/**
 * What the App's AntreaConfig (when there is one) must enable for this policy (docs/feature-gates.md at v2.7.0):
 * `AntreaPolicy` for every Antrea policy; `NodeNetworkPolicy` for a Node policy (appliedTo nodeSelector);
 * `ExternalNode` for a policy applied to ExternalEntities; `antreaProxy.proxyAll` for a policy or rule applied to a
 * NodePort Service; `Multicast` for IGMP rules and multicast ipBlocks.
 */
function featureErrors(scope: IConstruct, policy: PolicyWebhookInput): SynthError[] {
  const rules = policy.rules;
  const config = AntreaConfig.of(scope);
  if (!config) return [];
  const errors: SynthError[] = [];
  const at = `in AntreaConfig ${config.node.path}`;
  if (!config.featureGateEnabled('AntreaPolicy'))
    errors.push({
      field: 'featureGates.AntreaPolicy',
      value: false,
      allowed: `true ${at} (Antrea-native policies need the AntreaPolicy feature gate)`,
    });
  if (policy.isNodePolicy && !config.featureGateEnabled('NodeNetworkPolicy')) {
    errors.push({
      field: 'appliedTo',
      value: 'nodeSelector',
      allowed: `featureGates.NodeNetworkPolicy: true ${at} (a Node NetworkPolicy needs the NodeNetworkPolicy agent feature gate)`,
    });
  }
  if (policy.specAppliedTo.some((a) => a.keys.includes('externalEntitySelector')) && !config.featureGateEnabled('ExternalNode')) {
    errors.push({
      field: 'appliedTo',
      value: 'externalEntitySelector',
      allowed: `featureGates.ExternalNode: true ${at} (a policy applied to ExternalEntities is enforced by antrea-agent on ExternalNodes)`,
    });
  }
  const serviceAt = policy.specAppliedTo.some((a) => a.isService) ? 'appliedTo' : rules.find((r) => r.appliedToService);
  if (serviceAt !== undefined && !config.antreaProxyAll) {
    errors.push({
      field: typeof serviceAt === 'string' ? serviceAt : `${serviceAt.direction}[${serviceAt.index}].appliedTo`,
      value: 'service',
      allowed: `antreaProxy.proxyAll: true ${at} (a policy applied to a NodePort Service needs AntreaProxy with proxyAll)`,
    });
  }
  const mc = rules.find((r) => r.multicast);
  if (mc && !config.featureGateEnabled('Multicast')) {
    errors.push({
      field: `${mc.direction}[${mc.index}]`,
      value: 'multicast',
      allowed: `featureGates.Multicast: true ${at} (IGMP rules and multicast ipBlocks need the Multicast feature gate)`,
    });
  }
  return errors;
}

/** @internal The webhook rules that need the whole policy or other constructs of the App (AntreaConfig). */
export function policyWebhookErrors(scope: IConstruct, policy: PolicyWebhookInput): SynthError[] {
  const errors: SynthError[] = [];
  const rules = policy.rules;
  if (policy.specAppliedTo.length === 0 && !rules.some((r) => r.hasAppliedTo)) {
    errors.push({
      field: 'appliedTo',
      value: [],
      allowed: 'appliedTo in the policy or in every rule (appliedTo needs to be set in either spec or rules)',
    });
  }
  // IGMP quirk: the webhook's "seen IGMP/ICMP" flags carry over from rule to rule (ingress first, then egress)
  let seenIgmp = false;
  let seenIcmp = false;
  for (const r of rules) {
    seenIgmp = seenIgmp || r.hasIgmp;
    seenIcmp = seenIcmp || r.hasIcmp;
    if (seenIgmp && (r.hasPortsOrPeers || seenIcmp)) {
      errors.push({
        field: `${r.direction}[${r.index}]`,
        value: r.hasPortsOrPeers ? 'ports/from/to/toServices' : 'icmp',
        allowed:
          'no ports, from, to, toServices or ICMP in an IGMP rule or any rule after it, nor ICMP in any earlier rule (ingress rules come before ' +
          'egress rules), because the webhook does not reset its IGMP/ICMP flags between rules (protocol IGMP can not be used with other protocols or other properties like from, to)',
      });
    }
  }
  errors.push(...featureErrors(scope, policy));
  if (rules.some((r) => r.hasL7) || rules.some((r) => r.clusterSetPeers)) {
    const config = AntreaConfig.of(scope);
    for (const r of rules) {
      if (r.hasL7 && !config?.featureGateEnabled('L7NetworkPolicy')) {
        errors.push({
          field: `${r.direction}[${r.index}].l7Protocols`,
          value: r.json.l7Protocols,
          allowed: `an AntreaConfig in the App with featureGates.L7NetworkPolicy: true${config ? '' : ' (there is no AntreaConfig)'} (layer 7 protocols can only be used when L7NetworkPolicy is enabled)`,
        });
      }
      if (
        r.clusterSetPeers &&
        config &&
        (!config.featureGateEnabled('Multicluster') || !config.multicluster.enableStretchedNetworkPolicy)
      ) {
        errors.push({
          field: `${r.direction}[${r.index}]`,
          value: 'scope ClusterSet',
          allowed:
            'an AntreaConfig with featureGates.Multicluster: true and multicluster.enableStretchedNetworkPolicy: true (ClusterSet scope needs both)',
        });
      }
    }
  }
  return errors;
}
