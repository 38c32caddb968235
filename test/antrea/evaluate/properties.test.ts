/**
 * Property tests of the evaluator over random policy sets on the x/y/z fixture: monotonicity of higher-Tier Drops,
 * K8s NetworkPolicies never overriding Antrea Drops, default allow without policies, independence from object order,
 * and "both directions must allow".
 */
import fc from 'fast-check';
import { PolicyEvaluator, TrafficQuery, TrafficVerdict } from '../../../lib/antrea/evaluate';
import { acnp, annp, knp, Obj, pn, sel, tcp, xyz } from './fixture';

const RUNS = { numRuns: 150 };
const MODEL = xyz();
const PODS = MODEL.pods.map((p) => `${p.namespace}/${p.name}`);

const podName = fc.constantFrom('a', 'b', 'c', undefined);
const nsName = fc.constantFrom('x', 'y', 'z', undefined);
const entry = fc.tuple(podName, nsName).map(([p, n]) => (p === undefined && n === undefined ? { namespaceSelector: {} } : pn(p, n)));
const ports = fc.constantFrom<Obj[] | undefined>(undefined, [tcp(80)], [tcp(81)], [tcp(80, 81)], [{ protocol: 'TCP', port: 'serve-81' }]);
const action = fc.constantFrom('Allow', 'Drop', 'Reject', 'Pass');
const tierName = fc.constantFrom('emergency', 'securityops', 'application', 'baseline', undefined);

const rule = (dir: 'ingress' | 'egress', act: fc.Arbitrary<string> = action): fc.Arbitrary<Obj> =>
  fc.record({ action: act, ports, peers: fc.option(fc.array(entry, { minLength: 1, maxLength: 2 }), { nil: undefined }) }).map((r) => {
    const out: Obj = { action: r.action };
    if (r.ports) out.ports = r.ports;
    if (r.peers) out[dir === 'ingress' ? 'from' : 'to'] = r.peers;
    return out;
  });

const antreaPolicy: fc.Arbitrary<Obj> = fc
  .record({
    id: fc.integer({ min: 0, max: 1e6 }),
    tier: tierName,
    priority: fc.integer({ min: 1, max: 5 }),
    appliedTo: fc.array(entry, { minLength: 1, maxLength: 2 }),
    ingress: fc.array(rule('ingress'), { maxLength: 3 }),
    egress: fc.array(rule('egress'), { maxLength: 3 }),
  })
  .map((p) => {
    // Pass is refused by the webhook in the Baseline Tier
    const fix = (rs: Obj[]): Obj[] => (p.tier === 'baseline' ? rs.map((r) => (r.action === 'Pass' ? { ...r, action: 'Drop' } : r)) : rs);
    const spec: Obj = { appliedTo: p.appliedTo, ingress: fix(p.ingress), egress: fix(p.egress) };
    if (p.tier) spec.tier = p.tier;
    return acnp(`acnp-${p.id}`, p.priority, spec);
  });

const k8sPolicy: fc.Arbitrary<Obj> = fc
  .record({
    id: fc.integer({ min: 0, max: 1e6 }),
    ns: fc.constantFrom('x', 'y', 'z'),
    pod: podName,
    ingress: fc.array(rule('ingress', fc.constant('Allow')), { maxLength: 2 }),
    egress: fc.option(fc.array(rule('egress', fc.constant('Allow')), { maxLength: 2 }), { nil: undefined }),
  })
  .map((p) => {
    const strip = (rs: Obj[]): Obj[] => rs.map(({ action: _a, ...r }) => r);
    const spec: Obj = {
      podSelector: p.pod ? sel({ pod: p.pod }) : {},
      ingress: strip(p.ingress),
      policyTypes: p.egress ? ['Ingress', 'Egress'] : ['Ingress'],
    };
    if (p.egress) spec.egress = strip(p.egress);
    return knp(p.ns, `knp-${p.id}`, spec);
  });

// unique names: ties between equal keys are broken by name, so two policies of one name would depend on input order
const rename = (o: Obj, i: number): Obj => ({ ...o, metadata: { ...o.metadata, name: `${o.metadata.name.split('-')[0]}-${i}` } });
const policies = fc
  .tuple(fc.array(antreaPolicy, { maxLength: 4 }), fc.array(k8sPolicy, { maxLength: 2 }))
  .map(([a, k]) => [...a, ...k].map(rename));
const traffic: fc.Arbitrary<TrafficQuery> = fc.record({
  from: fc.constantFrom(...PODS),
  to: fc.constantFrom(...PODS),
  port: fc.constantFrom(80, 81, 8080),
});

const allowed = (v: TrafficVerdict): boolean => v.result === 'allowed';

describe('PolicyEvaluator properties', () => {
  test('adding a Drop rule in a higher Tier never allows more', () => {
    fc.assert(
      fc.property(
        policies,
        traffic,
        entry,
        rule('ingress', fc.constant('Drop')),
        rule('egress', fc.constant('Drop')),
        (objs, t, applied, ing, eg) => {
          const before = new PolicyEvaluator(objs, MODEL).evaluate(t);
          const drop = acnp('zz-emergency-drop', 1, { tier: 'emergency', appliedTo: [applied], ingress: [ing], egress: [eg] });
          const after = new PolicyEvaluator([...objs, drop], MODEL).evaluate(t);
          if (allowed(after)) expect(allowed(before)).toBe(true);
        },
      ),
      RUNS,
    );
  });

  test('adding a K8s NetworkPolicy never changes a direction decided by a non-Baseline Antrea Drop or Reject', () => {
    fc.assert(
      fc.property(policies, k8sPolicy, traffic, (objs, np, t) => {
        const before = new PolicyEvaluator(objs, MODEL).evaluate(t);
        const dir = (['egress', 'ingress'] as const).find((d) => before[d].result === 'denied');
        fc.pre(dir !== undefined && before[dir].decidedBy === 'antrea-rule' && before[dir].rule?.tier !== 'baseline');
        const after = new PolicyEvaluator([...objs, np], MODEL).evaluate(t);
        // the other direction may now be isolated by the new policy; the Antrea-decided one is untouched
        expect(after[dir!]).toEqual(before[dir!]);
        expect(after.result).toBe('denied');
      }),
      RUNS,
    );
  });

  test('without policies every connection is allowed by default', () => {
    fc.assert(
      fc.property(traffic, (t) => {
        const v = new PolicyEvaluator([], MODEL).evaluate(t);
        expect(v.result).toBe('allowed');
        expect([v.egress.decidedBy, v.ingress.decidedBy]).toEqual(['default-allow', 'default-allow']);
      }),
      { numRuns: 50 },
    );
  });

  test('the order of the objects does not change any verdict', () => {
    fc.assert(
      fc.property(policies, traffic, (objs, t) => {
        const a = new PolicyEvaluator(objs, MODEL).evaluate(t);
        const b = new PolicyEvaluator([...objs].reverse(), MODEL).evaluate(t);
        expect(b).toEqual(a);
      }),
      RUNS,
    );
  });

  test('allowed only when both directions allow; a denied direction denies', () => {
    fc.assert(
      fc.property(policies, traffic, (objs, t) => {
        const v = new PolicyEvaluator(objs, MODEL).evaluate(t);
        expect(allowed(v)).toBe(v.egress.result === 'allowed' && v.ingress.result === 'allowed');
        if (v.egress.result === 'denied' || v.ingress.result === 'denied') expect(v.result).toBe('denied');
      }),
      RUNS,
    );
  });

  test('an ANNP and the equivalent ACNP give the same verdicts', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('x', 'y', 'z'),
        podName,
        fc.array(rule('ingress', fc.constantFrom('Allow', 'Drop', 'Reject')), { minLength: 1, maxLength: 3 }),
        traffic,
        (ns, pod, ingress, t) => {
          // an ANNP's podSelector is Namespace-local; the ACNP says the same with an explicit namespaceSelector
          const localize = (r: Obj): Obj =>
            r.from ? { ...r, from: r.from.map((e: Obj) => (e.namespaceSelector ? e : { ...e, namespaceSelector: sel({ ns }) })) } : r;
          const annpObj = annp(ns, 'p', 1, { appliedTo: [{ podSelector: pod ? sel({ pod }) : {} }], ingress });
          const acnpObj = acnp('p', 1, { appliedTo: [pn(pod, ns)], ingress: ingress.map(localize) });
          const a = new PolicyEvaluator([annpObj], MODEL).evaluate(t);
          const b = new PolicyEvaluator([acnpObj], MODEL).evaluate(t);
          expect({ result: b.result, action: b.action }).toEqual({ result: a.result, action: a.action });
        },
      ),
      RUNS,
    );
  });
});
