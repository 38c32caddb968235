import { VsphereCredentials } from '../../lib/vsphere/credentials';
import {
  ClusterId,
  CsiConfigCredentialsRendering,
  CsiConfigProps,
  NetPermissionAccess,
  renderCsiConfig,
  validateCsiConfig,
} from '../../lib/vsphere/csi-config';
import { gcfgValue, parseGcfg } from './gcfg-parser';

const VC = { server: 'vc.example.com', datacenters: ['dc1', 'folder/dc2'] };

function props(p: Partial<CsiConfigProps> = {}): CsiConfigProps {
  return { vcenters: [VC], clusterId: ClusterId.of('prod-east'), credentials: VsphereCredentials.fromDeployTimeSecrets(), ...p };
}

function render(p: Partial<CsiConfigProps> = {}, rendering = CsiConfigCredentialsRendering.VALUES): string {
  return renderCsiConfig('T', validateCsiConfig('T', props(p)), rendering);
}

describe('ClusterId', () => {
  test('explicit and generated', () => {
    expect(ClusterId.of('prod-east').value).toBe('prod-east');
    expect(ClusterId.of('a'.repeat(64)).isGenerated).toBe(false);
    expect(ClusterId.generatedByDriver().isGenerated).toBe(true);
    expect(ClusterId.generatedByDriver().value).toBeUndefined();
  });

  test('a 65-character cluster-id fails', () => {
    const id = 'a'.repeat(65);
    expect(() => ClusterId.of(id)).toThrow(
      new RegExp(`\\[ClusterId\\.of\\] id: got "${id}", expected a cluster id of at most 64 characters`),
    );
  });

  test('an empty or padded cluster-id fails; a newline fails', () => {
    expect(() => ClusterId.of('')).toThrow(
      /\[ClusterId\.of\] id: got "", expected a non-empty cluster id without leading\/trailing spaces/,
    );
    expect(() => ClusterId.of(' x')).toThrow(/\[ClusterId\.of\] id: got " x", expected a non-empty cluster id/);
    expect(() => ClusterId.of('a\nb')).toThrow(/\[ClusterId\.of\] id: got "a\\nb", expected a cluster id without control characters/);
  });
});

describe('csi-vsphere.conf rendering', () => {
  test('all sections, in order, every value quoted; NetPermissions sorted by name', () => {
    const text = render({
      vcenters: [
        { server: 'vc.example.com', datacenters: ['dc1', 'folder/dc2'], thumbprint: Array(32).fill('ff').join(':') },
        { server: '10.0.0.2', datacenters: ['dc3'], port: 8443, insecure: true },
      ],
      topologyCategories: ['k8s-region', 'k8s-zone'],
      netPermissions: [
        { name: 'z-readonly', ips: '10.20.0.0/16', permissions: NetPermissionAccess.READ_ONLY, rootSquash: true },
        { name: 'a-all', ips: '10.0.0.1-10.0.0.9' },
      ],
      snapshot: { globalMaxSnapshotsPerBlockVolume: 5, granularMaxSnapshotsPerBlockVolumeVsan: 10 },
      clusterDistribution: 'vanilla',
    });
    expect(text).toBe(
      [
        '[Global]',
        'cluster-id = "prod-east"',
        'cluster-distribution = "vanilla"',
        '',
        '[VirtualCenter "vc.example.com"]',
        'insecure-flag = "false"',
        'user = "${secret:vsphere-username:gcfg}"',
        'password = "${secret:vsphere-password:gcfg}"',
        'port = "443"',
        'datacenters = "dc1,folder/dc2"',
        `thumbprint = "${Array(32).fill('ff').join(':')}"`,
        '',
        '[VirtualCenter "10.0.0.2"]',
        'insecure-flag = "true"',
        'user = "${secret:vsphere-username:gcfg}"',
        'password = "${secret:vsphere-password:gcfg}"',
        'port = "8443"',
        'datacenters = "dc3"',
        '',
        '[Labels]',
        'topology-categories = "k8s-region,k8s-zone"',
        '',
        '[NetPermissions "a-all"]',
        'ips = "10.0.0.1-10.0.0.9"',
        'permissions = "READ_WRITE"',
        'rootsquash = "false"',
        '',
        '[NetPermissions "z-readonly"]',
        'ips = "10.20.0.0/16"',
        'permissions = "READ_ONLY"',
        'rootsquash = "true"',
        '',
        '[Snapshot]',
        'global-max-snapshots-per-block-volume = "5"',
        'granular-max-snapshots-per-block-volume-vsan = "10"',
        '',
      ].join('\n'),
    );
    // what the driver's gcfg reader would see
    const data = parseGcfg(text);
    expect(gcfgValue(data, 'virtualcenter', '10.0.0.2', 'port')).toBe('8443');
    expect(gcfgValue(data, 'labels', '', 'topology-categories')).toBe('k8s-region,k8s-zone');
  });

  test('a generated cluster id leaves cluster-id out and says so in a comment', () => {
    const text = render({ clusterId: ClusterId.generatedByDriver() });
    expect(
      text.startsWith(
        '; cluster-id is not set: the driver generates one and keeps it in ConfigMap vsphere-csi-cluster-id\n[Global]\n\n[VirtualCenter',
      ),
    ).toBe(true);
    expect(parseGcfg(text).get('global')!.get('')!.size).toBe(0);
  });

  test('plaintext DOMAIN\\user and a tricky password are escaped; template rendering writes markers', () => {
    const credentials = VsphereCredentials.unsafePlainText({ username: 'CORP\\svc', password: 'a"b\\c;d#e' });
    const data = parseGcfg(render({ credentials }));
    expect(gcfgValue(data, 'VirtualCenter', 'vc.example.com', 'user')).toBe('CORP\\svc');
    expect(gcfgValue(data, 'VirtualCenter', 'vc.example.com', 'password')).toBe('a"b\\c;d#e');
    const template = render({ credentials: VsphereCredentials.fromExistingSecret() }, CsiConfigCredentialsRendering.TEMPLATE_MARKERS);
    expect(template).toContain('user = "${VSPHERE_USERNAME}"\npassword = "${VSPHERE_PASSWORD}"\n');
  });

  test('deprecated zone/region labels', () => {
    const data = parseGcfg(render({ zoneCategory: 'k8s-zone', regionCategory: 'k8s-region' }));
    expect(gcfgValue(data, 'Labels', '', 'zone')).toBe('k8s-zone');
    expect(gcfgValue(data, 'Labels', '', 'region')).toBe('k8s-region');
  });
});

describe('csi-vsphere.conf validation (driver start-up checks)', () => {
  const v = (p: Partial<CsiConfigProps>) => () => validateCsiConfig('test/Csi', props(p));

  test('6 vCenters fail', () => {
    const vcenters = Array.from({ length: 6 }, (_, i) => ({ server: `vc${i}.example.com`, datacenters: ['dc'] }));
    expect(v({ vcenters, topologyCategories: ['zone'] })).toThrow(
      /\[test\/Csi\] vcenters: got \["vc0\.example\.com","vc1\.example\.com","vc2\.example\.com","vc3\.example\.com","vc4\.example\.com","vc5\.example\.com"\], expected at most 5 vCenters/,
    );
  });

  test('2 vCenters without topology categories fail', () => {
    const vcenters = [VC, { server: 'vc2.example.com', datacenters: ['dc'] }];
    expect(v({ vcenters })).toThrow(
      /\[test\/Csi\] topologyCategories: got undefined, expected at least one tag category when more than one vCenter is configured \(got 2 vCenters\)/,
    );
    expect(v({ vcenters, topologyCategories: ['k8s-zone'] })).not.toThrow();
  });

  test('topology categories combined with zone/region fail', () => {
    expect(v({ topologyCategories: ['k8s-zone'], zoneCategory: 'k8s-zone' })).toThrow(
      /\[test\/Csi\] zoneCategory: got "k8s-zone", expected no deprecated zone\/region category when topologyCategories is set/,
    );
  });

  test('more than 5 or duplicate or bad topology categories fail', () => {
    expect(v({ topologyCategories: ['a', 'b', 'c', 'd', 'e', 'f'] })).toThrow(
      /\[test\/Csi\] topologyCategories: got \["a","b","c","d","e","f"\], expected at most 5 tag categories/,
    );
    expect(v({ topologyCategories: ['a', 'a'] })).toThrow(
      /\[test\/Csi\] topologyCategories\[1\]: got "a", expected a tag category not already listed/,
    );
    expect(v({ topologyCategories: ['a,b'] })).toThrow(
      /\[test\/Csi\] topologyCategories\[0\]: got "a,b", expected a vSphere tag category name without commas/,
    );
  });

  test('bad NetPermissions fail', () => {
    expect(v({ netPermissions: [{ name: 'n', permissions: 'READ_EXECUTE' as NetPermissionAccess }] })).toThrow(
      /\[test\/Csi\] netPermissions\[0\]\.permissions: got "READ_EXECUTE", expected one of READ_WRITE, READ_ONLY, NO_ACCESS/,
    );
    expect(v({ netPermissions: [{ name: 'n', ips: '10.0.0.0/33' }] })).toThrow(
      /\[test\/Csi\] netPermissions\[0\]\.ips: got "10\.0\.0\.0\/33", expected a prefix length from 0 to 32/,
    );
    expect(v({ netPermissions: [{ name: 'n' }, { name: 'n' }] })).toThrow(
      /\[test\/Csi\] netPermissions\[1\]\.name: got "n", expected a name not already used by netPermissions\[0\]/,
    );
    expect(v({ netPermissions: [{ name: '' }] })).toThrow(
      /\[test\/Csi\] netPermissions\[0\]\.name: got "", expected a non-empty section name/,
    );
    expect(v({ netPermissions: [{ name: 'n', rootSquash: 'yes' as unknown as boolean }] })).toThrow(
      /\[test\/Csi\] netPermissions\[0\]\.rootSquash: got "yes", expected a boolean/,
    );
  });

  test('bad snapshot limits fail', () => {
    expect(v({ snapshot: { globalMaxSnapshotsPerBlockVolume: 0 } })).toThrow(
      /\[test\/Csi\] snapshot\.globalMaxSnapshotsPerBlockVolume: got 0, expected an integer of at least 1/,
    );
    expect(v({ snapshot: { granularMaxSnapshotsPerBlockVolumeVvol: -1 } })).toThrow(
      /\[test\/Csi\] snapshot\.granularMaxSnapshotsPerBlockVolumeVvol: got -1, expected an integer of at least 0/,
    );
  });

  test('a too long cluster distribution fails', () => {
    expect(v({ clusterDistribution: 'x'.repeat(129) })).toThrow(
      /\[test\/Csi\] clusterDistribution: got "x+", expected a distribution name of 1 to 128 characters/,
    );
  });

  test('a missing cluster id fails', () => {
    expect(v({ clusterId: 'prod' as unknown as ClusterId })).toThrow(
      /\[test\/Csi\] clusterId: got "prod", expected a ClusterId: ClusterId\.of\("<unique per vCenter>"\) or ClusterId\.generatedByDriver\(\)/,
    );
  });
});

describe('NetPermissions ips keep the specific reason', () => {
  test('a reversed range says the start is after the end', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { validateNetPermission } = require('../../lib/vsphere/csi-config');
    expect(() => validateNetPermission('test/Csi', 'netPermissions[0]', { name: 'n', ips: '10.0.0.9-10.0.0.1' })).toThrow(
      '[test/Csi] netPermissions[0].ips: got "10.0.0.9-10.0.0.1", expected a range whose start is not after its end',
    );
    expect(() => validateNetPermission('test/Csi', 'netPermissions[0]', { name: 'n', ips: 'everyone' })).toThrow(
      '[test/Csi] netPermissions[0].ips: got "everyone", expected "*", an IP address, a range "<start IP>-<end IP>" or a CIDR',
    );
  });
});
