/** Plain-text renderings of selectors, peers and ports, as the review report prints them. */
import { labels } from './markdown';

/** A JSON object as read from a manifest (fields unknown until checked). */
export type Json = Record<string, any>;

/** A Kubernetes label selector as read from a manifest. */
interface LabelSelector {
  /** Labels that must all match. @default - none */
  readonly matchLabels?: Record<string, string>;
  /** Expressions that must all match. @default - none */
  readonly matchExpressions?: Array<{ key: string; operator: string; values?: string[] }>;
}

/** `app=web,tier in (a,b)`; `*` for an empty selector (matches everything). */
export function selectorText(sel: LabelSelector | undefined): string {
  if (!sel) return '*';
  const parts: string[] = [];
  if (sel.matchLabels && Object.keys(sel.matchLabels).length > 0) parts.push(labels(sel.matchLabels));
  for (const e of sel.matchExpressions ?? []) {
    const op = String(e.operator);
    if (op === 'Exists') parts.push(`${e.key}`);
    else if (op === 'DoesNotExist') parts.push(`!${e.key}`);
    else parts.push(`${e.key} ${op === 'In' ? 'in' : op === 'NotIn' ? 'notin' : op} (${(e.values ?? []).join(',')})`);
  }
  return parts.length === 0 ? '*' : parts.join(',');
}

/** One peer of an Antrea or Kubernetes policy rule (or an appliedTo entry). */
export function peerText(p: Json): string {
  const parts: string[] = [];
  if (p.group !== undefined) parts.push(`group ${p.group}`);
  if (p.ipBlock !== undefined) {
    const except = (p.ipBlock.except ?? []) as string[];
    parts.push(`ipBlock ${p.ipBlock.cidr}${except.length > 0 ? ` except ${except.join(',')}` : ''}`);
  }
  if (p.fqdn !== undefined) parts.push(`fqdn ${p.fqdn}`);
  if (p.serviceAccount !== undefined) parts.push(`serviceAccount ${p.serviceAccount.namespace}/${p.serviceAccount.name}`);
  if (p.service !== undefined) parts.push(`service ${p.service.namespace}/${p.service.name}`);
  if (p.nodeSelector !== undefined) parts.push(`nodes{${selectorText(p.nodeSelector)}}`);
  if (p.podSelector !== undefined) parts.push(`pods{${selectorText(p.podSelector)}}`);
  if (p.externalEntitySelector !== undefined) parts.push(`externalEntities{${selectorText(p.externalEntitySelector)}}`);
  if (p.namespaceSelector !== undefined) parts.push(`ns{${selectorText(p.namespaceSelector)}}`);
  if (p.namespaces !== undefined) {
    const m = p.namespaces.match;
    parts.push(m === 'SameLabels' ? `namespaces with the same ${(p.namespaces.sameLabels ?? []).join(',')}` : `namespaces: ${m}`);
  }
  if (p.scope !== undefined) parts.push(`scope ${p.scope}`);
  return parts.length === 0 ? '(any)' : parts.join(' ');
}

/** Peers of a rule; an absent list means any peer. */
export function peersText(peers: Json[] | undefined): string {
  if (peers === undefined) return 'any';
  if (peers.length === 0) return 'none';
  return peers.map(peerText).join('; ');
}

/** Ports of a rule: `TCP/80`, `TCP/8000-9000`, `TCP/http`; `any` when absent. */
export function portsText(ports: Json[] | undefined): string {
  if (ports === undefined || ports.length === 0) return 'any';
  return ports
    .map((p) => {
      const proto = String(p.protocol ?? 'TCP');
      if (p.port === undefined) return `${proto}/any`;
      return `${proto}/${p.port}${p.endPort !== undefined ? `-${p.endPort}` : ''}`;
    })
    .join(', ');
}
