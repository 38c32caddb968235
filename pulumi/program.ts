/**
 * The Pulumi program of the reference solution (Pulumi.yaml `main: build/pulumi/index.js`).
 *
 * Two phases in one stack, because the cluster is bootstrapped by KubeKey between them:
 * 1. infrastructure (no `kubeconfig` config value yet): the vSphere provider and the node VMs (control plane and
 *    workers, with the CSI prerequisites enforced by NodeVm). Outputs the node IPs, providerIDs and the KubeKey
 *    `Cluster` config filled in with the VMs' IPs. Then: `pulumi stack output kubeKeyConfig > cluster.yaml`,
 *    `kk create cluster -f cluster.yaml`, and `pulumi config set --secret kubeconfig < kubekey/config-<cluster name>`
 *    (the admin kubeconfig kk writes beside its binary).
 * 2. platform (`kubeconfig` is set): additionally deploys the very same charts `cdk8s synth` writes (storage,
 *    networking, platform), through `Cdk8sDeployment`, with a Kubernetes provider built from the kubeconfig and the
 *    vCenter credentials taken from `pulumi config set --secret vsphereUsername/vspherePassword`.
 *
 * The vSphere provider gets the vCenter user and password from the secrets `vsphereUsername` / `vspherePassword`,
 * else `VSPHERE_USERNAME` / `VSPHERE_PASSWORD`, else (credentials mode `plaintext`) the config's; with none of them
 * the program fails naming the config key. `allowUnverifiedSsl` is `vcenters[0].insecure` when the config sets it,
 * else `VSPHERE_ALLOW_UNVERIFIED_SSL` (a Go boolean, as the provider reads it), else false.
 */
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { App } from 'cdk8s';
import { Cdk8sDeployment } from '../lib/pulumi/cdk8s-deployment';
import { byHostname, nodePoolsFromConfig } from '../lib/pulumi/solution-node-pools';
import { allowUnverifiedSslFromEnv, VsphereProvider } from '../lib/pulumi/vsphere/provider';
import { SolutionConfigError } from '../lib/solution/config-schema';
import { renderKubeKeyConfig } from '../lib/kubekey';
import { kubeKeySpecFromConfig } from '../lib/solution/kubekey-spec';
import { KubernetesOnVsphere } from '../lib/solution/kubernetes-on-vsphere';
import { PULUMI_PASSWORD_KEY, PULUMI_USERNAME_KEY, pulumiDeployTimeSecrets, solutionConfigFromPulumi } from '../lib/pulumi/solution-config';

/** The project config keys the program reads besides the solution config and the vCenter credentials. */
export const PROGRAM_KEYS: readonly string[] = ['kubeconfig', 'skipAwaitServices'];

/** The stack outputs of the program (no secrets). */
export interface ProgramOutputs {
  /** `infrastructure` or `platform`. */
  readonly phase: string;
  /** Node hostname to IPv4 address (as VMware Tools reports it). */
  readonly nodeIps: pulumi.Output<Record<string, string>>;
  /** Node hostname to Kubernetes `spec.providerID` (`vsphere://<uuid>`). */
  readonly providerIds: pulumi.Output<Record<string, string>>;
  /** The KubeKey `Cluster` config (`kk create cluster -f`), with the VMs' IPs. Holds no password. */
  readonly kubeKeyConfig: pulumi.Output<string>;
  /** The stable names of the Kubernetes resources deployed (platform phase). */
  readonly kubernetesResources: string[];
}

/** Options of {@link runProgram} (tests pass a fake environment). */
export interface RunProgramOptions {
  /** @default process.env */
  readonly env?: NodeJS.ProcessEnv;
}

/**
 * A vCenter credential for the vSphere provider: the Pulumi secret `key`, else the environment variable `envName`,
 * else the config's plaintext value. Never empty: a provider registered with an empty password fails only at the
 * vCenter login, in the middle of `pulumi up`, so the program fails here, naming the config key.
 */
function vcenterCredential(
  cfg: pulumi.Config,
  key: string,
  envName: string,
  plaintext: string | undefined,
  env: NodeJS.ProcessEnv,
): pulumi.Input<string> {
  const given = cfg.get(key);
  if (given !== undefined && given !== '') return cfg.requireSecret(key);
  const fromEnv = env[envName];
  if (given === undefined && fromEnv !== undefined && fromEnv !== '') return pulumi.secret(fromEnv);
  if (given === undefined && plaintext !== undefined && plaintext !== '') return pulumi.secret(plaintext);
  const what = key === PULUMI_PASSWORD_KEY ? 'password' : 'user name';
  throw new SolutionConfigError(
    'pulumi config',
    `${cfg.name}:${key}`,
    given,
    `the vCenter ${what} for the vSphere provider: set it with \`pulumi config set --secret ${key} <${what === 'password' ? 'password' : 'user'}>\`` +
      (given === undefined ? ` or in the environment variable ${envName}` : ' (it is set but empty)'),
  );
}

/** `vcenters[0].insecure` as the stack config gives it (undefined when the config does not set it). */
function insecureGiven(cfg: pulumi.Config): boolean | undefined {
  const raw = cfg.getObject<unknown>('vcenters');
  const first: unknown = Array.isArray(raw) ? raw[0] : undefined;
  const value = first !== null && typeof first === 'object' ? (first as Record<string, unknown>).insecure : undefined;
  return typeof value === 'boolean' ? value : undefined;
}

/** Builds the stack: node VMs, and once the cluster exists, the Kubernetes objects. Returns the stack outputs. */
export function runProgram(options: RunProgramOptions = {}): ProgramOutputs {
  const env = options.env ?? process.env;
  const cfg = new pulumi.Config();
  // Every key of this project's namespace must be one the program reads: a typo must not fall back to a default.
  const config = solutionConfigFromPulumi(cfg, { env, allConfig: pulumi.runtime.allConfig(), project: cfg.name, extraKeys: PROGRAM_KEYS });
  const vc = config.vcenters[0];
  const plaintext = config.credentials.mode === 'plaintext' ? config.credentials : undefined;
  // The config's own insecure flag wins; else the provider's environment variable, read as the provider reads it.
  const allowUnverifiedSsl = insecureGiven(cfg) !== undefined ? vc.insecure : (allowUnverifiedSslFromEnv('pulumi program', env) ?? false);
  const provider = new VsphereProvider('vsphere', {
    user: vcenterCredential(cfg, PULUMI_USERNAME_KEY, 'VSPHERE_USERNAME', plaintext?.username, env),
    password: vcenterCredential(cfg, PULUMI_PASSWORD_KEY, 'VSPHERE_PASSWORD', plaintext?.password, env),
    vsphereServer: vc.server,
    allowUnverifiedSsl,
  });
  const pools = nodePoolsFromConfig(config, provider);
  const nodeIps = byHostname(pools, (p) => p.defaultIpAddresses);
  const providerIds = byHostname(pools, (p) => p.providerIds);
  const kubeKeyConfig = nodeIps.apply((ips) => renderKubeKeyConfig(kubeKeySpecFromConfig(config, ips)));

  const kubeconfig = cfg.getSecret('kubeconfig');
  let kubernetesResources: string[] = [];
  if (kubeconfig !== undefined) {
    const cluster = new k8s.Provider('cluster', { kubeconfig }, { dependsOn: pools });
    const app = new App({ outdir: 'dist/pulumi-unused' });
    new KubernetesOnVsphere(app, config.clusterName, { config });
    const deployment = new Cdk8sDeployment(
      'platform',
      {
        source: app,
        secretValues: pulumiDeployTimeSecrets(cfg, config, { env }),
        // `pulumi config set skipAwaitServices true` when the cluster has LoadBalancer Services and no LB provider.
        skipAwaitServices: cfg.getBoolean('skipAwaitServices') ?? false,
      },
      { provider: cluster, dependsOn: pools },
    );
    kubernetesResources = deployment.resourceNames;
  }
  return { phase: kubeconfig === undefined ? 'infrastructure' : 'platform', nodeIps, providerIds, kubeKeyConfig, kubernetesResources };
}
