import { App, Chart } from 'cdk8s';
import { EndpointRef, PolicyEvaluator, TrafficProtocol, TrafficQuery, TrafficVerdict, WorkloadModel } from '../antrea/evaluate';

/** What the traffic matchers accept: an App, a Chart, synthesized objects, or a ready PolicyEvaluator. */
export type TrafficSubject = App | Chart | readonly unknown[] | PolicyEvaluator;

/**
 * The port of a traffic check: a number (TCP), a container port name (TCP), `'<PROTOCOL>/<port or name>'` such as
 * `'UDP/53'` or `'TCP/http'`, `'ICMP'`, or the query fields themselves.
 */
export type TrafficPort = number | string | Pick<TrafficQuery, 'port' | 'protocol' | 'sourcePort' | 'icmp'>;

/** Options of the traffic matchers. */
export interface TrafficCheckOptions {
  /**
   * The Namespaces, Pods and Nodes the check is about.
   * @default - derived from the objects: Namespace objects and one Pod per workload (`workloadModelFromObjects`)
   */
  readonly model?: WorkloadModel;
}

const PROTOCOLS: readonly TrafficProtocol[] = ['TCP', 'UDP', 'SCTP', 'ICMP'];

/** Turns a {@link TrafficPort} into the port fields of a query; throws on a malformed string. */
export function trafficPort(port: TrafficPort | undefined): Pick<TrafficQuery, 'port' | 'protocol' | 'sourcePort' | 'icmp'> {
  if (port === undefined) return {};
  if (typeof port === 'number') return { port };
  if (typeof port === 'object') return port;
  if (port.toUpperCase() === 'ICMP') return { protocol: 'ICMP' };
  const m = /^([A-Za-z]+)\/(.+)$/.exec(port);
  if (!m) return { port };
  const protocol = m[1].toUpperCase() as TrafficProtocol;
  if (!PROTOCOLS.includes(protocol))
    throw new Error(`port: got ${JSON.stringify(port)}, expected "<TCP|UDP|SCTP>/<port or name>", "ICMP", a number or a port name`);
  return { protocol, port: /^\d+$/.test(m[2]) ? Number(m[2]) : m[2] };
}

/** The synthesized objects of an App (all charts) or a Chart, or the array as given. */
export function objectsOf(subject: Exclude<TrafficSubject, PolicyEvaluator>): unknown[] {
  if (Array.isArray(subject)) return [...subject];
  if (subject instanceof App) return subject.charts.flatMap((c) => c.toJson());
  if (subject instanceof Chart) return subject.toJson();
  throw new Error(`expected an App, a Chart, an array of objects or a PolicyEvaluator, got ${Object.prototype.toString.call(subject)}`);
}

/** A PolicyEvaluator over the subject (built fresh for an App or Chart, which may change between checks). */
export function evaluatorFor(subject: TrafficSubject, options: TrafficCheckOptions = {}): PolicyEvaluator {
  if (subject instanceof PolicyEvaluator) {
    if (options.model)
      throw new Error(
        'options.model: got a model, expected none with a PolicyEvaluator subject (it has its own model; pass it to the PolicyEvaluator constructor)',
      );
    return subject;
  }
  const objects = objectsOf(subject);
  return options.model ? new PolicyEvaluator(objects, options.model) : new PolicyEvaluator(objects);
}

/** Evaluates one connection against the subject's policies. */
export function checkTraffic(
  subject: TrafficSubject,
  from: EndpointRef,
  to: EndpointRef,
  port?: TrafficPort,
  options: TrafficCheckOptions = {},
): TrafficVerdict {
  return evaluatorFor(subject, options).evaluate({ from, to, ...trafficPort(port) });
}

/** `x/a -> y/b TCP/80` */
export function describeTraffic(from: EndpointRef, to: EndpointRef, port?: TrafficPort): string {
  const ep = (e: EndpointRef): string => (typeof e === 'string' ? e : JSON.stringify(e));
  const p = trafficPort(port);
  const portText = p.protocol === 'ICMP' ? 'ICMP' : `${p.protocol ?? 'TCP'}/${p.port ?? '?'}`;
  return `${ep(from)} -> ${ep(to)} ${portText}${p.sourcePort !== undefined ? ` (source port ${p.sourcePort})` : ''}`;
}

/** The verdict in a few lines: the summary, then what each direction decided. */
export function explainVerdict(v: TrafficVerdict): string {
  const dir = (name: string, d: TrafficVerdict['egress']): string => {
    const rule = d.rule
      ? `${d.rule.kind} ${d.rule.namespace ? `${d.rule.namespace}/` : ''}${d.rule.name} ${d.rule.direction}[${d.rule.ruleIndex}]${d.rule.ruleName ? ` "${d.rule.ruleName}"` : ''}`
      : '';
    const parts = [`${d.result} (${d.decidedBy}${rule ? `: ${rule}` : ''})`];
    if (d.isolatedBy?.length) parts.push(`isolated by ${d.isolatedBy.join(', ')}`);
    if (d.note) parts.push(d.note);
    return `  ${name}: ${parts.join('; ')}`;
  };
  return [v.summary, dir('egress', v.egress), dir('ingress', v.ingress)].join('\n');
}
