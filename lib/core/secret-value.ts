import { IConstruct } from 'constructs';
import { fail } from './errors';

/**
 * How a secret value is encoded where it is placed.
 * - `raw`: the value as is (a Secret `stringData` value).
 * - `gcfg`: escaped for the inside of a double-quoted gcfg/INI value (`\\`, `\"`, `\n`, `\t`).
 */
export type SecretEncoding = 'raw' | 'gcfg';

/** The deploy-time key grammar, written once: the key check and the placeholder pattern are built from it. */
const KEY_SOURCE = '[A-Za-z0-9][A-Za-z0-9_.-]*';
const KEY = new RegExp(`^${KEY_SOURCE}$`);
/** Matches a deploy-time placeholder: `${secret:<key>:<encoding>}`. @internal */
export const SECRET_PLACEHOLDER = new RegExp(`\\$\\{secret:(${KEY_SOURCE}):(raw|gcfg)\\}`, 'g');

/** True for a key `SecretValue.deployTime` accepts (letters, digits, "_", "." or "-", starting with a letter or digit). @internal */
export function isDeployTimeKey(key: unknown): key is string {
  return typeof key === 'string' && KEY.test(key);
}

/**
 * Escapes a value for the inside of a double-quoted gcfg value. Line breaks, NUL and other control characters (except
 * tab) are refused: a value that cannot reach the driver unchanged is an error, never silently altered.
 * @internal
 */
export function encodeGcfgQuoted(value: string): string {
  const bad = /[\u0000-\u0008\u000a-\u001f\u007f]/.exec(value);
  if (bad) {
    fail(
      'gcfg value',
      'secret value',
      `<redacted: ${value.length} characters>`,
      `a value without line breaks or control characters (found U+${bad[0].charCodeAt(0).toString(16).padStart(4, '0').toUpperCase()})`,
    );
  }
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\t/g, '\\t');
}

function encode(value: string, encoding: SecretEncoding): string {
  return encoding === 'gcfg' ? encodeGcfgQuoted(value) : value;
}

/**
 * A credential value. Either a deploy-time placeholder (the default: no secret in synthesized YAML; the Pulumi
 * adapter substitutes the real value from `pulumi.Config().requireSecret`) or an explicit plaintext value
 * (opt-in; it lands in the synthesized YAML, and the constructs that render it warn).
 */
export class SecretValue {
  /**
   * A value supplied at deploy time under `key`. Synthesized YAML carries the placeholder `${secret:<key>:<enc>}`;
   * `Cdk8sDeployment` replaces it with the Pulumi secret given in its `secretValues[key]`.
   */
  public static deployTime(key: string): SecretValue {
    if (!isDeployTimeKey(key)) fail('SecretValue', 'key', key, 'letters, digits, "_", "." or "-", starting with a letter or digit');
    return new SecretValue(key, undefined);
  }

  /** A plaintext value that will be written into synthesized output. Only for explicit opt-in; it warns. */
  public static unsafePlainText(value: string): SecretValue {
    if (typeof value !== 'string') fail('SecretValue', 'value', value, 'a string');
    return new SecretValue(undefined, value);
  }

  private constructor(
    /** The deploy-time key, when this is a placeholder. */
    public readonly key: string | undefined,
    private readonly plainText: string | undefined,
  ) {}

  /** True when the value is plaintext and will be written into the output. */
  public get isPlainText(): boolean {
    return this.plainText !== undefined;
  }

  /** The text to place in output: the encoded plaintext, or the placeholder that carries the encoding. */
  public render(encoding: SecretEncoding): string {
    if (this.plainText !== undefined) return encode(this.plainText, encoding);
    return `\${secret:${this.key}:${encoding}}`;
  }

  /** The plaintext value (undefined for placeholders). Used by validators only. */
  public unsafeUnwrap(): string | undefined {
    return this.plainText;
  }
}

/** The deploy-time keys referenced by placeholders in `text`. @internal */
export function findSecretPlaceholders(text: string): string[] {
  const keys = new Set<string>();
  for (const m of text.matchAll(SECRET_PLACEHOLDER)) keys.add(m[1]);
  return [...keys].sort();
}

/** Replaces each placeholder in `text` with the encoded value of its key. Throws for a key that has no value. @internal */
export function substituteSecretPlaceholders(text: string, values: Record<string, string>, where = 'secret data'): string {
  return text.replace(SECRET_PLACEHOLDER, (_m, key: string, enc: SecretEncoding) => {
    const v = values[key];
    if (v === undefined) {
      fail(
        where,
        `secretValues["${key}"]`,
        undefined,
        `a value for the deploy-time secret "${key}" (pass it in secretValues, e.g. from pulumi.Config().requireSecret)`,
      );
    }
    return encode(v, enc);
  });
}

/**
 * Records a warning on a construct (as construct metadata, kind `warning`) and prints it to stderr once.
 * Warnings never stop synthesis.
 * @internal
 */
export function warn(scope: IConstruct, message: string): void {
  scope.node.addMetadata('warning', message);
  if (process.env.VSPHERE_K8S_SILENCE_WARNINGS !== '1') {
    process.stderr.write(`[WARNING] [${scope.node.path}] ${message}\n`);
  }
}

/** All warnings recorded under `scope`, as `[path] message`. @internal */
export function warningsOf(scope: IConstruct): string[] {
  const out: string[] = [];
  for (const c of scope.node.findAll()) {
    for (const m of c.node.metadata) if (m.type === 'warning') out.push(`[${c.node.path}] ${String(m.data)}`);
  }
  return out;
}
