import { Document, isMap, isNode, isPair, isScalar, LineCounter, YAMLMap } from 'yaml';
import { renderValue, ValidationError } from '../core/errors';
import { FieldPath, formatPath, Reporter } from '../core/reader';

// The reader toolkit lives in lib/core/reader.ts (constructs and the config loader share it); re-exported here.
export * from '../core/reader';

/**
 * The error thrown for a bad configuration value. The message names the file (or source), the key and the reason:
 * `config.yaml: vcenters[0].server: got "", expected a DNS name or IP address (line 4)`.
 */
export class SolutionConfigError extends ValidationError {
  /** The file (or source such as `pulumi config` or `environment`) the bad value came from. */
  public readonly file: string;
  /** The 1-based line of the bad value in the file, when known. */
  public readonly line: number | undefined;

  public constructor(file: string, field: string, value: unknown, allowed: string, options: { got?: string; line?: number } = {}) {
    super(file, field, value, allowed);
    this.name = 'SolutionConfigError';
    this.file = file;
    this.line = options.line;
    const got = options.got ?? renderValue(value);
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

