/** Small Markdown helpers for the review report: deterministic tables and inline code. */

/** Escapes a table cell: pipes and line breaks would break the row. */
export function cell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>');
}

/** A Markdown table; with no rows, the `empty` line alone (no header). */
export function table(header: readonly string[], rows: readonly (readonly string[])[], empty = '_none_'): string {
  const head = `| ${header.map(cell).join(' | ')} |\n| ${header.map(() => '---').join(' | ')} |\n`;
  if (rows.length === 0) return `${empty}\n`;
  return head + rows.map((r) => `| ${r.map(cell).join(' | ')} |\n`).join('');
}

/** Inline code, with a fence long enough for backticks inside. */
export function code(text: string): string {
  const ticks = '`'.repeat(Math.max(1, ...[...text.matchAll(/`+/g)].map((m) => m[0].length + 1)));
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${ticks}${pad}${text}${pad}${ticks}`;
}

/** `k=v,k2=v2` for a label map, keys sorted; `{}` for an empty one. */
export function labels(map: Readonly<Record<string, string>> | undefined): string {
  const keys = Object.keys(map ?? {}).sort();
  if (keys.length === 0) return '{}';
  return keys.map((k) => (map![k] === '' ? k : `${k}=${map![k]}`)).join(',');
}

/** A stable comparison for sorting strings (code-unit order, independent of the locale). */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
