/**
 * A test-only reader that implements the value rules of go-gcfg v1.2.3 (the INI parser the vSphere CSI driver uses),
 * to check what the driver would read from a file written by lib/vsphere/gcfg.ts. Facts: scanner/scanner.go and
 * read.go of go-gcfg/gcfg v1.2.3:
 * - NUL and invalid UTF-8 (here: unpaired surrogates) are illegal anywhere;
 * - `;` and `#` start a comment outside quotes; blank lines are skipped;
 * - section header `[name]` or `[name "sub"]`; names are a letter then letters, digits or `-`, matched
 *   case-insensitively; subsection strings allow the escapes `\\` and `\"` only, end at a newline with an error,
 *   and must not be empty;
 * - `name = value` or a bare `name` (blank: bool true); the value starts after leading whitespace and ends at an
 *   unquoted newline, `;` or `#`; trailing unquoted whitespace is trimmed; `"` toggles quoting; inside quotes the
 *   escapes are `\\`, `\"`, `\n` and `\t`; outside quotes `\` must be followed by a newline (line continuation);
 *   CR characters are stripped from values; a newline inside quotes is an error ("string not terminated").
 */

/** The parsed file: section (lower-cased) -> subsection ('' for none) -> variable (lower-cased) -> values in order. */
export type GcfgData = Map<string, Map<string, Map<string, Array<string | true>>>>;

export class GcfgParseError extends Error {}

function isLetter(c: string): boolean {
  return /^\p{L}$/u.test(c);
}

function isDigit(c: string): boolean {
  return /^\p{Nd}$/u.test(c);
}

function isWhiteSpace(c: string | undefined): boolean {
  return c === ' ' || c === '\t' || c === '\r';
}

const VALUE_ESCAPES: Record<string, string> = { '\\': '\\', '"': '"', n: '\n', t: '\t' };
const SUBSECTION_ESCAPES: Record<string, string> = { '\\': '\\', '"': '"' };

/** Parses gcfg text; throws GcfgParseError where gcfg v1.2.3 would report an error. */
export function parseGcfg(text: string): GcfgData {
  const chars: string[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0) throw new GcfgParseError(`illegal character NUL at ${i}`);
    if (c >= 0xd800 && c <= 0xdbff) {
      const n = text.charCodeAt(i + 1);
      if (!(n >= 0xdc00 && n <= 0xdfff)) throw new GcfgParseError(`illegal UTF-8 encoding at ${i}`);
      chars.push(text.slice(i, i + 2));
      i++;
      continue;
    }
    if (c >= 0xdc00 && c <= 0xdfff) throw new GcfgParseError(`illegal UTF-8 encoding at ${i}`);
    chars.push(text[i]);
  }
  let pos = 0;
  const peek = (): string | undefined => chars[pos];
  const data: GcfgData = new Map();
  let section: string | undefined;
  let subsection = '';

  const skipWhitespace = (): void => {
    while (isWhiteSpace(peek())) pos++;
  };
  const skipComment = (): void => {
    while (peek() !== undefined && peek() !== '\n') pos++;
  };
  const endOfLine = (what: string): void => {
    skipWhitespace();
    const c = peek();
    if (c === undefined) return;
    if (c === '\n') {
      pos++;
      return;
    }
    if (c === ';' || c === '#') {
      skipComment();
      return;
    }
    throw new GcfgParseError(`expected EOL, EOF, or comment after ${what} at ${pos}`);
  };
  const identifier = (): string => {
    const start = pos;
    while (peek() !== undefined && (isLetter(peek()!) || isDigit(peek()!) || peek() === '-')) pos++;
    return chars.slice(start, pos).join('');
  };
  const ensure = (): Map<string, Array<string | true>> => {
    const s = section!;
    if (!data.has(s)) data.set(s, new Map());
    const subs = data.get(s)!;
    if (!subs.has(subsection)) subs.set(subsection, new Map());
    return subs.get(subsection)!;
  };

  while (pos < chars.length) {
    skipWhitespace();
    const c = peek();
    if (c === undefined) break;
    if (c === '\n') {
      pos++;
      continue;
    }
    if (c === ';' || c === '#') {
      skipComment();
      continue;
    }
    if (c === '[') {
      pos++;
      skipWhitespace();
      if (peek() === undefined || !isLetter(peek()!)) throw new GcfgParseError(`expected section name at ${pos}`);
      section = identifier().toLowerCase();
      subsection = '';
      skipWhitespace();
      if (peek() === '"') {
        pos++;
        let sub = '';
        for (;;) {
          const ch = peek();
          if (ch === undefined || ch === '\n') throw new GcfgParseError(`string not terminated at ${pos}`);
          pos++;
          if (ch === '"') break;
          if (ch === '\\') {
            const e = peek();
            pos++;
            if (e === undefined || !(e in SUBSECTION_ESCAPES)) throw new GcfgParseError(`unknown escape sequence at ${pos}`);
            sub += SUBSECTION_ESCAPES[e];
            continue;
          }
          sub += ch;
        }
        if (sub === '') throw new GcfgParseError('empty subsection name');
        subsection = sub;
        skipWhitespace();
      }
      if (peek() !== ']') throw new GcfgParseError(`expected right bracket at ${pos}`);
      pos++;
      endOfLine('section header');
      ensure();
      continue;
    }
    if (isLetter(c)) {
      if (section === undefined) throw new GcfgParseError(`expected section header at ${pos}`);
      const name = identifier().toLowerCase();
      skipWhitespace();
      const after = peek();
      if (after === undefined || after === '\n' || after === ';' || after === '#') {
        endOfLine('variable');
        const vars = ensure();
        vars.set(name, [...(vars.get(name) ?? []), true]);
        continue;
      }
      if (after !== '=') throw new GcfgParseError(`expected '=' at ${pos}`);
      pos++;
      skipWhitespace();
      // scanValString + unquote
      let value = '';
      let pendingWs = '';
      let inQuote = false;
      for (;;) {
        const ch = peek();
        if (!inQuote && (ch === undefined || ch === '\n' || ch === ';' || ch === '#')) break;
        if (ch === undefined) throw new GcfgParseError('string not terminated');
        pos++;
        if (inQuote) {
          if (ch === '\n') throw new GcfgParseError('string not terminated');
          if (ch === '\\') {
            const e = peek();
            pos++;
            if (e === undefined || !(e in VALUE_ESCAPES)) throw new GcfgParseError(`unknown escape sequence at ${pos}`);
            value += VALUE_ESCAPES[e];
          } else if (ch === '"') {
            inQuote = false;
          } else if (ch !== '\r') {
            value += ch;
          }
          continue;
        }
        if (ch === '\\') {
          if (peek() === '\r') pos++;
          if (peek() !== '\n') throw new GcfgParseError("unquoted '\\' must be followed by new line");
          pos++;
          continue;
        }
        if (ch === '"') {
          value += pendingWs;
          pendingWs = '';
          inQuote = true;
          continue;
        }
        if (ch === '\r') continue;
        if (isWhiteSpace(ch)) {
          pendingWs += ch;
          continue;
        }
        value += pendingWs + ch;
        pendingWs = '';
      }
      endOfLine('value');
      const vars = ensure();
      vars.set(name, [...(vars.get(name) ?? []), value]);
      continue;
    }
    throw new GcfgParseError(`expected section header or variable declaration at ${pos}: ${JSON.stringify(c)}`);
  }
  return data;
}

/** The single value of `section[.subsection].name`; throws when absent or repeated. */
export function gcfgValue(data: GcfgData, section: string, subsection: string, name: string): string | true {
  const values = data.get(section.toLowerCase())?.get(subsection)?.get(name.toLowerCase());
  if (!values || values.length !== 1)
    throw new Error(`expected one value of ${section} "${subsection}" ${name}, found ${values?.length ?? 0}`);
  return values[0];
}
