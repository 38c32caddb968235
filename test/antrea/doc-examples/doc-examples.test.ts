import { readFileSync } from 'fs';
import * as path from 'path';
import { App, Chart, Testing } from 'cdk8s';
import { parse } from 'yaml';
import { AntreaConfig } from '../../../lib/antrea';
import { configExcerpts } from './config-excerpts';
import { egressExamples } from './egress.examples';
import { InvalidDocExample, isIdentical, pairs, sortKeys, ValidDocExample } from './harness';
import { ipamExamples, invalidIpamExamples } from './ipam.examples';
import { invalidMulticlusterExamples, multiclusterExamples } from './multicluster.examples';
import { invalidNetworkPolicyExamples, networkPolicyExamples } from './network-policy.examples';
import { nodePortLocalExamples } from './node-port-local.examples';
import { traceflowExamples } from './traceflow.examples';

/**
 * The YAML examples of the Antrea v2.7.0 docs (antrea-io/antrea at tag v2.7.0) on Antrea-native policies, IPAM, Egress,
 * Traceflow, multicluster and NodePortLocal, written with the typed API: every valid one must synthesize to the same
 * object (at least 95 % of them identical), every invalid one must be refused with a clear message.
 */
const VALID: ValidDocExample[] = [
  ...networkPolicyExamples,
  ...ipamExamples,
  ...egressExamples,
  ...traceflowExamples,
  ...multiclusterExamples,
  ...nodePortLocalExamples,
];
const INVALID: InvalidDocExample[] = [...invalidNetworkPolicyExamples, ...invalidIpamExamples, ...invalidMulticlusterExamples];

describe('Antrea v2.7.0 doc examples through the typed API', () => {
  describe.each(VALID.map((e) => [`${e.page}: ${e.title}`, e] as const))('valid: %s', (_name, example) => {
    if (example.knownDifference === undefined) {
      test('synthesizes to the same objects', () => {
        for (const p of pairs(example)) expect(sortKeys(p.actual)).toEqual(sortKeys(p.expected));
      });
    } else {
      test(`differs as documented: ${example.knownDifference}`, () => {
        expect(isIdentical(example)).toBe(false);
      });
    }
  });

  test.each(INVALID.map((e) => [`${e.page}: ${e.title}`, e] as const))('invalid: %s is refused', (_name, example) => {
    const app: App = Testing.app();
    const chart = new Chart(app, 'example');
    expect(() => {
      example.build(chart);
      app.synth();
    }).toThrow(example.error);
  });

  describe.each(configExcerpts.map((e) => [`${e.page}: ${e.title}`, e] as const))('antrea-config excerpt: %s', (_name, excerpt) => {
    const confs = () => {
      const config = new AntreaConfig(new Chart(Testing.app(), 'c'), 'Antrea', excerpt.props);
      return { agent: parse(config.agentConf()), controller: parse(config.controllerConf()) };
    };
    const contained = (): boolean => {
      const c = confs();
      return (
        (excerpt.agent === undefined || isSubset(parse(excerpt.agent), c.agent)) &&
        (excerpt.controller === undefined || isSubset(parse(excerpt.controller), c.controller))
      );
    };
    if (excerpt.notExpressible === undefined) {
      test('is contained in the rendered conf', () => {
        const c = confs();
        if (excerpt.agent !== undefined) expect(c.agent).toMatchObject(parse(excerpt.agent));
        if (excerpt.controller !== undefined) expect(c.controller).toMatchObject(parse(excerpt.controller));
      });
    } else {
      test(`is not expressible yet: ${excerpt.notExpressible}`, () => expect(contained()).toBe(false));
    }
  });

  test('at least 95 % of the valid examples are identical, and docs/networking.md states the counts', () => {
    const identical = VALID.filter((e) => isIdentical(e)).length;
    const share = Math.floor((identical / VALID.length) * 1000) / 10;
    expect(share).toBeGreaterThanOrEqual(95);
    const expressible = configExcerpts.filter((e) => e.notExpressible === undefined).length;
    const counts =
      `${VALID.length} valid examples, ${identical} identical (${share} %), ${INVALID.length} invalid examples refused; ` +
      `${expressible} of ${configExcerpts.length} antrea-config excerpts expressible`;
    const doc = readFileSync(path.join(__dirname, '..', '..', '..', 'docs', 'networking.md'), 'utf8');
    expect(doc).toContain(counts);
  });
});

/** True when every key of `part` is in `whole` with an equal value (recursively; arrays compared whole). */
function isSubset(part: unknown, whole: unknown): boolean {
  if (part && typeof part === 'object' && !Array.isArray(part)) {
    if (!whole || typeof whole !== 'object') return false;
    return Object.entries(part).every(([k, v]) => isSubset(v, (whole as Record<string, unknown>)[k]));
  }
  return JSON.stringify(part) === JSON.stringify(whole);
}
