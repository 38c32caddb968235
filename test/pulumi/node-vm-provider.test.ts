import * as pulumi from '@pulumi/pulumi';
import { valueOf } from './program-mocks';
import { allowUnverifiedSslFromEnv, VSPHERE_ALLOW_UNVERIFIED_SSL_ENV, VsphereProvider } from '../../lib/pulumi/vsphere';

/** The explicit vSphere provider of the binding: `allowUnverifiedSsl` from VSPHERE_ALLOW_UNVERIFIED_SSL like the real SDK. */
const resources: pulumi.runtime.MockResourceArgs[] = [];

beforeAll(async () => {
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        resources.push(args);
        return { id: `${args.name}-id`, state: args.inputs };
      },
      call: () => ({}),
    },
    'vsphere-k8s',
    'test',
    false,
  );
});

async function registered(name: string, allowUnverifiedSsl?: boolean): Promise<Record<string, unknown>> {
  const p = new VsphereProvider(name, { user: 'u', password: 'p', vsphereServer: 'vc.example.com', allowUnverifiedSsl });
  await valueOf(p.urn);
  return resources.find((r) => r.type === 'pulumi:providers:vsphere' && r.name === name)!.inputs;
}

describe('allowUnverifiedSslFromEnv (Go strconv.ParseBool, as the provider parses the variable)', () => {
  test.each([
    ['1', true],
    ['t', true],
    ['T', true],
    ['true', true],
    ['TRUE', true],
    ['True', true],
    ['0', false],
    ['f', false],
    ['F', false],
    ['false', false],
    ['FALSE', false],
    ['False', false],
  ])('%s is %s', (value, expected) => {
    expect(allowUnverifiedSslFromEnv('x', { VSPHERE_ALLOW_UNVERIFIED_SSL: value })).toBe(expected);
  });

  test('unset or empty is "not given"', () => {
    expect(allowUnverifiedSslFromEnv('x', {})).toBeUndefined();
    expect(allowUnverifiedSslFromEnv('x', { VSPHERE_ALLOW_UNVERIFIED_SSL: '' })).toBeUndefined();
  });

  test.each(['yes', 'on', 'tRUE', ' true'])('should throw for %j, naming the variable and the accepted values', (value) => {
    expect(() => allowUnverifiedSslFromEnv('VsphereProvider vc', { VSPHERE_ALLOW_UNVERIFIED_SSL: value })).toThrow(
      `[VsphereProvider vc] environment variable VSPHERE_ALLOW_UNVERIFIED_SSL: got ${JSON.stringify(value)}, expected a boolean as the provider parses it (Go strconv.ParseBool): one of 1, t, T, true, TRUE, True, 0, f, F, false, FALSE, False; or unset it`,
    );
  });
});

describe('VsphereProvider allowUnverifiedSsl', () => {
  const saved = process.env[VSPHERE_ALLOW_UNVERIFIED_SSL_ENV];
  afterEach(() => {
    if (saved === undefined) delete process.env[VSPHERE_ALLOW_UNVERIFIED_SSL_ENV];
    else process.env[VSPHERE_ALLOW_UNVERIFIED_SSL_ENV] = saved;
  });

  test('is not sent when neither given nor in the environment (the provider default, false, applies)', async () => {
    delete process.env[VSPHERE_ALLOW_UNVERIFIED_SSL_ENV];
    expect(await registered('plain')).not.toHaveProperty('allowUnverifiedSsl');
  });

  test('comes from VSPHERE_ALLOW_UNVERIFIED_SSL when not given (was: always "false", hiding the variable)', async () => {
    process.env[VSPHERE_ALLOW_UNVERIFIED_SSL_ENV] = 'true';
    expect((await registered('from-env')).allowUnverifiedSsl).toBe('true');
  });

  test('the given value wins over the environment', async () => {
    process.env[VSPHERE_ALLOW_UNVERIFIED_SSL_ENV] = 'true';
    expect((await registered('given', false)).allowUnverifiedSsl).toBe('false');
  });

  test('an unparsable VSPHERE_ALLOW_UNVERIFIED_SSL is refused when the provider is built', () => {
    process.env[VSPHERE_ALLOW_UNVERIFIED_SSL_ENV] = 'yes';
    const before = resources.length;
    expect(() => new VsphereProvider('bad', { user: 'u', password: 'p', vsphereServer: 'vc' })).toThrow(
      /^\[VsphereProvider bad\] environment variable VSPHERE_ALLOW_UNVERIFIED_SSL: got "yes", expected a boolean as the provider parses it/,
    );
    expect(resources.length).toBe(before);
  });
});
