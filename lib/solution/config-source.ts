import { isUtf8 } from 'buffer';
import { Document, isAlias, isMap, isNode, isPair, isScalar, LineCounter, parseDocument, visit } from 'yaml';
import { isPlainObject } from '../core/reader';
import { SolutionConfigError, SourceReporter } from './config-schema';
import { FieldPath, Reporter } from '../core/reader';
import { substitutionMarkerProblem } from '../vsphere/credentials';

/*
 * Hardened reading of a configuration source: bytes to text (UTF-8 only), text to a YAML document (no NUL bytes,
 * no unknown tags, unique keys checked in linear time, bounded alias expansion), and a walk over the parsed value
 * that refuses what the key-by-key readers cannot see (`__proto__` keys, secret-script markers in values).
 */

/** How many aliases a document may expand (yaml's `maxAliasCount`): a few are useful, thousands are a bomb. */
const MAX_ALIAS_COUNT = 100;

/**
 * The byte offset of the first byte that is not part of a well-formed UTF-8 sequence (overlong forms, surrogates
 * and code points above U+10FFFF are malformed too), or -1 when all of `buf` is UTF-8. Linear in the length.
 */
export function firstInvalidUtf8Byte(buf: Uint8Array): number {
  let i = 0;
  const n = buf.length;
  while (i < n) {
    const b = buf[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    let len: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) len = 2;
    else if (b >= 0xe0 && b <= 0xef) {
      len = 3;
      if (b === 0xe0) lo = 0xa0; // no overlong forms
      if (b === 0xed) hi = 0x9f; // no UTF-16 surrogates
    } else if (b >= 0xf0 && b <= 0xf4) {
      len = 4;
      if (b === 0xf0) lo = 0x90;
      if (b === 0xf4) hi = 0x8f; // at most U+10FFFF
    } else return i;
    for (let k = 1; k < len; k++) {
      const c = buf[i + k];
      if (c === undefined || c < (k === 1 ? lo : 0x80) || c > (k === 1 ? hi : 0xbf)) return i;
    }
    i += len;
  }
  return -1;
}

/** The encoding a byte order mark or the NUL pattern of ASCII text betrays, for "not UTF-8" messages. */
function wideEncoding(buf: Uint8Array): string | undefined {
  if (buf.length >= 4 && buf[0] === 0xff && buf[1] === 0xfe && buf[2] === 0 && buf[3] === 0)
    return 'UTF-32 little-endian (byte order mark FF FE 00 00)';
  if (buf.length >= 4 && buf[0] === 0 && buf[1] === 0 && buf[2] === 0xfe && buf[3] === 0xff)
    return 'UTF-32 big-endian (byte order mark 00 00 FE FF)';
  if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe) return 'UTF-16 little-endian (byte order mark FF FE)';
  if (buf.length >= 2 && buf[0] === 0xfe && buf[1] === 0xff) return 'UTF-16 big-endian (byte order mark FE FF)';
  if (buf.length >= 2 && buf[0] !== 0 && buf[1] === 0) return 'UTF-16 little-endian (every other byte is NUL)';
  if (buf.length >= 2 && buf[0] === 0 && buf[1] !== 0) return 'UTF-16 big-endian (every other byte is NUL)';
  return undefined;
}

/**
 * Decodes a config file's bytes as UTF-8, refusing anything else instead of turning it into U+FFFD or mojibake:
 * UTF-16/UTF-32 files (by byte order mark or NUL pattern) are "not UTF-8", a malformed byte is reported with its byte
 * offset and line. A UTF-8 byte order mark is dropped.
 */
export function decodeConfigBytes(buf: Uint8Array, label: string): string {
  const wide = wideEncoding(buf);
  if (wide !== undefined) {
    throw new SolutionConfigError(label, '', undefined, 'a UTF-8 file (save it as UTF-8 without a byte order mark)', {
      got: `a file that is not UTF-8 but ${wide}`,
    });
  }
  if (!isUtf8(buf)) {
    const at = firstInvalidUtf8Byte(buf);
    let line = 1;
    for (let i = 0; i < at; i++) if (buf[i] === 0x0a) line++;
    throw new SolutionConfigError(label, '', undefined, 'a UTF-8 file (it is not UTF-8: save it as UTF-8)', {
      got: `the byte 0x${buf[at].toString(16).toUpperCase().padStart(2, '0')} at byte offset ${at}, which is not valid UTF-8`,
      line,
    });
  }
  const text = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength).toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** The result of {@link parseConfigText}. */
export interface ParsedConfigText {
  /** The value of the document: `undefined` for a file without content (empty or comments only). */
  readonly value: unknown;
  /** A reporter that finds line numbers in the document. */
  readonly reporter: SourceReporter;
}

/** Characters YAML does not allow in a stream (C0 controls except tab, LF and CR; DEL is allowed only quoted). */
const FORBIDDEN_CHAR = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/;

/**
 * Parses YAML or JSON text: NUL and other control bytes, syntax errors, unknown tags (`!foo`, `!!binary`), duplicate
 * keys (checked in linear time per mapping) and alias bombs are errors naming the source and the line.
 */
export function parseConfigText(text: string, label: string): ParsedConfigText {
  const bad = FORBIDDEN_CHAR.exec(text);
  if (bad) {
    const line = text.slice(0, bad.index).split('\n').length;
    const code = bad[0].charCodeAt(0);
    throw new SolutionConfigError(label, '', undefined, 'text without control characters other than tab and line breaks', {
      got: `${code === 0 ? 'a NUL byte' : `the control character U+${code.toString(16).toUpperCase().padStart(4, '0')}`} at character ${bad.index}`,
      line,
    });
  }
  const lines = new LineCounter();
  // uniqueKeys: false because yaml's own check compares every key with every other (quadratic); see checkUniqueKeys.
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: false });
  const syntax = (message: string, pos: number): never => {
    throw new SolutionConfigError(label, '', undefined, 'valid YAML or JSON', {
      got: `a syntax error (${message.split('\n')[0]})`,
      line: lines.linePos(pos).line,
    });
  };
  if (doc.errors.length > 0) syntax(doc.errors[0].message, doc.errors[0].pos[0]);
  checkTags(doc, (tag, pos) => {
    throw new SolutionConfigError(
      label,
      '',
      undefined,
      `plain YAML values without tags other than ${[...CORE_TAGS].map(shortTag).join(', ')}`,
      {
        got: `the tag ${shortTag(tag)}`,
        line: lines.linePos(pos).line,
      },
    );
  });
  checkUniqueKeys(doc, syntax);
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (e) {
    let pos = 0;
    visit(doc, {
      Alias(_, node) {
        pos = node.range?.[0] ?? 0;
        return visit.BREAK;
      },
    });
    throw new SolutionConfigError(label, '', undefined, `YAML whose aliases (*name) expand to at most ${MAX_ALIAS_COUNT} copies`, {
      got: `aliases that expand too far (${(e as Error).message.split('\n')[0]})`,
      line: lines.linePos(pos).line,
    });
  }
  if (value === null && (doc.contents === null || (isScalar(doc.contents) && doc.contents.source === ''))) value = undefined;
  return { value, reporter: new SourceReporter(label, doc, lines) };
}

/** The tags of YAML's core schema: nothing else may change how a value is read (`!!binary`, `!!set`, local `!foo`). */
const CORE_TAGS = new Set(['str', 'int', 'float', 'bool', 'null', 'map', 'seq'].map((t) => `tag:yaml.org,2002:${t}`));

function shortTag(tag: string): string {
  return tag.startsWith('tag:yaml.org,2002:') ? `!!${tag.slice('tag:yaml.org,2002:'.length)}` : tag;
}

/** Calls `bad` for the first node with a tag outside the core schema (yaml resolves `!!binary` and ignores unknown tags). */
function checkTags(doc: Document, bad: (tag: string, pos: number) => never): void {
  visit(doc, (_, node) => {
    if (isNode(node) && node.tag !== undefined && node.tag !== '!' && !CORE_TAGS.has(node.tag)) bad(node.tag, node.range?.[0] ?? 0);
  });
}

/** Every key at most once per mapping: one Set per mapping, so linear in the number of keys. */
function checkUniqueKeys(doc: Document, syntax: (message: string, pos: number) => never): void {
  visit(doc, {
    Map(_, map) {
      if (!isMap(map)) return;
      const seen = new Set<unknown>();
      for (const pair of map.items) {
        if (!isPair(pair)) continue;
        const k = pair.key;
        const id = isScalar(k) ? String(k.value) : isAlias(k) ? `*${k.source}` : isNode(k) ? k.toString() : String(k);
        if (seen.has(id)) syntax('Map keys must be unique', isNode(k) && k.range ? k.range[0] : 0);
        seen.add(id);
      }
    },
  });
}

/**
 * Walks a parsed config value before it is merged and read: a `__proto__` key anywhere is an unknown key (merging it
 * would set a prototype and inject inherited values past the closed-key check), and a string holding a substitution
 * marker is refused ({@link substitutionMarkerProblem}). Iterative, so deep nesting cannot overflow the stack.
 */
export function checkRawConfig(r: Reporter, value: unknown): void {
  const stack: Array<{ v: unknown; path: FieldPath }> = [{ v: value, path: [] }];
  while (stack.length > 0) {
    const { v, path } = stack.pop()!;
    if (typeof v === 'string') {
      const problem = substitutionMarkerProblem(v);
      if (problem) r.fail(path, v, problem);
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ v: v[i], path: [...path, i] });
    } else if (isPlainObject(v)) {
      const keys = Object.keys(v);
      if (Object.prototype.hasOwnProperty.call(v, '__proto__')) {
        r.fail([...path, '__proto__'], '__proto__', 'a configuration key (__proto__ is never one)', 'the key "__proto__"');
      }
      for (let i = keys.length - 1; i >= 0; i--) stack.push({ v: v[keys[i]], path: [...path, keys[i]] });
    }
  }
}
