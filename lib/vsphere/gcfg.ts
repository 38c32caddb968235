import { IConstruct } from 'constructs';
import { fail } from '../core/errors';
import { encodeGcfgQuoted, SecretValue } from '../core/secret-value';

/**
 * A gcfg (git-config style INI, go-gcfg v1.2.3, the parser the vSphere CSI driver uses) writer.
 *
 * Every value is written double-quoted and escaped (`\\`, `\"`, `\t`), so `;`, `#`, `"`, `\`, leading and
 * trailing spaces and any Unicode reach the reader unchanged. Values gcfg cannot carry unchanged are rejected:
 * NUL (illegal), CR (stripped by the scanner), LF (would need the `\n` escape, which this library does not emit:
 * the CCM trims a trailing newline from Secret values and vCenter never has line breaks in credentials), the other
 * C0 control characters and DEL (invisible and unsafe in reviewed files) and unpaired UTF-16 surrogates (not
 * encodable as UTF-8, which the scanner requires).
 */

/** A value in a gcfg file. Booleans are written `true`/`false`, numbers as decimal integers. */
export type GcfgValue = string | number | boolean | SecretValue;

/** One `key = value` line. @internal */
export interface GcfgEntry {
  /** The variable name: a letter, then letters, digits or `-` (matched case-insensitively by gcfg). */
  readonly key: string;
  /** The value. `undefined` entries are skipped. */
  readonly value: GcfgValue | undefined;
}

/** One section, `[name]` or `[name "subsection"]`. @internal */
export interface GcfgSection {
  /** The section name: a letter, then letters, digits or `-` (matched case-insensitively by gcfg). */
  readonly name: string;
  /** The subsection (case-sensitive, quoted). @default - none */
  readonly subsection?: string;
  /** Comment lines written above the section header. @default - none */
  readonly comments?: string[];
  /** The variables, written in this order. */
  readonly entries: GcfgEntry[];
}

const NAME = /^[A-Za-z][A-Za-z0-9-]*$/;

/**
 * The reason a string cannot be written as a gcfg value (or subsection name) unchanged, or undefined when it can.
 * Returns the offending character and its index, never the value itself (values may be passwords).
 * @internal
 */
export function gcfgValueProblem(value: string): string | undefined {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = value.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++;
        continue;
      }
      return `an unpaired UTF-16 surrogate at index ${i}`;
    }
    if (c >= 0xdc00 && c <= 0xdfff) return `an unpaired UTF-16 surrogate at index ${i}`;
    if (c === 0x09) continue;
    if (c < 0x20 || c === 0x7f) return `the control character U+${c.toString(16).toUpperCase().padStart(4, '0')} at index ${i}`;
  }
  return undefined;
}

/** What a rejected value is checked against, phrased to follow "expected". @internal */
export const GCFG_VALUE_ALLOWED =
  'a value without line breaks, other control characters (tab is allowed) or unpaired surrogates: gcfg cannot carry them';

/** Quotes and escapes a plain string for a gcfg value. Throws (naming `scope`/`field`) for a value gcfg cannot carry. @internal */
export function quoteGcfgValue(scope: IConstruct | string, field: string, value: string, sensitive = false): string {
  if (typeof value !== 'string') fail(scope, field, value, 'a string');
  const problem = gcfgValueProblem(value);
  if (problem) fail(scope, field, sensitive ? `<redacted: contains ${problem}>` : value, GCFG_VALUE_ALLOWED);
  return `"${encodeGcfgQuoted(value)}"`;
}

function renderValue(scope: IConstruct | string, field: string, value: GcfgValue): string {
  if (value instanceof SecretValue) {
    const plain = value.unsafeUnwrap();
    if (plain !== undefined) {
      const problem = gcfgValueProblem(plain);
      if (problem) fail(scope, field, `<redacted: contains ${problem}>`, GCFG_VALUE_ALLOWED);
    }
    return `"${value.render('gcfg')}"`;
  }
  if (typeof value === 'boolean') return value ? '"true"' : '"false"';
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) fail(scope, field, value, 'an integer');
    return `"${String(value)}"`;
  }
  return quoteGcfgValue(scope, field, value);
}

function renderSubsection(scope: IConstruct | string, field: string, sub: string): string {
  if (typeof sub !== 'string' || sub.length === 0) fail(scope, field, sub, 'a non-empty subsection name (gcfg rejects [section ""])');
  const problem = gcfgValueProblem(sub);
  if (problem || sub.includes('\t')) fail(scope, field, sub, 'a subsection name without control characters or unpaired surrogates');
  return `"${sub.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/**
 * Renders sections to gcfg text, in the given order. Throws a ValidationError (field `<field>[<section>].<key>`)
 * for a bad name, a duplicate section or key, or a value gcfg cannot carry.
 * @internal
 */
export function renderGcfg(scope: IConstruct | string, field: string, sections: GcfgSection[]): string {
  const lines: string[] = [];
  const seenSections = new Set<string>();
  for (const s of sections) {
    const where = s.subsection === undefined ? `${field}[${s.name}]` : `${field}[${s.name} ${JSON.stringify(s.subsection)}]`;
    if (typeof s.name !== 'string' || !NAME.test(s.name))
      fail(scope, `${where}`, s.name, 'a section name: a letter, then letters, digits or "-"');
    const header = s.subsection === undefined ? `[${s.name}]` : `[${s.name} ${renderSubsection(scope, where, s.subsection)}]`;
    const sectionKey = `${s.name.toLowerCase()}\u0000${s.subsection ?? ''}`;
    if (seenSections.has(sectionKey)) fail(scope, where, s.subsection ?? s.name, 'a section that is not already in the file');
    seenSections.add(sectionKey);
    if (lines.length > 0) lines.push('');
    for (const c of s.comments ?? []) {
      if (gcfgValueProblem(c)) fail(scope, `${where} comment`, c, 'a single-line comment without control characters');
      lines.push(`; ${c}`);
    }
    lines.push(header);
    const seenKeys = new Set<string>();
    for (const e of s.entries) {
      if (e.value === undefined) continue;
      if (typeof e.key !== 'string' || !NAME.test(e.key))
        fail(scope, `${where}.key`, e.key, 'a variable name: a letter, then letters, digits or "-"');
      const k = e.key.toLowerCase();
      if (seenKeys.has(k)) fail(scope, `${where}.${e.key}`, e.key, 'a variable not already set in this section');
      seenKeys.add(k);
      lines.push(`${e.key} = ${renderValue(scope, `${where}.${e.key}`, e.value)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
