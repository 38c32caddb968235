import * as pulumi from '@pulumi/pulumi';

/** Shared Pulumi mock helpers. Records what the Pulumi program registers under mocks, answering the vSphere data-source invokes. */
export interface Recorder {
  readonly resources: pulumi.runtime.MockResourceArgs[];
  readonly calls: pulumi.runtime.MockCallArgs[];
}

export const PROJECT = 'vsphere-k8s';

/** The Pulumi config of the tests: deploy-time credentials, the kubeconfig set (platform phase). */
export const SECRET_USERNAME = 'sentinel-user@vsphere.local';
export const SECRET_PASSWORD = 'S3ntinel;#"\\pa ss-ä';

export function programConfig(extra: Record<string, string> = {}): Record<string, string> {
  return {
    [`${PROJECT}:clusterName`]: 'prod-east',
    [`${PROJECT}:credentials`]: JSON.stringify({ mode: 'deploy-time', usernameKey: 'vsphere-username', passwordKey: 'vsphere-password' }),
    [`${PROJECT}:vsphereUsername`]: SECRET_USERNAME,
    [`${PROJECT}:vspherePassword`]: SECRET_PASSWORD,
    [`${PROJECT}:kubeconfig`]: 'apiVersion: v1\nkind: Config\n',
    ...extra,
  };
}

const SECRET_KEYS = [`${PROJECT}:vsphereUsername`, `${PROJECT}:vspherePassword`, `${PROJECT}:kubeconfig`];

/** Installs mocks and config; returns the recorder. */
export async function installMocks(config: Record<string, string>): Promise<Recorder> {
  const rec: Recorder = { resources: [], calls: [] };
  pulumi.runtime.setAllConfig(
    config,
    SECRET_KEYS.filter((k) => k in config),
  );
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        rec.resources.push(args);
        if (args.type === 'vsphere:index/virtualMachine:VirtualMachine') {
          const uuid = `4211${String(rec.resources.length).padStart(4, '0')}-0000-0000-0000-000000000000`;
          const ip = args.inputs.clone?.customize?.networkInterfaces?.[0]?.ipv4Address ?? '192.0.2.99';
          return {
            id: uuid,
            state: { ...args.inputs, uuid, moid: `vm-${rec.resources.length}`, defaultIpAddress: ip, guestIpAddresses: [ip] },
          };
        }
        return { id: `${args.name}-id`, state: args.inputs };
      },
      call: (args) => {
        rec.calls.push(args);
        const name = String(args.inputs.name ?? '');
        switch (args.token) {
          case 'vsphere:index/getComputeCluster:getComputeCluster':
            return { id: `domain-${name}`, resourcePoolId: `resgroup-${name}` };
          case 'vsphere:index/getVirtualMachine:getVirtualMachine':
            return {
              id: `tmpl-${name}`,
              guestId: 'ubuntu64Guest',
              scsiType: 'pvscsi',
              firmware: 'efi',
              hardwareVersion: 15,
              disks: [],
              networkInterfaceTypes: ['vmxnet3'],
            };
          default:
            if (args.token.startsWith('vsphere:index/get')) return { id: `${args.token.split(':').pop()}-${name}` };
            throw new Error(`unexpected invoke ${args.token}`);
        }
      },
    },
    PROJECT,
    'test',
    false,
  );
  return rec;
}

export function valueOf<T>(o: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) =>
    o.apply((v) => {
      resolve(v);
      return v;
    }),
  );
}

/** Waits until every recorded registration has settled (the mock monitor is asynchronous). */
export async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
}
