/**
 * Importing the library does not load cdk8s-plus-27 (about 35 ms of module loading, lib/core/cdk8s-plus.ts): it is
 * loaded when a RestoredVolumeClaim is first used, or when a cdk8s-plus construct is passed in (issue 15).
 */
import { execFileSync } from 'child_process';

const INDEX = require.resolve('../../lib/index');
const REGISTER = require.resolve('../support/ts-register.js');

function run(body: string): Record<string, unknown> {
  const script = `
    const loaded = () => Object.keys(require.cache).some((f) => /[\\\\/]cdk8s-plus-27[\\\\/]/.test(f));
    const lib = require(${JSON.stringify(INDEX)});
    const out = { afterImport: loaded() };
    ${body}
    process.stdout.write(JSON.stringify(out));
  `;
  return JSON.parse(execFileSync(process.execPath, ['-r', REGISTER, '-e', script], { encoding: 'utf8' })) as Record<string, unknown>;
}

describe('cdk8s-plus-27 is loaded on first use', () => {
  test('not by importing the library, nor by an IPPool assignment to a plain ApiObject; by RestoredVolumeClaim', () => {
    const out = run(`
      const { App, Chart, ApiObject } = require('cdk8s');
      const chart = new Chart(new App(), 'c');
      const pod = new ApiObject(chart, 'Pod', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' } });
      lib.IPPool.assign(pod, [lib.IPPool.fromIPPoolName(chart, 'Pool', 'pool-a')]);
      out.annotation = pod.toJson().metadata.annotations;
      out.afterApiObject = loaded();
      out.restored = typeof lib.RestoredVolumeClaim;
      out.restoredName = lib.RestoredVolumeClaim.name;
      out.afterRestored = loaded();
    `);
    expect(out).toEqual({
      afterImport: false,
      annotation: { 'ipam.antrea.io/ippools': 'pool-a' },
      afterApiObject: false,
      restored: 'function',
      restoredName: 'RestoredVolumeClaim',
      afterRestored: true,
    });
  });

  test('a cdk8s-plus workload passed to IPPool.assign and NetworkAttachmentDefinition.attach is still recognised', () => {
    const out = run(`
      const { App, Chart } = require('cdk8s');
      const kplus = require('cdk8s-plus-27');
      const chart = new Chart(new App(), 'c');
      const d = new kplus.Deployment(chart, 'Web', { containers: [{ image: 'nginx', securityContext: { ensureNonRoot: false } }] });
      lib.IPPool.assign(d, [lib.IPPool.fromIPPoolName(chart, 'Pool', 'pool-a')]);
      const net = lib.NetworkAttachmentDefinition.fromNetworkAttachmentDefinitionName(chart, 'Net', 'vlan-300');
      lib.NetworkAttachmentDefinition.attach(d, [{ network: net, interface: 'eth1' }]);
      out.podAnnotations = d.podMetadata.toJson().annotations;
    `);
    expect(out.afterImport).toBe(false);
    expect(out.podAnnotations).toEqual({
      'ipam.antrea.io/ippools': 'pool-a',
      'k8s.v1.cni.cncf.io/networks': '[{"name": "vlan-300", "interface": "eth1"}]', // the Antrea docs' spacing
    });
  });
});
