import { readFileSync, readdirSync } from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

/**
 * Issue 14 item 4: the published declarations list only the documented API. Internal helpers carry `@internal` and
 * `stripInternal` drops them from the .d.ts (scripts/consumer-test.sh checks that a consumer cannot import one).
 * Public functions and constants must be named in the README, docs/ or the examples; the rest of the public surface
 * is the constructs, their props and the types those reference (the API reference, `npm run docs`).
 */
const ROOT = path.join(__dirname, '..');

interface ExportInfo {
  readonly name: string;
  readonly kind: 'function' | 'const' | 'class' | 'type';
  readonly internal: boolean;
}

function exportsOf(entry: string): ExportInfo[] {
  const program = ts.createProgram([path.join(ROOT, entry)], { target: ts.ScriptTarget.ES2021, module: ts.ModuleKind.CommonJS });
  const checker = program.getTypeChecker();
  const module = checker.getSymbolAtLocation(program.getSourceFile(path.join(ROOT, entry))!)!;
  return checker.getExportsOfModule(module).map((e) => {
    const target = e.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(e) : e;
    const decl = target.declarations?.[0];
    const node = decl && ts.isVariableDeclaration(decl) ? decl.parent.parent : decl;
    const internal = node !== undefined && ts.getJSDocTags(node).some((t) => t.tagName.text === 'internal');
    const kind =
      decl === undefined
        ? 'type'
        : ts.isFunctionDeclaration(decl)
          ? 'function'
          : ts.isVariableDeclaration(decl)
            ? 'const'
            : ts.isClassDeclaration(decl)
              ? 'class'
              : 'type';
    return { name: e.name, kind, internal };
  });
}

function documentation(): string {
  const files = [
    'README.md',
    ...readdirSync(path.join(ROOT, 'docs'))
      .filter((f) => f.endsWith('.md'))
      .map((f) => path.join('docs', f)),
  ];
  const walk = (dir: string): string[] =>
    readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((d) =>
      d.isDirectory() ? walk(path.join(dir, d.name)) : /\.(ts|md)$/.test(d.name) ? [path.join(dir, d.name)] : [],
    );
  return [...files, ...walk('examples'), ...walk('bin'), ...walk('pulumi')].map((f) => readFileSync(path.join(ROOT, f), 'utf8')).join('\n');
}

describe('public API surface (issue 14 item 4)', () => {
  const main = exportsOf('lib/index.ts');
  const pulumi = exportsOf('lib/pulumi/index.ts');
  const docs = documentation();
  const mentioned = (name: string): boolean => new RegExp(`\\b${name}\\b`).test(docs);

  test('the build strips @internal declarations', () => {
    const tsconfig = JSON.parse(readFileSync(path.join(ROOT, 'tsconfig.json'), 'utf8'));
    expect(tsconfig.compilerOptions.stripInternal).toBe(true);
  });

  test.each(['readInt', 'closestKey', 'registerPoolOverlapCheck', 'formatPath', 'parseIp', 'renderGcfg', 'touchPoolOverlapCheck'])(
    'the helper %s is @internal',
    (name) => {
      const e = main.find((x) => x.name === name);
      expect(e).toBeDefined();
      expect(e!.internal).toBe(true);
    },
  );

  test('every public function and constant is documented (README, docs/, examples)', () => {
    const undocumented = [...main, ...pulumi].filter(
      (e) => !e.internal && (e.kind === 'function' || e.kind === 'const') && !mentioned(e.name),
    );
    expect(undocumented.map((e) => e.name)).toEqual([]);
  });

  test('the public names are a fraction of the exports', () => {
    const publicNames = main.filter((e) => !e.internal).length;
    // 562 exports, of which 380 public at the time of writing: a guard against internal helpers creeping back in
    expect(publicNames).toBeLessThan(main.length * 0.75);
    expect(publicNames).toBeLessThanOrEqual(400);
  });
});
