import { readFileSync } from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { solutionConfigFromPulumi } from '../../lib/pulumi/solution-config';

describe('Pulumi.dev.yaml (the example stack config)', () => {
  test('is a valid solution config for the Pulumi loader', () => {
    const doc = parse(readFileSync(path.join(__dirname, '..', '..', 'Pulumi.dev.yaml'), 'utf8')) as { config: Record<string, unknown> };
    const values = new Map(Object.entries(doc.config).map(([k, v]) => [k.replace(/^vsphere-k8s:/, ''), v]));
    const reader = {
      get: (k: string) =>
        typeof values.get(k) === 'string' ? (values.get(k) as string) : values.has(k) ? JSON.stringify(values.get(k)) : undefined,
      getObject: <T>(k: string) => values.get(k) as T | undefined,
      getSecret: () => undefined,
      requireSecret: (k: string) => {
        throw new Error(`no secret ${k} in the example`);
      },
    };
    const config = solutionConfigFromPulumi(reader as any, { env: {} });
    expect(config.clusterName).toBe('dev');
    expect(config.credentials).toEqual({ mode: 'deploy-time', usernameKey: 'vsphere-username', passwordKey: 'vsphere-password' });
    expect(config.nodePools.map((p) => [p.name, p.count, p.computeCluster])).toEqual([
      ['control-plane', 1, 'Cluster01'],
      ['worker', 2, 'Cluster01'],
    ]);
  });
});
