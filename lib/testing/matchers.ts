import { EndpointRef } from '../antrea/evaluate';
import { checkTraffic, describeTraffic, explainVerdict, TrafficCheckOptions, TrafficPort, TrafficSubject } from './traffic';

/** The part of jest's matcher context the traffic matchers use. */
export interface TrafficMatcherContext {
  /**
   * True under `.not`.
   * @default false
   */
  readonly isNot?: boolean;
}

/** What a jest matcher returns. */
export interface TrafficMatcherResult {
  /** Whether the expectation holds (before `.not`). */
  readonly pass: boolean;
  /** The failure message. */
  readonly message: () => string;
}

function matcher(want: 'allowed' | 'denied') {
  return function (
    this: TrafficMatcherContext,
    received: TrafficSubject,
    from: EndpointRef,
    to: EndpointRef,
    port?: TrafficPort,
    options?: TrafficCheckOptions,
  ): TrafficMatcherResult {
    const v = checkTraffic(received, from, to, port, options);
    const pass = v.result === want;
    const what = want === 'allowed' ? 'allowed' : 'denied (Drop or Reject)';
    const message = (): string =>
      `expected ${describeTraffic(from, to, port)} ${this.isNot ? 'not ' : ''}to be ${what}, but it is ${v.result}${v.action && v.result !== 'allowed' ? ` (${v.action})` : ''}\n${explainVerdict(v)}`;
    return { pass, message };
  };
}

/**
 * Jest matchers over the offline Antrea policy evaluator. Register them once (e.g. in a setup file) with
 * `expect.extend(trafficMatchers)`, then `expect(app).toAllowTraffic('web/frontend', 'db/mysql', 3306)`. The subject is an
 * App, a Chart, an array of synthesized objects or a `PolicyEvaluator`; the failure message names the deciding rule.
 * An undecidable verdict (FQDN peers without a name, ties, unknown source ports) fails both matchers.
 */
export const trafficMatchers = {
  /** Passes when both the client's egress and the server's ingress allow the connection. */
  toAllowTraffic: matcher('allowed'),
  /** Passes when either direction drops or rejects the connection. */
  toDenyTraffic: matcher('denied'),
};

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace jest {
    // the type parameters must match @types/jest's declaration for the interfaces to merge
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-unused-vars
    interface Matchers<R, T = {}> {
      /**
       * The connection `from` → `to` on `port` is allowed by the policies of the App, Chart or objects under test.
       * @param port a number (TCP), `'UDP/53'`, `'TCP/http'`, a container port name, `'ICMP'` or query fields
       */
      toAllowTraffic(from: EndpointRef, to: EndpointRef, port?: TrafficPort, options?: TrafficCheckOptions): R;
      /** The connection `from` → `to` on `port` is dropped or rejected (by a rule, or by K8s NetworkPolicy isolation). */
      toDenyTraffic(from: EndpointRef, to: EndpointRef, port?: TrafficPort, options?: TrafficCheckOptions): R;
    }
  }
}
