import * as fc from 'fast-check';
import { ValidationError } from '../../lib/core/errors';
import { SecretValue, substituteSecretPlaceholders } from '../../lib/core/secret-value';
import { renderGcfg } from '../../lib/vsphere/gcfg';
import { gcfgValue, parseGcfg } from './gcfg-parser';

// Any UTF-16 code unit (so unpaired surrogates and every control character occur), plus full code points,
// plus the characters that matter most to gcfg.
const unit = fc.oneof(
  fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)),
  fc.integer({ min: 0, max: 0x10ffff }).map((c) => String.fromCodePoint(c)),
  fc.constantFrom(' ', '\t', '\n', '\r', ';', '#', '"', '\\', '=', '[', ']', '$', '{', '}', 'ü', '😀'),
);
const credential = fc.string({ unit, maxLength: 40 });

/** The characters the writer is documented to reject: C0 controls except tab, DEL, unpaired surrogates. */
function carriable(s: string): boolean {
  return !/[\u0000-\u0008\u000a-\u001f\u007f]/.test(s) && !/\p{Cs}/u.test(s);
}

function roundTrip(user: string, password: string): void {
  let text: string;
  try {
    text = renderGcfg('T', 'csi-vsphere.conf', [
      {
        name: 'VirtualCenter',
        subsection: 'vc.example.com',
        entries: [
          { key: 'user', value: user },
          { key: 'password', value: SecretValue.unsafePlainText(password) },
        ],
      },
    ]);
  } catch (e) {
    // rejected explicitly, with our error, and only when the value really cannot be carried
    expect(e).toBeInstanceOf(ValidationError);
    expect(carriable(user) && carriable(password)).toBe(false);
    return;
  }
  expect(carriable(user) && carriable(password)).toBe(true);
  const data = parseGcfg(text);
  expect(gcfgValue(data, 'VirtualCenter', 'vc.example.com', 'user')).toBe(user);
  expect(gcfgValue(data, 'VirtualCenter', 'vc.example.com', 'password')).toBe(password);
}

describe('gcfg writer round trip (property)', () => {
  test('arbitrary credential strings come back unchanged or are rejected explicitly', () => {
    fc.assert(
      fc.property(credential, credential, (user, password) => roundTrip(user, password)),
      { numRuns: 2000 },
    );
  });

  test('carriable strings are never rejected (no over-rejection)', () => {
    fc.assert(
      fc.property(credential.filter(carriable), credential.filter(carriable), (user, password) => roundTrip(user, password)),
      { numRuns: 1000 },
    );
  });

  test('deploy-time placeholders substituted by the Pulumi path read back unchanged', () => {
    fc.assert(
      fc.property(credential.filter(carriable), (password) => {
        const text = renderGcfg('T', 'f', [
          { name: 'Global', entries: [{ key: 'password', value: SecretValue.deployTime('vsphere-password') }] },
        ]);
        const filled = substituteSecretPlaceholders(text, { 'vsphere-password': password });
        expect(gcfgValue(parseGcfg(filled), 'Global', '', 'password')).toBe(password);
      }),
      { numRuns: 500 },
    );
  });
});
