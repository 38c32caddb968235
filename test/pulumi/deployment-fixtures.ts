/**
 * Fixtures shared by the Cdk8sDeployment tests: a mock monitor that records what is registered, and the two-chart
 * App (a CRD chart, and a platform chart that depends on it).
 */
import * as pulumi from '@pulumi/pulumi';
import { ApiObject, App, Chart } from 'cdk8s';
import { SecretValue } from '../../lib/core/secret-value';
import { crdObject } from '../helpers';

/** One resource the mock monitor saw. */
export interface Recorded {
  type: string;
  name: string;
  inputs: any;
}

/** Installs Pulumi mocks that append every registered resource to the returned list (empty it between tests). */
export async function recordingMocks(): Promise<Recorded[]> {
  const recorded: Recorded[] = [];
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        recorded.push({ type: args.type, name: args.name, inputs: args.inputs });
        return { id: `${args.name}-id`, state: args.inputs };
      },
      call: () => ({}),
    },
    'proj',
    'stack',
    false,
  );
  return recorded;
}

/** The CustomResourceDefinition of Antrea's Tier, with a schema that keeps every field. */
export function tierCrd(): Record<string, unknown> {
  return crdObject('crd.antrea.io', 'Tier', 'Cluster', [
    {
      name: 'v1beta1',
      served: true,
      storage: true,
      schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
    },
  ]);
}

/**
 * Two charts: `crds` (the Tier CRD), and `platform`, which depends on it: Namespace `apps`, Tier `platform-tier`,
 * Secret `apps/creds` with deploy-time placeholders, ConfigMap `apps/settings` that depends on the Secret.
 */
export function buildPlatformApp(): { app: App; platform: Chart; secret: ApiObject; configMap: ApiObject } {
  const app = new App();
  const crds = new Chart(app, 'crds');
  new ApiObject(crds, 'crd', tierCrd() as any);
  const platform = new Chart(app, 'platform');
  platform.addDependency(crds);
  new ApiObject(platform, 'ns', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'apps' } });
  new ApiObject(platform, 'tier', {
    apiVersion: 'crd.antrea.io/v1beta1',
    kind: 'Tier',
    metadata: { name: 'platform-tier' },
    spec: { priority: 10 },
  } as any);
  const secret = new ApiObject(platform, 'secret', {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'creds', namespace: 'apps' },
    stringData: {
      password: SecretValue.deployTime('vsphere-password').render('raw'),
      'conf.ini': `password = "${SecretValue.deployTime('vsphere-password').render('gcfg')}"`,
    },
  } as any);
  const configMap = new ApiObject(platform, 'cm', {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'settings', namespace: 'apps' },
    data: { a: 'b' },
  });
  configMap.addDependency(secret);
  return { app, platform, secret, configMap };
}
