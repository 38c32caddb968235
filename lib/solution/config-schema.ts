import { Document, isMap, isNode, isPair, isScalar, LineCounter, YAMLMap } from 'yaml';
import { renderValue, ValidationError } from '../core/errors';
import { FieldPath, formatPath, Reporter } from '../core/reader';

// The reader toolkit lives in lib/core/reader.ts (constructs and the config loader share it); re-exported here.
export * from '../core/reader';

/** Key names whose values are credentials (or may be, when a password is pasted under them): never shown in messages. */
const SECRET_KEY_NAME =
  /passw(?:or)?d|passphrase|^pass$|^pwd$|secret|token|api[-_]?key|private[-_]?key(?![-_]?(?:path|file))|credential[-_]?value/i;

/** True when a key name looks like it holds a secret (`password`, `vspherePassword`, `passwordKey`, `apiToken`, ...). @internal */
export function isSecretKeyName(key: string): boolean {
  return SECRET_KEY_NAME.test(key);
}

/** True when any key of a formatted field path (`a.b[0]["c d"]`) looks secret. */
function isSecretField(field: string): boolean {
  return field.split(/[.[\]"]+/).some((seg) => seg.length > 0 && isSecretKeyName(seg));
}

/** How a hidden value is shown: its type and length, never its text. @internal */
export function hiddenValue(value: unknown): string {
  if (typeof value !== 'string') return `a hidden ${Array.isArray(value) ? 'list' : value === null ? 'null' : typeof value}`;
  return `a hidden value of ${value.length} characters${/[\r\n]/.test(value) ? ' with a line break' : ''}`;
}

/** A copy of `value` whose entries under secret-looking keys (at any depth) read `<hidden>`. @internal */
export function redactSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactSecrets);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    Object.defineProperty(out, k, {
      value: isSecretKeyName(k) ? '<hidden>' : redactSecrets(v),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}

/**
 * The error thrown for a bad configuration value. The message names the file (or source), the key and the reason:
 * `config.yaml: vcenters[0].server: got "", expected a DNS name or IP address (line 4)`. Values under keys that look
 * secret (`isSecretKeyName`) are never shown, nor are secret-looking entries inside a shown object.
 */
export class SolutionConfigError extends ValidationError {
  /** The file (or source such as `pulumi config` or `environment`) the bad value came from. */
  public readonly file: string;
  /** The 1-based line of the bad value in the file, when known. */
  public readonly line: number | undefined;

  public constructor(file: string, field: string, value: unknown, allowed: string, options: { got?: string; line?: number } = {}) {
    const secret = options.got === undefined && value !== undefined && value !== '' && isSecretField(field);
    super(file, field, secret ? '<hidden>' : redactSecrets(value), allowed);
    this.name = 'SolutionConfigError';
    this.file = file;
    this.line = options.line;
    const got = options.got ?? (secret ? hiddenValue(value) : renderValue(this.value));
    const where = field.length > 0 ? `${file}: ${field}` : file;
    this.message = `${where}: got ${got}, expected ${allowed}${options.line !== undefined ? ` (line ${options.line})` : ''}`;
  }
}

/** A Reporter for a configuration source (a file, `pulumi config` or `environment`). Finds line numbers in YAML documents. */
export class SourceReporter implements Reporter {
  public constructor(
    /** How the source is named in messages, e.g. the file path as given. */
    public readonly label: string,
    private readonly doc?: Document,
    private readonly lines?: LineCounter,
  ) {}

  public fail(path: FieldPath, value: unknown, allowed: string, got?: string): never {
    throw new SolutionConfigError(this.label, formatPath(path), value, allowed, { got, line: this.lineOf(path) });
  }

  /** The 1-based line of the node at `path` (or of its nearest existing parent), when the source is a parsed document. */
  public lineOf(path: FieldPath): number | undefined {
    if (!this.doc || !this.lines) return undefined;
    for (let n = path.length; n >= 0; n--) {
      const sub = path.slice(0, n);
      let node: unknown = n === 0 ? this.doc.contents : this.doc.getIn(sub, true);
      if (node === undefined && n > 0) {
        // The key may exist with an unknown name (unknown-key errors): look for the key node in the parent map.
        const parent = n === 1 ? this.doc.contents : this.doc.getIn(path.slice(0, n - 1), true);
        if (isMap(parent)) {
          const pair = (parent as YAMLMap).items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === path[n - 1]);
          node = pair?.key;
        }
      }
      if (isNode(node) && node.range) return this.lines.linePos(node.range[0]).line;
    }
    return undefined;
  }
}
