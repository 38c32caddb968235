/**
 * Hardened config input (issue 14, item 6): every way a config source could bypass a rule, corrupt a value, hang the
 * loader or leak a secret is refused with the file, the key or byte position, and the reason.
 */
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { App } from 'cdk8s';
import { synthesize } from '../../lib/core/synth';
import { loadSolutionConfig, parseSolutionConfig } from '../../lib/solution/config';
import { firstInvalidUtf8Byte } from '../../lib/solution/config-source';
import { KubernetesOnVsphere } from '../../lib/solution/kubernetes-on-vsphere';
import { cfgErr, lit } from '../fixtures/bad-inputs/rows';
import { checkPulumiConfigKeys, solutionConfigFromPulumi } from '../../lib/pulumi/solution-config';

const FILE = 'cluster.yaml';
const parse = (text: string) => () => parseSolutionConfig(text, FILE, { env: {} });

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'config-hardening-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Writes `bytes` to a file in the test folder and returns its path. */
function file(name: string, bytes: Uint8Array | string): string {
  const p = path.join(dir, name);
  writeFileSync(p, bytes);
  return p;
}

describe('a nested __proto__ key cannot bypass the closed-key check or inject values', () => {
  test.each([
    ['a merged mapping (csi)', 'csi:\n  __proto__:\n    snapshots: false\n', 'csi.__proto__', 3],
    [
      'a list item (vcenters[0])',
      'vcenters:\n  - server: vc01.corp\n    datacenters: [DC1]\n    __proto__: {insecure: true}\n',
      'vcenters[0].__proto__',
      4,
    ],
    [
      'JSON text',
      '{"kubekey": {"controlPlaneEndpoint": {"__proto__": {"address": "10.0.0.1"}}}}',
      'kubekey.controlPlaneEndpoint.__proto__',
      1,
    ],
  ])('in %s', (_, text, key, line) => {
    expect(parse(text)).toThrow(cfgErr(FILE, key, 'the key "__proto__"', 'a configuration key (__proto__ is never one)', line));
  });

  test('without the check the value would have been inherited (the bypass this guards against)', () => {
    // The loader merges objects key by key; assigning "__proto__" sets the prototype instead of a key.
    const merged: Record<string, unknown> = {};
    merged['__proto__'] = { snapshots: false };
    expect(Object.keys(merged)).toEqual([]);
    expect(merged.snapshots).toBe(false);
  });

  test('in Pulumi config (JSON.parse keeps __proto__ as a key)', () => {
    const values: Record<string, string> = { csi: '{"__proto__": {"metricsMonitor": true}}' };
    const reader = {
      get: (k: string) => values[k],
      getObject: <T>(k: string) => (values[k] === undefined ? undefined : (JSON.parse(values[k]) as T)),
      getSecret: () => undefined,
      requireSecret: () => undefined,
    };
    expect(() => solutionConfigFromPulumi(reader, { env: {} })).toThrow(
      cfgErr('pulumi config', 'csi.__proto__', 'the key "__proto__"', 'a configuration key'),
    );
  });
});

describe('bytes that are not UTF-8 are refused, never decoded into other values', () => {
  test('a Latin-1 byte: the byte, its offset and its line', () => {
    const p = file(
      'latin1.yaml',
      Buffer.concat([
        Buffer.from('clusterName: demo\nvcenters:\n  - server: vc01.corp\n    datacenters: [Caf'),
        Buffer.from([0xe9]),
        Buffer.from(']\n'),
      ]),
    );
    expect(() => loadSolutionConfig(p, { env: {} })).toThrow(
      new RegExp(
        `^${lit(`${p}: got the byte 0xE9 at byte offset 71, which is not valid UTF-8, expected a UTF-8 file (it is not UTF-8: save it as UTF-8) (line 4)`)}$`,
      ),
    );
  });

  test.each([
    ['an overlong encoding of "/"', [0x61, 0xc0, 0xaf], 1],
    ['a UTF-16 surrogate encoded in UTF-8', [0x61, 0x62, 0xed, 0xa0, 0x80], 2],
    ['a truncated sequence at the end', [0x61, 0xe2, 0x82], 1],
    ['a code point above U+10FFFF', [0xf4, 0x90, 0x80, 0x80], 0],
    ['a lone continuation byte', [0x80], 0],
  ])('firstInvalidUtf8Byte finds %s', (_, bytes, at) => {
    expect(firstInvalidUtf8Byte(Uint8Array.from(bytes))).toBe(at);
  });

  test('valid multi-byte text is accepted by the byte check', () => {
    expect(firstInvalidUtf8Byte(Buffer.from('naïve 日本 😀', 'utf8'))).toBe(-1);
  });

  test.each([
    [
      'UTF-16 LE with a byte order mark',
      Buffer.from('\ufeffclusterName: demo\n', 'utf16le'),
      'UTF-16 little-endian (byte order mark FF FE)',
    ],
    [
      'UTF-16 LE without a byte order mark',
      Buffer.from('clusterName: demo\n', 'utf16le'),
      'UTF-16 little-endian (every other byte is NUL)',
    ],
    [
      'UTF-16 BE with a byte order mark',
      Buffer.from('\ufeffclusterName: demo\n', 'utf16le').swap16(),
      'UTF-16 big-endian (byte order mark FE FF)',
    ],
  ])('%s: "not UTF-8" instead of mojibake', (name, bytes, what) => {
    const p = file(`${name.replace(/\W+/g, '-')}.yaml`, bytes);
    expect(() => loadSolutionConfig(p, { env: {} })).toThrow(
      new RegExp(
        `^${lit(`${p}: got a file that is not UTF-8 but ${what}, expected a UTF-8 file (save it as UTF-8 without a byte order mark)`)}$`,
      ),
    );
  });

  test('a UTF-8 byte order mark is accepted', () => {
    const p = file('bom.yaml', Buffer.from('\ufeffexample: true\nclusterName: bom\n', 'utf8'));
    expect(loadSolutionConfig(p, { env: {} }).clusterName).toBe('bom');
  });
});

describe('an empty file does not silently become the built-in example', () => {
  test.each([
    ['an empty file', '', 'a file without content (empty or comments only)', undefined],
    ['a file of comments only', '# cluster config\n# TODO\n', 'a file without content (empty or comments only)', undefined],
    ['a document that is null', 'null\n', 'null', 1],
  ])('%s', (_, text, got, line) => {
    expect(parse(text)).toThrow(
      new RegExp(
        `^${lit(`${FILE}: got ${got}, expected a mapping with the keys clusterName, kubernetesVersion, vcenters, credentials, csi, storageClasses, antrea, namespaces, nodePools, kubekey, prerequisites; or "example: true" to use the built-in example config on purpose`)}${line === undefined ? '' : lit(` (line ${line})`)}$`,
      ),
    );
  });

  test('example: anything but true', () => {
    expect(parse('example: yes\n')).toThrow(
      cfgErr(FILE, 'example', '"yes"', 'true or false: start from the built-in example config (true)', 1),
    );
    expect(parse('example: false\n')).toThrow(
      cfgErr(FILE, 'example', 'false', 'true (start from the built-in example config), or leave the key out', 1),
    );
  });
});

describe('YAML features that would change values are refused', () => {
  test.each([
    ['an unknown local tag', 'clusterName: !secret demo\n', '!secret', 1],
    ['a tag outside the core schema (!!binary)', 'clusterName: demo\nkubernetesVersion: !!binary djEuMzMuNA==\n', '!!binary', 2],
    ['a set tag on a mapping', 'example: true\nprerequisites:\n  crds: !!set {a.b/C}\n', '!!set', 3],
  ])('%s', (_, text, what, line) => {
    expect(parse(text)).toThrow(
      new RegExp(
        `^${lit(`${FILE}: got the tag ${what}, expected plain YAML values without tags other than !!str, !!int, !!float, !!bool, !!null, !!map, !!seq (line ${line})`)}$`,
      ),
    );
  });

  test('core-schema tags are still fine', () => {
    expect(parseSolutionConfig('example: true\nclusterName: !!str demo2\n', FILE, { env: {} }).clusterName).toBe('demo2');
  });

  test('an alias bomb: a wrapped error with the file and the line of the first alias', () => {
    const bomb = [
      'a: &a [x, x, x, x, x, x, x, x, x, x]',
      'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]',
      'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]',
      'd: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]',
    ].join('\n');
    expect(parse(bomb)).toThrow(
      new RegExp(
        `^${lit(`${FILE}: got aliases that expand too far (Excessive alias count`)}.*${lit('expected YAML whose aliases (*name) expand to at most 100 copies (line 2)')}$`,
      ),
    );
  });

  test.each([
    ['a NUL byte in a plain scalar', 'clusterName: de\u0000mo\n', 'a NUL byte at character 15', 1],
    ['a NUL byte in a quoted scalar on line 2', 'example: true\nclusterName: "de\u0000mo"\n', 'a NUL byte at character 30', 2],
    ['another control character', 'example: true\nclusterName: de\u001bmo\n', 'the control character U+001B at character 29', 2],
  ])('%s: a wrapped error with the file and the line', (_, text, got, line) => {
    expect(parse(text)).toThrow(
      new RegExp(`^${lit(`${FILE}: got ${got}, expected text without control characters other than tab and line breaks (line ${line})`)}$`),
    );
  });
});

describe('the duplicate-key check is linear', () => {
  test("a 100,000-key mapping with a duplicate at the end: found, with its line, in seconds (yaml's own check is quadratic)", () => {
    const n = 100_000;
    const lines = ['antrea:', '  featureGates:'];
    for (let i = 0; i < n; i++) lines.push(`    Gate${i}: true`);
    lines.push('    Gate7: false');
    const started = Date.now();
    expect(parse(`${lines.join('\n')}\n`)).toThrow(
      new RegExp(`^${lit(`${FILE}: got a syntax error (Map keys must be unique), expected valid YAML or JSON (line ${n + 3})`)}$`),
    );
    // yaml's uniqueKeys check takes minutes here (about 3 s for 20,000 keys, growing with the square); this takes ~2 s.
    expect(Date.now() - started).toBeLessThan(30_000);
  }, 60_000);

  test('keys that differ only in type or quoting are still duplicates of the same JSON key', () => {
    expect(parse('clusterName: a\n"clusterName": b\n')).toThrow(/Map keys must be unique.*\(line 2\)$/);
    expect(parse('antrea:\n  featureGates:\n    1: true\n    "1": false\n')).toThrow(/Map keys must be unique.*\(line 4\)$/);
  });
});

describe('values of keys that look secret are never echoed', () => {
  const PASSWORD = 'Hunter2 Secret!';
  test.each([
    [
      'a password pasted as the deploy-time passwordKey',
      `credentials:\n  mode: deploy-time\n  passwordKey: "${PASSWORD}"\n`,
      'credentials.passwordKey',
      'a hidden value of 15 characters',
    ],
    [
      'a mapping with a password where a list belongs',
      `vcenters:\n  server: vc01.corp\n  password: "${PASSWORD}"\n`,
      'vcenters',
      '{"server":"vc01.corp","password":"<hidden>"}',
    ],
    [
      'a token among labels',
      `namespaces:\n  - name: team-a\n    labels:\n      apiToken: "${PASSWORD}"\n`,
      'namespaces[0].labels.apiToken',
      'a hidden value of 15 characters',
    ],
  ])('%s', (_, text, key, got) => {
    let message = '';
    try {
      parseSolutionConfig(text, FILE, { env: {} });
    } catch (e) {
      message = (e as Error).message;
      expect((e as { value: unknown }).value).not.toEqual(PASSWORD);
    }
    expect(message).toMatch(new RegExp(`^${lit(`${FILE}: ${key}: got ${got}, expected `)}`));
    expect(message).not.toContain(PASSWORD);
  });
});

describe('Pulumi config: a top-level typo is an error, not a silent default', () => {
  const project = 'vsphere-k8s';
  test('an unknown key of the project namespace, with the closest known key', () => {
    expect(() => checkPulumiConfigKeys({ 'vsphere-k8s:clustername': 'prod', 'vsphere:user': 'x' }, project, ['kubeconfig'])).toThrow(
      new RegExp(
        `^${lit('pulumi config: ["vsphere-k8s:clustername"]: got the unknown key "vsphere-k8s:clustername", expected one of the keys vsphere-k8s:clusterName, ')}.*${lit('vsphere-k8s:kubeconfig (did you mean "vsphere-k8s:clusterName"?)')}$`,
      ),
    );
  });

  test('other namespaces and the known keys pass', () => {
    expect(() =>
      checkPulumiConfigKeys(
        { 'vsphere-k8s:clusterName': 'prod', 'vsphere-k8s:vspherePassword': 'x', 'vsphere-k8s:kubeconfig': 'k', 'vsphere:user': 'u' },
        project,
        ['kubeconfig'],
      ),
    ).not.toThrow();
  });

  test('solutionConfigFromPulumi checks allConfig before reading', () => {
    const reader = { get: () => undefined, getObject: () => undefined, getSecret: () => undefined, requireSecret: () => undefined };
    expect(() => solutionConfigFromPulumi(reader, { env: {}, allConfig: { 'vsphere-k8s:nodepools': '[]' }, project })).toThrow(
      /^pulumi config: \["vsphere-k8s:nodepools"\]: got the unknown key "vsphere-k8s:nodepools", expected .*\(did you mean "vsphere-k8s:nodePools"\?\)$/,
    );
  });
});

describe('substitution markers are refused inside values', () => {
  test.each([
    [
      'a datacenter name holding ${VSPHERE_PASSWORD}',
      'vcenters:\n  - server: vc01.corp\n    datacenters: ["DC-${VSPHERE_PASSWORD}"]\n',
      'vcenters[0].datacenters[0]',
      '"DC-${VSPHERE_PASSWORD}"',
      3,
    ],
    [
      'a storage policy holding ${VSPHERE_USERNAME}',
      'storageClasses:\n  - name: gold\n    storagePolicyName: "${VSPHERE_USERNAME}"\n',
      'storageClasses[0].storagePolicyName',
      '"${VSPHERE_USERNAME}"',
      3,
    ],
    [
      'a label value holding a deploy-time placeholder',
      'namespaces:\n  - name: a\n    labels: {x: "${secret:vsphere-password:raw}"}\n',
      'namespaces[0].labels.x',
      '"${secret:vsphere-password:raw}"',
      3,
    ],
  ])('%s', (_, text, key, value, line) => {
    expect(parse(text)).toThrow(
      cfgErr(
        FILE,
        key,
        value,
        'a value without ${VSPHERE_USERNAME}, ${VSPHERE_PASSWORD} or ${secret:...} (create-secrets.sh and the Pulumi adapter would replace them with credentials)',
        line,
      ),
    );
  });
});

describe('manifests that hold plaintext credentials are written owner-only', () => {
  function synthModes(credentials: string): Record<string, number> {
    const out = mkdtempSync(path.join(dir, 'synth-'));
    const config = parseSolutionConfig(`example: true\ncredentials: ${credentials}\n`, FILE, { env: {} });
    const app = new App({ outdir: path.join(out, 'manifests') });
    new KubernetesOnVsphere(app, 'demo', { config });
    synthesize(app, { extrasDir: path.join(out, 'extra') });
    const manifests = path.join(out, 'manifests');
    return Object.fromEntries(
      readdirSync(manifests)
        .filter((f) => f.endsWith('.k8s.yaml'))
        .map((f) => [f, statSync(path.join(manifests, f)).mode & 0o777]),
    );
  }

  test('plaintext: the chart with the credential Secrets is 0600, the others 0644', () => {
    const modes = synthModes('{mode: plaintext, username: k8s@vsphere.local, password: "pa55-word"}');
    const secretFiles = Object.entries(modes).filter(([, m]) => m === 0o600);
    expect(secretFiles.map(([f]) => f)).toEqual([expect.stringMatching(/vsphere-storage\.k8s\.yaml$/)]);
    expect(Object.values(modes).filter((m) => m !== 0o600 && m !== (0o666 & ~process.umask()))).toEqual([]);
  });

  test('existing-secret: no Secret data, every manifest 0644', () => {
    const modes = synthModes('{mode: existing-secret}');
    expect(new Set(Object.values(modes))).toEqual(new Set([0o666 & ~process.umask()]));
  });
});
