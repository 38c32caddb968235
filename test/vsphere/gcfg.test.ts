import { SecretValue } from '../../lib/core/secret-value';
import { gcfgValueProblem, quoteGcfgValue, renderGcfg } from '../../lib/vsphere/gcfg';
import { gcfgValue, GcfgParseError, parseGcfg } from './gcfg-parser';

describe('renderGcfg', () => {
  test('writes sections in order, every value quoted, bools true/false, ints decimal, undefined skipped', () => {
    const text = renderGcfg('T', 'f', [
      {
        name: 'Global',
        comments: ['generated'],
        entries: [
          { key: 'cluster-id', value: 'c1' },
          { key: 'skipped', value: undefined },
        ],
      },
      {
        name: 'VirtualCenter',
        subsection: '10.0.0.1',
        entries: [
          { key: 'insecure-flag', value: false },
          { key: 'port', value: 443 },
        ],
      },
      { name: 'Snapshot', entries: [{ key: 'global-max-snapshots-per-block-volume', value: 3 }] },
    ]);
    expect(text).toBe(
      [
        '; generated',
        '[Global]',
        'cluster-id = "c1"',
        '',
        '[VirtualCenter "10.0.0.1"]',
        'insecure-flag = "false"',
        'port = "443"',
        '',
        '[Snapshot]',
        'global-max-snapshots-per-block-volume = "3"',
        '',
      ].join('\n'),
    );
  });

  test('escapes quotes and backslashes so that the gcfg reader gets the value back unchanged', () => {
    const tricky = ' p;a#s"s\\w\tord ü€😀 ';
    const user = 'CORP\\svc-k8s';
    const text = renderGcfg('T', 'f', [
      {
        name: 'VirtualCenter',
        subsection: 'vc "a" \\ b',
        entries: [
          { key: 'user', value: user },
          { key: 'password', value: tricky },
        ],
      },
    ]);
    expect(text).toContain('user = "CORP\\\\svc-k8s"');
    expect(text).toContain('[VirtualCenter "vc \\"a\\" \\\\ b"]');
    const data = parseGcfg(text);
    expect(gcfgValue(data, 'virtualcenter', 'vc "a" \\ b', 'password')).toBe(tricky);
    expect(gcfgValue(data, 'VirtualCenter', 'vc "a" \\ b', 'USER')).toBe(user);
  });

  test('renders a deploy-time SecretValue as a quoted placeholder with the gcfg encoding', () => {
    const text = renderGcfg('T', 'f', [
      { name: 'Global', entries: [{ key: 'password', value: SecretValue.deployTime('vsphere-password') }] },
    ]);
    expect(text).toBe('[Global]\npassword = "${secret:vsphere-password:gcfg}"\n');
  });

  test('rejects a newline in a value', () => {
    expect(() => renderGcfg('T', 'f', [{ name: 'Global', entries: [{ key: 'cluster-id', value: 'a\nb' }] }])).toThrow(
      /\[T\] f\[Global\]\.cluster-id: got "a\\nb", expected a value without line breaks, other control characters \(tab is allowed\) or unpaired surrogates: gcfg cannot carry them/,
    );
  });

  test('redacts a plaintext SecretValue that gcfg cannot carry', () => {
    let message = '';
    try {
      renderGcfg('T', 'f', [{ name: 'Global', entries: [{ key: 'password', value: SecretValue.unsafePlainText('sec\rret') }] }]);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(
      /\[T\] f\[Global\]\.password: got "<redacted: contains the control character U\+000D at index 3>", expected a value without line breaks/,
    );
    expect(message).not.toContain('sec');
  });

  test('rejects bad section and key names', () => {
    expect(() => renderGcfg('T', 'f', [{ name: '1Global', entries: [] }])).toThrow(
      /\[T\] f\[1Global\]: got "1Global", expected a section name: a letter, then letters, digits or "-"/,
    );
    expect(() => renderGcfg('T', 'f', [{ name: 'Global', entries: [{ key: 'cluster_id', value: 'x' }] }])).toThrow(
      /\[T\] f\[Global\]\.key: got "cluster_id", expected a variable name: a letter, then letters, digits or "-"/,
    );
  });

  test('rejects duplicate sections (case-insensitive name, same subsection) and duplicate keys', () => {
    expect(() =>
      renderGcfg('T', 'f', [
        { name: 'Labels', entries: [] },
        { name: 'labels', entries: [] },
      ]),
    ).toThrow(/\[T\] f\[labels\]: got "labels", expected a section that is not already in the file/);
    expect(() =>
      renderGcfg('T', 'f', [
        {
          name: 'Global',
          entries: [
            { key: 'port', value: 1 },
            { key: 'PORT', value: 2 },
          ],
        },
      ]),
    ).toThrow(/\[T\] f\[Global\]\.PORT: got "PORT", expected a variable not already set in this section/);
  });

  test('rejects an empty subsection and a subsection with a newline', () => {
    expect(() => renderGcfg('T', 'f', [{ name: 'VirtualCenter', subsection: '', entries: [] }])).toThrow(
      /\[T\] f\[VirtualCenter ""\]: got "", expected a non-empty subsection name \(gcfg rejects \[section ""\]\)/,
    );
    expect(() => renderGcfg('T', 'f', [{ name: 'VirtualCenter', subsection: 'a\nb', entries: [] }])).toThrow(
      /expected a subsection name without control characters or unpaired surrogates/,
    );
  });

  test('rejects a non-integer number', () => {
    expect(() => renderGcfg('T', 'f', [{ name: 'Snapshot', entries: [{ key: 'n', value: 1.5 }] }])).toThrow(
      /\[T\] f\[Snapshot\]\.n: got 1.5, expected an integer/,
    );
  });
});

describe('gcfgValueProblem / quoteGcfgValue', () => {
  test('allows tab, printable ASCII, non-BMP characters; names the offending character otherwise', () => {
    expect(gcfgValueProblem('a\tb ;#"\\ 😀')).toBeUndefined();
    expect(gcfgValueProblem('ab\u0000')).toBe('the control character U+0000 at index 2');
    expect(gcfgValueProblem('\u007f')).toBe('the control character U+007F at index 0');
    expect(gcfgValueProblem('x\ud800')).toBe('an unpaired UTF-16 surrogate at index 1');
    expect(gcfgValueProblem('\udc00x')).toBe('an unpaired UTF-16 surrogate at index 0');
  });

  test('quotes and escapes', () => {
    expect(quoteGcfgValue('T', 'v', 'a"b\\c\td')).toBe('"a\\"b\\\\c\\td"');
  });
});

describe('test parser (gcfg v1.2.3 rules)', () => {
  test('unquoted values end at ; and #, trailing whitespace is trimmed, a bare key is true', () => {
    const d = parseGcfg('[A]\nx = a b  ; comment\ny=c#d\nflag\n[B "s"]\nz = "  q  " \n');
    expect(gcfgValue(d, 'a', '', 'x')).toBe('a b');
    expect(gcfgValue(d, 'a', '', 'y')).toBe('c');
    expect(gcfgValue(d, 'a', '', 'flag')).toBe(true);
    expect(gcfgValue(d, 'b', 's', 'z')).toBe('  q  ');
  });

  test('errors where gcfg errors', () => {
    expect(() => parseGcfg('[A]\nx = "a\nb"\n')).toThrow(GcfgParseError);
    expect(() => parseGcfg('[A]\nx = a\\b\n')).toThrow(/must be followed by new line/);
    expect(() => parseGcfg('[A]\nx = "a\\qb"\n')).toThrow(/unknown escape/);
    expect(() => parseGcfg('[A ""]\n')).toThrow(/empty subsection/);
    expect(() => parseGcfg('x = 1\n')).toThrow(/expected section header/);
    expect(() => parseGcfg('[A]\nx = "\u0000"\n')).toThrow(/NUL/);
  });
});
