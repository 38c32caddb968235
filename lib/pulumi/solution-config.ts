import { SolutionConfigError, SourceReporter } from '../solution/config-schema';
import { closestKey } from '../core/reader';
import { Environment, LoadSolutionConfigOptions, resolveSolutionInput, SOLUTION_TOP_KEYS } from '../solution/config';
import { SolutionConfig } from '../solution/config-types';

/*
 * The Pulumi half of the config loader: the solution config from Pulumi stack config, the check of the project's
 * top-level keys, and the deploy-time secrets of Cdk8sDeployment.
 */

/**
 * The part of `pulumi.Config` the loader uses (structural, so `@pulumi/pulumi` stays optional).
 * `T` is what the secret getters return (`pulumi.Output<string>` for a real Config).
 */
export interface PulumiConfigReader<T = unknown> {
  get(key: string): string | undefined;
  getObject<U>(key: string): U | undefined;
  getSecret(key: string): T | undefined;
  requireSecret(key: string): T;
}

const PULUMI_SCALAR_KEYS = new Set(['clusterName', 'kubernetesVersion']);

/** The Pulumi config keys holding the vCenter credentials (set them with `pulumi config set --secret`). */
export const PULUMI_USERNAME_KEY = 'vsphereUsername';
/** See {@link PULUMI_USERNAME_KEY}. */
export const PULUMI_PASSWORD_KEY = 'vspherePassword';

/** Options of {@link solutionConfigFromPulumi}. */
export interface PulumiConfigOptions extends LoadSolutionConfigOptions {
  /**
   * Every config value of the stack, as `pulumi.runtime.allConfig()` returns it (`<namespace>:<key>` to value). When
   * given with `project`, a key of the project's namespace that is neither a solution key nor one of `extraKeys` is
   * an error (a typo such as `clustername` would otherwise fall back to the default silently).
   * @default - top-level keys are not checked
   */
  readonly allConfig?: Readonly<Record<string, string>>;
  /** The project's config namespace (`pulumi.Config().name`). @default - top-level keys are not checked */
  readonly project?: string;
  /** Further keys the program reads itself (e.g. `kubeconfig`). @default - the credentials keys only */
  readonly extraKeys?: readonly string[];
}

/**
 * The top-level keys the project namespace of `allConfig` may hold: the solution keys, the credentials keys and
 * `extraKeys`. A key of another namespace (`vsphere:`, `kubernetes:`) is the business of that provider.
 * @internal
 */
export function checkPulumiConfigKeys(
  allConfig: Readonly<Record<string, string>>,
  project: string,
  extraKeys: readonly string[] = [],
): void {
  const known = [...SOLUTION_TOP_KEYS, PULUMI_USERNAME_KEY, PULUMI_PASSWORD_KEY, ...extraKeys];
  const r = new SourceReporter('pulumi config');
  for (const full of Object.keys(allConfig).sort()) {
    const colon = full.indexOf(':');
    if (colon < 0 || full.slice(0, colon) !== project) continue;
    const key = full.slice(colon + 1);
    if (known.includes(key)) continue;
    const hint = closestKey(key, known);
    r.fail(
      [full],
      key,
      `one of the keys ${known.map((k) => `${project}:${k}`).join(', ')}${hint ? ` (did you mean "${project}:${hint}"?)` : ''}`,
      `the unknown key ${JSON.stringify(full)}`,
    );
  }
}

/**
 * Reads the solution config from Pulumi stack config: the top-level keys of {@link SolutionConfig} as project config
 * keys (`clusterName`, `kubernetesVersion` as strings; the others as structured values, e.g.
 * `pulumi config set --path 'vcenters[0].server' vc01.corp`). Defaults, validation and environment overrides are as
 * for files; errors name `pulumi config`. Unknown top-level keys are errors when `options.allConfig` and
 * `options.project` are given (`checkPulumiConfigKeys`); nested unknown keys are always errors.
 */
export function solutionConfigFromPulumi(cfg: PulumiConfigReader, options: PulumiConfigOptions = {}): SolutionConfig {
  const label = 'pulumi config';
  const r = new SourceReporter(label);
  if (options.allConfig !== undefined && options.project !== undefined) {
    checkPulumiConfigKeys(options.allConfig, options.project, options.extraKeys);
  }
  const raw: Record<string, unknown> = {};
  for (const key of SOLUTION_TOP_KEYS) {
    let v: unknown;
    if (PULUMI_SCALAR_KEYS.has(key)) {
      v = cfg.get(key);
    } else {
      try {
        v = cfg.getObject<unknown>(key);
      } catch (e) {
        r.fail(
          [key],
          cfg.get(key),
          'a structured value (set it with --path or as JSON)',
          `an unparsable value (${(e as Error).message.split('\n')[0]})`,
        );
      }
    }
    if (v !== undefined) raw[key] = v;
  }
  return resolveSolutionInput(r, raw, label, options.env ?? process.env);
}

/** Options of {@link pulumiDeployTimeSecrets}. */
export interface PulumiSecretsOptions<T> {
  /** Environment (fallback for `VSPHERE_USERNAME`/`VSPHERE_PASSWORD`). @default process.env */
  readonly env?: Environment;
  /** Wraps an environment value as a secret. @default - `pulumi.secret` (loaded on first use) */
  readonly secret?: (value: string) => T;
}

/**
 * The deploy-time secret values for `Cdk8sDeployment`'s `secretValues`, keyed by the config's `usernameKey` and
 * `passwordKey`: the Pulumi secrets `vsphereUsername`/`vspherePassword`, or else `VSPHERE_USERNAME`/`VSPHERE_PASSWORD`
 * wrapped as secrets. Empty unless the credentials mode is `deploy-time`. Throws when a value is in neither place.
 */
export function pulumiDeployTimeSecrets<T>(
  cfg: PulumiConfigReader<T>,
  config: SolutionConfig,
  options: PulumiSecretsOptions<T> = {},
): Record<string, T> {
  const c = config.credentials;
  if (c.mode !== 'deploy-time') return {};
  const env = options.env ?? process.env;
  const wrap =
    options.secret ??
    ((value: string): T => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const pulumi = require('@pulumi/pulumi') as { secret(v: string): T };
      return pulumi.secret(value);
    });
  const pick = (key: string, envName: string): T => {
    const fromConfig = cfg.getSecret(key);
    if (fromConfig !== undefined) return fromConfig;
    const fromEnv = env[envName];
    if (fromEnv !== undefined && fromEnv !== '') return wrap(fromEnv);
    throw new SolutionConfigError(
      'pulumi config',
      key,
      undefined,
      `a secret (pulumi config set --secret ${key} ...) or the environment variable ${envName}`,
    );
  };
  return { [c.usernameKey]: pick(PULUMI_USERNAME_KEY, 'VSPHERE_USERNAME'), [c.passwordKey]: pick(PULUMI_PASSWORD_KEY, 'VSPHERE_PASSWORD') };
}
