import * as pulumi from '@pulumi/pulumi';
import { fail } from '../../core/errors';

/**
 * The version of the Pulumi vSphere provider plugin this binding is written against (npm `@pulumi/vsphere` 4.17.0,
 * bridging terraform-provider-vsphere v2.16.1). Passed as `version` in resource and invoke options, like generated
 * SDKs do, so the engine installs and uses exactly this plugin.
 */
export const VSPHERE_PROVIDER_VERSION = '4.17.0';

/** The Pulumi package name of the vSphere provider. */
export const VSPHERE_PACKAGE = 'vsphere';

/** Options for the resources of this binding, with the plugin version set (caller options win). */
export function vsphereResourceOptions(opts: pulumi.CustomResourceOptions | undefined): pulumi.CustomResourceOptions {
  return pulumi.mergeOptions({ version: VSPHERE_PROVIDER_VERSION }, opts ?? {});
}

/**
 * Returns `provider` when it is a vSphere provider (package `vsphere`), else undefined. Custom resources send an
 * explicit `provider` to the engine whatever its package, so components forward only a matching one and leave any
 * other provider to inheritance through `parent`.
 */
export function vsphereProviderOf(provider: pulumi.ProviderResource | undefined): pulumi.ProviderResource | undefined {
  if (!provider) return undefined;
  const pkg = (provider as unknown as { getPackage?: () => string }).getPackage?.();
  return pkg === VSPHERE_PACKAGE ? provider : undefined;
}

/**
 * The environment variable the vSphere provider reads for `allowUnverifiedSsl` when it is not given: the generated
 * SDK (`getEnvBoolean`) and the plugin (terraform-provider-vsphere, `EnvDefaultFunc` into `allow_unverified_ssl`) both do.
 */
export const VSPHERE_ALLOW_UNVERIFIED_SSL_ENV = 'VSPHERE_ALLOW_UNVERIFIED_SSL';

/** The spellings Go's `strconv.ParseBool` accepts (what the provider parses boolean settings with). */
const GO_TRUE = ['1', 't', 'T', 'true', 'TRUE', 'True'];
const GO_FALSE = ['0', 'f', 'F', 'false', 'FALSE', 'False'];

/**
 * `VSPHERE_ALLOW_UNVERIFIED_SSL` read as the provider reads it: unset or empty means "not given" (undefined), else a
 * Go boolean (`1`, `t`, `T`, `true`, `TRUE`, `True` or `0`, `f`, `F`, `false`, `FALSE`, `False`). Any other value
 * (e.g. `yes`) is refused rather than guessed; the generated SDK would silently ignore it.
 *
 * @param where the name used in error messages, e.g. `VsphereProvider vcenter`
 */
export function allowUnverifiedSslFromEnv(where: string, env: NodeJS.ProcessEnv = process.env): boolean | undefined {
  const value = env[VSPHERE_ALLOW_UNVERIFIED_SSL_ENV];
  if (value === undefined || value === '') return undefined;
  if (GO_TRUE.includes(value)) return true;
  if (GO_FALSE.includes(value)) return false;
  return fail(
    where,
    `environment variable ${VSPHERE_ALLOW_UNVERIFIED_SSL_ENV}`,
    value,
    `a boolean as the provider parses it (Go strconv.ParseBool): one of ${[...GO_TRUE, ...GO_FALSE].join(', ')}; or unset it`,
  );
}

/** The inputs of an explicit vSphere provider (`pulumi:providers:vsphere`). */
export interface VsphereProviderArgs {
  /**
   * The vCenter user name. Registered as a secret (`pulumi.secret` and `additionalSecretOutputs`).
   */
  readonly user: pulumi.Input<string>;
  /**
   * The vCenter password. Registered as a secret (`pulumi.secret` and `additionalSecretOutputs`).
   */
  readonly password: pulumi.Input<string>;
  /**
   * The vCenter server name or address (provider input `vsphereServer`).
   */
  readonly vsphereServer: pulumi.Input<string>;
  /**
   * Skip verification of the vCenter TLS certificate. Only for labs with self-signed certificates.
   * @default - the environment variable `VSPHERE_ALLOW_UNVERIFIED_SSL` (a Go boolean, see
   * {@link allowUnverifiedSslFromEnv}), else not sent: the provider's default, false
   */
  readonly allowUnverifiedSsl?: pulumi.Input<boolean>;
}

/**
 * An explicit instance of the Pulumi vSphere provider (type token `pulumi:providers:vsphere`, plugin
 * {@link VSPHERE_PROVIDER_VERSION}). Pass it as `provider` to {@link VirtualMachine}, the data sources, or to
 * `NodeVm` / `NodePool` (which forward it to their children).
 *
 * `user` and `password` are wrapped in `pulumi.secret` and listed in `additionalSecretOutputs`, so they are
 * encrypted in the state. As in generated provider SDKs, the non-string `allowUnverifiedSsl` is sent JSON-encoded, and
 * when it is not given it is taken from `VSPHERE_ALLOW_UNVERIFIED_SSL`.
 */
export class VsphereProvider extends pulumi.ProviderResource {
  /** The package this provider serves. */
  public static readonly PACKAGE = VSPHERE_PACKAGE;

  /** The vCenter server (echoed input). */
  declare public readonly vsphereServer: pulumi.Output<string>;

  public constructor(name: string, args: VsphereProviderArgs, opts?: pulumi.ResourceOptions) {
    for (const key of ['user', 'password'] as const) {
      // An empty value would reach vCenter as a login with no user or password; a value known only later is not checked.
      if (args?.[key] === '' || args?.[key] === undefined) {
        fail(`VsphereProvider ${name}`, key, args?.[key], `a non-empty vCenter ${key === 'user' ? 'user name' : 'password'}`);
      }
    }
    const inputs: pulumi.Inputs = {
      user: pulumi.secret(args.user),
      password: pulumi.secret(args.password),
      vsphereServer: args.vsphereServer,
      allowUnverifiedSsl: pulumi
        .output(args.allowUnverifiedSsl ?? allowUnverifiedSslFromEnv(`VsphereProvider ${name}`))
        .apply((v) => (v === undefined ? undefined : JSON.stringify(v))),
    };
    const options = pulumi.mergeOptions({ version: VSPHERE_PROVIDER_VERSION, additionalSecretOutputs: ['password', 'user'] }, opts ?? {});
    super(VSPHERE_PACKAGE, name, inputs, options);
  }
}
