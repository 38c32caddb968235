import { Construct, IConstruct } from 'constructs';
import { ErrorScope, fail } from '../core/errors';
import { ExtraFile } from '../core/extra-file';
import { SECRET_PLACEHOLDER, SecretValue, warn } from '../core/secret-value';
import { gcfgValueProblem } from './gcfg';

/**
 * The vCenter user name rule of the vSphere CSI driver (`isValidvCenterUsernameWithDomain`, v3.7.3):
 * `DOMAIN\user` or `user@domain`.
 * @internal
 */
export const VSPHERE_USERNAME_PATTERN = /^(?:[a-zA-Z0-9.-]+\\[a-zA-Z0-9._-]+|[a-zA-Z0-9._-]+@[a-zA-Z0-9.-]+)$/;

/** What {@link VSPHERE_USERNAME_PATTERN} allows, phrased to follow "expected". @internal */
export const VSPHERE_USERNAME_ALLOWED = 'a vCenter user with a domain: user@domain (e.g. administrator@vsphere.local) or DOMAIN\\user';

/** The placeholder grammar the Pulumi adapter substitutes ({@link SECRET_PLACEHOLDER}), anchored. */
const ONE_PLACEHOLDER = new RegExp(`^${SECRET_PLACEHOLDER.source}$`);

/** True for a deploy-time key: one that makes a well-formed `${secret:<key>:raw}` placeholder. */
function isDeployTimeKey(key: unknown): key is string {
  return typeof key === 'string' && ONE_PLACEHOLDER.test(`\${secret:${key}:raw}`);
}

/** The user name rule ({@link VSPHERE_USERNAME_PATTERN}): what is allowed, or undefined for a good user name. @internal */
export function vsphereUsernameProblem(username: unknown): string | undefined {
  return typeof username === 'string' && VSPHERE_USERNAME_PATTERN.test(username) ? undefined : VSPHERE_USERNAME_ALLOWED;
}

/**
 * The password rule of {@link VsphereCredentials.unsafePlainText} and the config loader: what is allowed, or undefined
 * for a usable password (non-empty; no line breaks, other control characters or unpaired surrogates, which the gcfg
 * files cannot hold).
 * @internal
 */
export function vspherePasswordProblem(password: unknown): string | undefined {
  if (typeof password !== 'string' || password.length === 0) return 'a non-empty string';
  if (gcfgValueProblem(password)) return 'a password without line breaks, other control characters (tab is allowed) or unpaired surrogates';
  return undefined;
}

/**
 * The props reader of deploy-time credentials ({@link VsphereCredentials.fromDeployTimeSecrets} and the config
 * loader's `credentials` in mode deploy-time): keys as `SecretValue.deployTime` accepts them, and two different keys.
 * Resolves the default keys `vsphere-username` and `vsphere-password`.
 * @internal
 */
export function readDeployTimeCredentialsProps(
  where: ErrorScope,
  options: DeployTimeCredentialsOptions,
): { readonly usernameKey: string; readonly passwordKey: string } {
  if (options === null || typeof options !== 'object') fail(where, 'options', options, 'an object { usernameKey?, passwordKey? }');
  const usernameKey = options.usernameKey ?? 'vsphere-username';
  const passwordKey = options.passwordKey ?? 'vsphere-password';
  for (const [field, key] of [
    ['usernameKey', usernameKey],
    ['passwordKey', passwordKey],
  ] as const) {
    if (!isDeployTimeKey(key)) {
      fail(where, field, key, 'a deploy-time key of letters, digits, "_", "." or "-", starting with a letter or digit');
    }
  }
  if (usernameKey === passwordKey) fail(where, 'passwordKey', passwordKey, 'a deploy-time key different from usernameKey');
  return { usernameKey, passwordKey };
}

/** How the vCenter credentials reach the cluster. */
export enum VsphereCredentialsMode {
  /** The Secrets are created out of band (`create-secrets.sh`); the manifests only reference them. */
  EXISTING_SECRET = 'existing-secret',
  /** The Secrets are in the manifests with `${secret:...}` placeholders that the Pulumi adapter fills. */
  DEPLOY_TIME = 'deploy-time',
  /** The Secrets are in the manifests with the plaintext values (explicit opt-in; warns). */
  PLAIN_TEXT = 'plaintext',
}

/** Options of {@link VsphereCredentials.fromDeployTimeSecrets}. */
export interface DeployTimeCredentialsOptions {
  /**
   * The deploy-time key of the user name (`secretValues[usernameKey]` of the Pulumi adapter).
   * @default 'vsphere-username'
   */
  readonly usernameKey?: string;
  /**
   * The deploy-time key of the password (`secretValues[passwordKey]` of the Pulumi adapter).
   * @default 'vsphere-password'
   */
  readonly passwordKey?: string;
}

/** Plaintext credentials for {@link VsphereCredentials.unsafePlainText}. */
export interface PlainTextCredentials {
  /** `user@domain` or `DOMAIN\user`. */
  readonly username: string;
  /** The password. Any characters except line breaks and other control characters. */
  readonly password: string;
}

/**
 * vCenter credentials for the cloud-controller-manager and the CSI driver. Never a plain string prop; one of:
 *
 * - {@link VsphereCredentials.fromExistingSecret} (default): the manifests reference Secrets that are created out of band.
 *   Instead of Secret objects, two files are emitted beside the manifests (not applied): `vsphere/create-secrets.sh`, with
 *   the `kubectl create secret generic ...` commands that read `VSPHERE_USERNAME`/`VSPHERE_PASSWORD` from the environment,
 *   and `vsphere/csi-vsphere.conf.template`. Reviewable YAML holds no credentials.
 * - {@link VsphereCredentials.fromDeployTimeSecrets}: the Secrets are in the manifests with `${secret:<key>:<encoding>}`
 *   placeholders; the Pulumi adapter (`Cdk8sDeployment`, `secretValues`) substitutes Pulumi secrets at deploy time.
 * - {@link VsphereCredentials.unsafePlainText}: explicit opt-in; the values are written into the Secrets and every
 *   construct that renders them warns.
 *
 * One set of credentials is used for every vCenter of a construct.
 */
export class VsphereCredentials {
  /** Reference Secrets created out of band (the default for `cdk8s synth`): no Secret objects, no credentials in YAML. */
  public static fromExistingSecret(): VsphereCredentials {
    return new VsphereCredentials(VsphereCredentialsMode.EXISTING_SECRET, undefined, undefined);
  }

  /**
   * Values supplied at deploy time as Pulumi secrets. The Secrets are emitted with placeholders; only the Pulumi path
   * renders the values. The user name format cannot be checked at synth time (the driver checks it at start-up).
   */
  public static fromDeployTimeSecrets(options: DeployTimeCredentialsOptions = {}): VsphereCredentials {
    const where = 'VsphereCredentials.fromDeployTimeSecrets';
    const keys = readDeployTimeCredentialsProps(where, options);
    const username = SecretValue.deployTime(keys.usernameKey);
    const password = SecretValue.deployTime(keys.passwordKey);
    return new VsphereCredentials(VsphereCredentialsMode.DEPLOY_TIME, username, password);
  }

  /**
   * Plaintext credentials, written into the synthesized Secrets. Explicit opt-in: every construct that renders them
   * warns, and the YAML must then be treated as a secret.
   */
  public static unsafePlainText(credentials: PlainTextCredentials): VsphereCredentials {
    const where = 'VsphereCredentials.unsafePlainText';
    if (credentials === null || typeof credentials !== 'object')
      fail(where, 'credentials', credentials, 'an object { username, password }');
    const { username, password } = credentials;
    const userProblem = vsphereUsernameProblem(username);
    if (userProblem) fail(where, 'username', username, userProblem);
    const passwordProblem = vspherePasswordProblem(password);
    if (passwordProblem) {
      const shown =
        typeof password === 'string' && password.length > 0 ? `<redacted: contains ${gcfgValueProblem(password)}>` : '<redacted>';
      fail(where, 'password', shown, passwordProblem);
    }
    return new VsphereCredentials(
      VsphereCredentialsMode.PLAIN_TEXT,
      SecretValue.unsafePlainText(username),
      SecretValue.unsafePlainText(password),
    );
  }

  private constructor(
    /** How the credentials reach the cluster. */
    public readonly mode: VsphereCredentialsMode,
    /** The user name value (undefined for {@link VsphereCredentialsMode.EXISTING_SECRET}). */
    public readonly username: SecretValue | undefined,
    /** The password value (undefined for {@link VsphereCredentialsMode.EXISTING_SECRET}). */
    public readonly password: SecretValue | undefined,
  ) {}

  /** True when the Secrets are part of the manifests (deploy-time placeholders or plaintext). */
  public get rendersSecrets(): boolean {
    return this.mode !== VsphereCredentialsMode.EXISTING_SECRET;
  }

  /**
   * Called by the constructs that render these credentials into `what` (e.g. `Secret kube-system/vsphere-cloud-secret`):
   * warns on `scope` when the values are plaintext.
   */
  public warnIfPlainText(scope: IConstruct, what: string): void {
    if (this.mode === VsphereCredentialsMode.PLAIN_TEXT) {
      warn(
        scope,
        `the vCenter password is rendered in plaintext into ${what} (VsphereCredentials.unsafePlainText); treat the synthesized YAML as a secret`,
      );
    }
  }
}

/** Path of the out-of-band Secret script (below the extras folder). @internal */
export const CREATE_SECRETS_SCRIPT_PATH = 'vsphere/create-secrets.sh';
/** Path of the csi-vsphere.conf template (below the extras folder), next to the script. @internal */
export const CSI_CONFIG_TEMPLATE_PATH = 'vsphere/csi-vsphere.conf.template';
/** The user name marker in the template; the script replaces it with the gcfg-escaped `VSPHERE_USERNAME`. @internal */
export const USERNAME_MARKER = '${VSPHERE_USERNAME}';
/** The password marker in the template; the script replaces it with the gcfg-escaped `VSPHERE_PASSWORD`. @internal */
export const PASSWORD_MARKER = '${VSPHERE_PASSWORD}';

/** The markers `create-secrets.sh` replaces and the deploy-time placeholders the Pulumi adapter fills. */
const SUBSTITUTED_MARKER = /\$\{(?:VSPHERE_USERNAME|VSPHERE_PASSWORD)\}|\$\{secret:/;

/**
 * What the marker rule allows, when `s` contains a marker that a later step would substitute (`${VSPHERE_USERNAME}`,
 * `${VSPHERE_PASSWORD}` in the CSI template, `${secret:...}` in the Pulumi path); undefined otherwise.
 * @internal
 */
export function substitutionMarkerProblem(s: string): string | undefined {
  if (!SUBSTITUTED_MARKER.test(s)) return undefined;
  return 'a value without ${VSPHERE_USERNAME}, ${VSPHERE_PASSWORD} or ${secret:...} (create-secrets.sh and the Pulumi adapter would replace them with credentials)';
}

/** One `--from-literal` pair of the CCM credentials Secret. */
export interface CcmSecretKey {
  readonly key: string;
  /** `server` for a literal value (the IPv6-safe `server_<id>` key), else the env variable to read. */
  readonly source: { readonly literal: string } | { readonly env: 'VSPHERE_USERNAME' | 'VSPHERE_PASSWORD' };
}

/** Creates or updates the Secret without a last-applied annotation (server-side apply), so no copy of the values is kept. */
const APPLY = '  --dry-run=client -o yaml | kubectl apply --server-side --field-manager=vsphere-k8s-constructs -f -';

function shQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

const SCRIPT_HEADER: string[] = [
  '#!/bin/sh',
  '# Creates the vSphere credential Secrets that the synthesized manifests reference but do not contain',
  '# (VsphereCredentials.fromExistingSecret(), the default). Generated by vsphere-k8s-constructs: do not edit.',
  '# Run it with kubectl pointed at the cluster, after the manifests are applied (the CSI Namespace is part of them;',
  '# the driver pods wait for their Secret), and again to rotate the password:',
  '#',
  "#   VSPHERE_USERNAME='administrator@vsphere.local' VSPHERE_PASSWORD='...' sh create-secrets.sh",
  '#',
  '# The user name must be user@domain or DOMAIN\\user. The credentials are read from the environment only; the CSI',
  '# configuration is rendered from csi-vsphere.conf.template (next to this script) into a private temporary file',
  '# that is removed on exit: the template markers VSPHERE_USERNAME and VSPHERE_PASSWORD (written as shell-style',
  '# ${...} references) are replaced with the values, escaped for a quoted gcfg value (\\ -> \\\\, " -> \\", tab -> \\t).',
  'set -eu',
  '',
  ': "${VSPHERE_USERNAME:?set VSPHERE_USERNAME (user@domain or DOMAIN\\\\user)}"',
  ': "${VSPHERE_PASSWORD:?set VSPHERE_PASSWORD}"',
  'export VSPHERE_USERNAME VSPHERE_PASSWORD',
  "if ! printf '%s' \"$VSPHERE_USERNAME\" | grep -Eq '^([a-zA-Z0-9.-]+\\\\[a-zA-Z0-9._-]+|[a-zA-Z0-9._-]+@[a-zA-Z0-9.-]+)$'; then",
  "  echo 'VSPHERE_USERNAME must be user@domain or DOMAIN\\user' >&2",
  '  exit 1',
  'fi',
  "cr=$(printf '\\r')",
  "nl='",
  "'",
  'case "$VSPHERE_PASSWORD" in',
  '  *"$nl"* | *"$cr"*)',
  "    echo 'VSPHERE_PASSWORD must not contain line breaks' >&2",
  '    exit 1',
  '    ;;',
  'esac',
  'here=$(cd "$(dirname "$0")" && pwd)',
];

/**
 * The single `vsphere/create-secrets.sh` of an App (at the App root), to which the CCM and the CSI driver add their
 * commands. The content is recomputed on every addition (CCM commands first, then CSI).
 */
export class CreateSecretsScript extends ExtraFile {
  /** The App's script, created on first use. */
  public static of(scope: IConstruct): CreateSecretsScript {
    const root = scope.node.root;
    const existing = root.node.tryFindChild(CreateSecretsScript.ID);
    if (existing instanceof CreateSecretsScript) return existing;
    return new CreateSecretsScript(root, CreateSecretsScript.ID);
  }

  private static readonly ID = 'VsphereCreateSecretsScript';

  private readonly blocks: Array<{ order: number; lines: string[] }> = [];

  private constructor(scope: IConstruct, id: string) {
    super(scope as Construct, id, { path: CREATE_SECRETS_SCRIPT_PATH, content: '' });
  }

  /** Adds the commands that create the CCM credentials Secret. */
  public addCcmSecret(secretName: string, namespace: string, keys: CcmSecretKey[]): void {
    // Values from the environment go through files in a private temp folder (printf is a shell builtin), never onto
    // kubectl's command line, where other users could read them in the process list.
    const lines = [
      '',
      `# vSphere cloud-controller-manager credentials: Secret ${namespace}/${secretName}`,
      'ccm_tmp=$(mktemp -d)',
      'trap \'rm -rf "$ccm_tmp"\' EXIT',
      ...(keys.some((k) => !('literal' in k.source) && k.source.env === 'VSPHERE_USERNAME')
        ? ['printf \'%s\' "$VSPHERE_USERNAME" > "$ccm_tmp/username"']
        : []),
      ...(keys.some((k) => !('literal' in k.source) && k.source.env === 'VSPHERE_PASSWORD')
        ? ['printf \'%s\' "$VSPHERE_PASSWORD" > "$ccm_tmp/password"']
        : []),
      `kubectl create secret generic ${shQuote(secretName)} --namespace=${shQuote(namespace)} \\`,
    ];
    for (const k of keys) {
      if ('literal' in k.source) lines.push(`  --from-literal=${shQuote(`${k.key}=${k.source.literal}`)} \\`);
      else lines.push(`  --from-file=${shQuote(k.key)}="$ccm_tmp/${k.source.env === 'VSPHERE_USERNAME' ? 'username' : 'password'}" \\`);
    }
    lines.push(APPLY);
    lines.push('rm -rf "$ccm_tmp"');
    this.blocks.push({ order: 0, lines });
  }

  /**
   * Adds the commands that render the CSI configuration from its template and create the CSI config Secret, with
   * `files` (names of files next to the script, e.g. vCenter CA certificates) as further keys of the Secret.
   */
  public addCsiConfigSecret(secretName: string, namespace: string, key: string, files: readonly string[] = []): void {
    const lines = [
      '',
      `# vSphere CSI driver configuration: Secret ${namespace}/${secretName}, key ${key}`,
      `if ! kubectl get namespace ${shQuote(namespace)} >/dev/null 2>&1; then`,
      `  echo 'Namespace ${namespace} not found: apply the manifests first (they create it)' >&2`,
      '  exit 1',
      'fi',
      'tmp=$(mktemp -d)',
      'trap \'rm -rf "$tmp"\' EXIT',
      'awk \'function esc(s,  i, c, out) { out = ""; for (i = 1; i <= length(s); i++) { c = substr(s, i, 1);',
      '    if (c == "\\\\" || c == "\\"") out = out "\\\\" c; else if (c == "\\t") out = out "\\\\t"; else out = out c } return out }',
      '  function repl(s, m, v,  i, out) { out = ""; while ((i = index(s, m)) > 0) { out = out substr(s, 1, i - 1) v; s = substr(s, i + length(m)) } return out s }',
      '  BEGIN { u = esc(ENVIRON["VSPHERE_USERNAME"]); p = esc(ENVIRON["VSPHERE_PASSWORD"]) }',
      `  { print repl(repl($0, "${USERNAME_MARKER}", u), "${PASSWORD_MARKER}", p) }' "$here/${CSI_CONFIG_TEMPLATE_PATH.split('/').pop()}" > "$tmp/${key}"`,
      `kubectl create secret generic ${shQuote(secretName)} --namespace=${shQuote(namespace)} --from-file=${shQuote(key)}="$tmp/${key}" \\`,
      ...files.map((f) => `  --from-file=${shQuote(f)}="$here/${f}" \\`),
      APPLY,
      'rm -rf "$tmp"',
    ];
    this.blocks.push({ order: 1, lines });
  }

  protected renderContent(): string {
    const body = [...this.blocks].sort((a, b) => a.order - b.order).flatMap((b) => b.lines);
    return `${[...SCRIPT_HEADER, ...body].join('\n')}\n`;
  }
}
