import { Testing } from 'cdk8s';
import { Construct } from 'constructs';
import * as fc from 'fast-check';
import {
  checkCsiCompatibility,
  csiKubernetesRange,
  DEFAULT_CSI_VERSION,
  formatVsphereVersion,
  MIN_CNS_VSPHERE_VERSION,
  normalizeCsiVersion,
  parseVsphereVersion,
  requireVsphereFeature,
  SUPPORTED_CSI_VERSIONS,
  vsphereFeatureMinimum,
  vsphereSupports,
} from '../../lib/vsphere/csi-compatibility';

function scope(): Construct {
  return new Construct(Testing.chart(), 'Csi');
}

describe('versions', () => {
  test('default and supported CSI versions', () => {
    expect(DEFAULT_CSI_VERSION).toBe('3.7.3');
    expect(SUPPORTED_CSI_VERSIONS).toEqual(['3.7.3']);
    expect(normalizeCsiVersion('v3.7.3')).toBe('3.7.3');
    expect(normalizeCsiVersion('3.7.3')).toBe('3.7.3');
    expect(normalizeCsiVersion('2.6.0')).toBeUndefined();
    expect(normalizeCsiVersion('3.7')).toBeUndefined();
  });

  test('Kubernetes window of 3.7.3 is 1.33 to 1.35', () => {
    expect(csiKubernetesRange('3.7.3')).toEqual({ min: '1.33', max: '1.35' });
    expect(csiKubernetesRange('v3.7.3')).toEqual({ min: '1.33', max: '1.35' });
    expect(csiKubernetesRange('3.8.0')).toBeUndefined();
  });

  test('vSphere version parsing and formatting', () => {
    expect(parseVsphereVersion('8.0u2')).toEqual({ major: 8, minor: 0, update: 2 });
    expect(parseVsphereVersion('8.0U2')).toEqual({ major: 8, minor: 0, update: 2 });
    expect(parseVsphereVersion('7.0U3c')).toEqual({ major: 7, minor: 0, update: 3 });
    expect(parseVsphereVersion('7.0.3')).toEqual({ major: 7, minor: 0, update: 3 });
    expect(parseVsphereVersion('8.0')).toEqual({ major: 8, minor: 0, update: 0 });
    expect(parseVsphereVersion('6.7 Update 3')).toBeUndefined();
    expect(parseVsphereVersion('8')).toBeUndefined();
    expect(parseVsphereVersion('v8.0')).toBeUndefined();
    expect(formatVsphereVersion({ major: 7, minor: 0, update: 3 })).toBe('7.0U3');
    expect(formatVsphereVersion({ major: 8, minor: 0, update: 0 })).toBe('8.0');
    expect(formatVsphereVersion(MIN_CNS_VSPHERE_VERSION)).toBe('6.7U3');
  });
});

describe('checkCsiCompatibility', () => {
  test.each(['1.33', '1.34', '1.35', 'v1.33.2', '1.35.0', 'v1.34'])('accepts CSI 3.7.3 with Kubernetes %s', (k8s) => {
    expect(() => checkCsiCompatibility(scope(), '3.7.3', k8s)).not.toThrow();
  });

  test.each(['6.7u3', '6.7U3', '6.7.3', '7.0', '7.0U3c', '8.0u2', '8.0.2', '9.0'])('accepts vSphere %s', (v) => {
    expect(() => checkCsiCompatibility(scope(), 'v3.7.3', '1.34', v)).not.toThrow();
  });

  test('CSI 3.7.3 with Kubernetes 1.24 fails naming path, field, value and range', () => {
    expect(() => checkCsiCompatibility(scope(), '3.7.3', '1.24')).toThrow(
      /^\[test\/Csi\] kubernetesVersion: got "1\.24", expected a Kubernetes minor from 1\.33 to 1\.35 \(supported by vSphere CSI driver 3\.7\.3\)$/,
    );
  });

  test('Kubernetes just outside the window fails', () => {
    expect(() => checkCsiCompatibility(scope(), '3.7.3', 'v1.32.9')).toThrow(
      /\[test\/Csi\] kubernetesVersion: got "v1\.32\.9", expected a Kubernetes minor from 1\.33 to 1\.35/,
    );
    expect(() => checkCsiCompatibility(scope(), '3.7.3', '1.36')).toThrow(
      /\[test\/Csi\] kubernetesVersion: got "1\.36", expected a Kubernetes minor from 1\.33 to 1\.35/,
    );
    expect(() => checkCsiCompatibility(scope(), '3.7.3', '2.34')).toThrow(
      /\[test\/Csi\] kubernetesVersion: got "2\.34", expected a Kubernetes minor from 1\.33 to 1\.35/,
    );
  });

  test('malformed Kubernetes version', () => {
    for (const bad of ['1', '1.x', 'latest', '1.33.2.1', '']) {
      expect(() => checkCsiCompatibility(scope(), '3.7.3', bad)).toThrow(
        new RegExp(
          `\\[test/Csi\\] kubernetesVersion: got "${bad.replace(/\./g, '\\.')}", expected a Kubernetes version such as "1\\.33", "1\\.33\\.2" or "v1\\.33\\.2"`,
        ),
      );
    }
  });

  test('unknown CSI version', () => {
    expect(() => checkCsiCompatibility(scope(), '2.6.0', '1.24')).toThrow(
      /^\[test\/Csi\] csiVersion: got "2\.6\.0", expected a vSphere CSI driver version whose manifest this library models: 3\.7\.3$/,
    );
    expect(() => checkCsiCompatibility(scope(), '3.8.0', '1.35')).toThrow(
      /\[test\/Csi\] csiVersion: got "3\.8\.0", expected a vSphere CSI driver version/,
    );
  });

  test('vSphere below 6.7U3 fails', () => {
    expect(() => checkCsiCompatibility(scope(), '3.7.3', '1.34', '6.7u2')).toThrow(
      /^\[test\/Csi\] vsphereVersion: got "6\.7u2", expected vSphere 6\.7U3 or later \(the minimum vCenter for CNS and vSphere CSI driver 3\.7\.3\)$/,
    );
    expect(() => checkCsiCompatibility(scope(), '3.7.3', '1.34', '6.5')).toThrow(
      /\[test\/Csi\] vsphereVersion: got "6\.5", expected vSphere 6\.7U3 or later/,
    );
    expect(() => checkCsiCompatibility(scope(), '3.7.3', '1.34', '6.7')).toThrow(
      /\[test\/Csi\] vsphereVersion: got "6\.7", expected vSphere 6\.7U3 or later/,
    );
  });

  test('malformed vSphere version', () => {
    expect(() => checkCsiCompatibility(scope(), '3.7.3', '1.34', 'vSphere 8')).toThrow(
      /\[test\/Csi\] vsphereVersion: got "vSphere 8", expected a vSphere version such as "8\.0", "8\.0u2"/,
    );
  });

  test('field names can be those of the calling construct', () => {
    expect(() => checkCsiCompatibility(scope(), '9.9.9', '1.34', undefined, { csiVersion: 'version' })).toThrow(
      /\[test\/Csi\] version: got "9\.9\.9"/,
    );
    expect(() => checkCsiCompatibility(scope(), '3.7.3', '1.30', undefined, { kubernetesVersion: 'cluster.kubernetesVersion' })).toThrow(
      /\[test\/Csi\] cluster\.kubernetesVersion: got "1\.30"/,
    );
  });

  test('property: for 3.7.3 a Kubernetes 1.x.y passes exactly when 33 <= x <= 35', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 99 }),
        fc.option(fc.integer({ min: 0, max: 30 }), { nil: undefined }),
        fc.boolean(),
        (minor, patch, v) => {
          const text = `${v ? 'v' : ''}1.${minor}${patch === undefined ? '' : `.${patch}`}`;
          let ok = true;
          try {
            checkCsiCompatibility(scope(), '3.7.3', text);
          } catch {
            ok = false;
          }
          return ok === (minor >= 33 && minor <= 35);
        },
      ),
    );
  });
});

describe('vSphere feature minimums', () => {
  test('minimums', () => {
    expect(formatVsphereVersion(vsphereFeatureMinimum('cns'))).toBe('6.7U3');
    expect(formatVsphereVersion(vsphereFeatureMinimum('file-volumes'))).toBe('7.0');
    expect(formatVsphereVersion(vsphereFeatureMinimum('online-volume-expansion'))).toBe('7.0U2');
    expect(formatVsphereVersion(vsphereFeatureMinimum('volume-snapshots'))).toBe('7.0U3');
    expect(formatVsphereVersion(vsphereFeatureMinimum('high-pv-node-density'))).toBe('8.0');
    expect(formatVsphereVersion(vsphereFeatureMinimum('vsan-max-file-volumes'))).toBe('8.0U3');
  });

  test.each([
    ['cns', '6.7u3', true],
    ['cns', '6.7u2', false],
    ['file-volumes', '6.7u3', false],
    ['file-volumes', '7.0', true],
    ['online-volume-expansion', '7.0u1', false],
    ['online-volume-expansion', '7.0u2', true],
    ['volume-snapshots', '7.0u2', false],
    ['volume-snapshots', '7.0.3', true],
    ['volume-snapshots', '8.0', true],
    ['high-pv-node-density', '7.0u3', false],
    ['high-pv-node-density', '8.0', true],
    ['vsan-max-file-volumes', '8.0u2', false],
    ['vsan-max-file-volumes', '8.0U3', true],
  ] as const)('vsphereSupports(%s, %s) = %s', (feature, version, expected) => {
    expect(vsphereSupports(feature, version)).toBe(expected);
  });

  test('vsphereSupports rejects bad input', () => {
    expect(() => vsphereSupports('snapshots' as any, '8.0')).toThrow(
      /\[vsphereFeatureMinimum\] feature: got "snapshots", expected one of cns, file-volumes/,
    );
    expect(() => vsphereSupports('cns', 'eight')).toThrow(/\[vsphereSupports\] vsphereVersion: got "eight", expected a vSphere version/);
  });

  test('requireVsphereFeature', () => {
    expect(() => requireVsphereFeature(scope(), 'vsphereVersion', 'volume-snapshots', '7.0u3')).not.toThrow();
    expect(() => requireVsphereFeature(scope(), 'vsphereVersion', 'volume-snapshots', '7.0u2')).toThrow(
      /^\[test\/Csi\] vsphereVersion: got "7\.0u2", expected vSphere 7\.0U3 or later \(needed for volume-snapshots\)$/,
    );
    expect(() => requireVsphereFeature(scope(), 'vsphere', 'file-volumes', 'x')).toThrow(
      /\[test\/Csi\] vsphere: got "x", expected a vSphere version/,
    );
  });
});
