import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

/**
 * Style rule (cdk8s-plus / aws-cdk): every optional `readonly` member of an interface carries a JSDoc block with a
 * `@default` tag, either a value (`@default 443`) or a behaviour (`@default - no topology`). `@default undefined` and an
 * empty `@default` do not count.
 */

const ROOT = path.resolve(__dirname, '..');
const LIB = path.join(ROOT, 'lib');

/** One optional interface member whose JSDoc lacks a usable `@default`. */
interface StyleProblem {
  readonly file: string;
  readonly line: number;
  readonly name: string;
  readonly reason: string;
}

function listTsFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listTsFiles(full));
    else if (entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) out.push(full);
  }
  return out.sort();
}

function tagText(tag: ts.JSDocTag): string {
  // getTextOfJSDocComment keeps inline tags such as `{@link X}` as text.
  return (ts.getTextOfJSDocComment(tag.comment) ?? '').trim();
}

/** Checks the `@default` tags of one JSDoc comment; returns the reason it is not acceptable, or undefined if it is. */
function checkDefaultTags(tags: readonly ts.JSDocTag[]): string | undefined {
  const defaults = tags.filter((t) => t.tagName.text === 'default');
  if (defaults.length === 0) return 'missing @default';
  if (defaults.length > 1) return 'more than one @default';
  const text = tagText(defaults[0]);
  if (text === '') return 'empty @default';
  if (text === 'undefined') return '@default undefined';
  if (text === '-') return '@default - without a behaviour';
  return undefined;
}

/** Scans one source text for optional `readonly` interface members without an acceptable `@default`. */
function findMissingDefaults(fileName: string, text: string): StyleProblem[] {
  const sf = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const problems: StyleProblem[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isInterfaceDeclaration(node)) {
      for (const member of node.members) {
        if (!ts.isPropertySignature(member) || member.questionToken === undefined) continue;
        const isReadonly = (member.modifiers ?? []).some((m) => m.kind === ts.SyntaxKind.ReadonlyKeyword);
        if (!isReadonly) continue;
        // Only the JSDoc block directly attached to the member counts (the last one, as TypeScript itself uses).
        const docs = ts.getJSDocCommentsAndTags(member).filter(ts.isJSDoc);
        const doc = docs[docs.length - 1];
        const reason = doc === undefined ? 'missing JSDoc' : checkDefaultTags(doc.tags ?? []);
        if (reason !== undefined) {
          const line = sf.getLineAndCharacterOfPosition(member.getStart(sf)).line + 1;
          problems.push({ file: fileName, line, name: member.name.getText(sf), reason });
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return problems;
}

function format(p: StyleProblem): string {
  return `${p.file}:${p.line} ${p.name} (${p.reason})`;
}

describe('findMissingDefaults (the checker itself)', () => {
  test('accepts a value and a "- behaviour" default', () => {
    const src = [
      'export interface P {',
      '  /**',
      '   * The port.',
      '   * @default 443',
      '   */',
      '  readonly port?: number;',
      '  /** The topology. @default - no topology */',
      '  readonly topology?: string;',
      '  /**',
      '   * The quota.',
      '   * @default - {@link DEFAULT_QUOTA}',
      '   */',
      '  readonly quota?: object;',
      '  /** Required members need no default. */',
      '  readonly name: string;',
      '  /** Mutable members are not props. */',
      '  other?: string;',
      '}',
    ].join('\n');
    expect(findMissingDefaults('p.ts', src)).toEqual([]);
  });

  test('reports a missing tag, a missing JSDoc, @default undefined, an empty tag and a bare dash', () => {
    const src = [
      'interface P {',
      '  /** The port. */',
      '  readonly port?: number;',
      '  // @default 1 (a line comment is not JSDoc)',
      '  readonly a?: number;',
      '  /** B. @default undefined */',
      '  readonly b?: number;',
      '  /**',
      '   * C.',
      '   * @default',
      '   */',
      '  readonly c?: number;',
      '  /** D. @default - */',
      '  readonly d?: number;',
      '}',
    ].join('\n');
    expect(findMissingDefaults('p.ts', src).map(format)).toEqual([
      'p.ts:3 port (missing @default)',
      'p.ts:5 a (missing JSDoc)',
      'p.ts:7 b (@default undefined)',
      'p.ts:12 c (empty @default)',
      'p.ts:14 d (@default - without a behaviour)',
    ]);
  });

  test('only the JSDoc block directly above the member counts', () => {
    const src = ['export interface P {', '  /** A. @default 1 */', '  readonly a?: number;', '  readonly b?: number;', '}'].join('\n');
    expect(findMissingDefaults('p.ts', src).map(format)).toEqual(['p.ts:4 b (missing JSDoc)']);
  });

  test('finds members of nested and non-exported interfaces', () => {
    const src = ['namespace N {', '  interface Q {', '    /** Q. */', '    readonly q?: string;', '  }', '}'].join('\n');
    expect(findMissingDefaults('q.ts', src).map(format)).toEqual(['q.ts:4 q (missing @default)']);
  });
});

describe('lib style', () => {
  const files = listTsFiles(LIB);

  test('scans the library sources', () => {
    expect(files.length).toBeGreaterThan(20);
    expect(files.map((f) => path.relative(ROOT, f))).toContain(path.join('lib', 'antrea', 'tier.ts'));
  });

  test('every optional readonly interface member has a JSDoc @default (a value or "- behaviour")', () => {
    const problems = files.flatMap((f) =>
      findMissingDefaults(path.relative(ROOT, f).split(path.sep).join('/'), fs.readFileSync(f, 'utf8')),
    );
    expect(problems.map(format)).toEqual([]);
  });
});
