import { execFileSync, spawnSync } from 'child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { Chart, Testing, Yaml } from 'cdk8s';
import { ExtraFile } from '../../lib/core/extra-file';
import { nonTlsWarnings } from '../helpers';
import { CloudControllerManager } from '../../lib/vsphere/cloud-controller-manager';
import {
  CREATE_SECRETS_SCRIPT_PATH,
  CSI_CONFIG_TEMPLATE_PATH,
  VsphereCredentials,
  VsphereCredentialsMode,
} from '../../lib/vsphere/credentials';
import { ClusterId } from '../../lib/vsphere/csi-config';
import { CsiDriver } from '../../lib/vsphere/csi-driver';
import { findObject, synthValid } from '../helpers';
import { gcfgValue, parseGcfg } from './gcfg-parser';

process.env.VSPHERE_K8S_SILENCE_WARNINGS = '1';

const VC = { server: 'vc.example.com', datacenters: ['dc1'] };
const TRICKY = 'p;a#s"s\\w\tord \'$(x)` ü€😀 ';

function stack(credentials?: VsphereCredentials): Chart {
  const chart = Testing.chart();
  const ccm = new CloudControllerManager(chart, 'Ccm', { vcenters: [VC], kubernetesVersion: '1.33', credentials });
  new CsiDriver(chart, 'Csi', {
    vcenters: [VC],
    kubernetesVersion: '1.33',
    clusterId: ClusterId.of('prod-east'),
    credentials,
    cloudControllerManager: ccm,
  });
  return chart;
}

function extras(chart: Chart): Map<string, ExtraFile> {
  return new Map(ExtraFile.collect(chart.node.root as Chart).map((f) => [f.path, f]));
}

describe('VsphereCredentials factories', () => {
  test('fromExistingSecret holds no values', () => {
    const c = VsphereCredentials.fromExistingSecret();
    expect(c.mode).toBe(VsphereCredentialsMode.EXISTING_SECRET);
    expect(c.rendersSecrets).toBe(false);
    expect(c.username).toBeUndefined();
    expect(c.password).toBeUndefined();
  });

  test('fromDeployTimeSecrets uses placeholders with default and custom keys', () => {
    const c = VsphereCredentials.fromDeployTimeSecrets();
    expect(c.mode).toBe(VsphereCredentialsMode.DEPLOY_TIME);
    expect(c.username!.render('raw')).toBe('${secret:vsphere-username:raw}');
    expect(c.password!.render('gcfg')).toBe('${secret:vsphere-password:gcfg}');
    const d = VsphereCredentials.fromDeployTimeSecrets({ usernameKey: 'u', passwordKey: 'p' });
    expect(d.password!.render('raw')).toBe('${secret:p:raw}');
  });

  test('fromDeployTimeSecrets rejects the same key twice', () => {
    expect(() => VsphereCredentials.fromDeployTimeSecrets({ usernameKey: 'k', passwordKey: 'k' })).toThrow(
      /\[VsphereCredentials\.fromDeployTimeSecrets\] passwordKey: got "k", expected a deploy-time key different from usernameKey/,
    );
  });

  test('unsafePlainText accepts user@domain and DOMAIN\\user', () => {
    expect(VsphereCredentials.unsafePlainText({ username: 'administrator@vsphere.local', password: 'x' }).username!.unsafeUnwrap()).toBe(
      'administrator@vsphere.local',
    );
    expect(VsphereCredentials.unsafePlainText({ username: 'CORP\\svc-k8s', password: 'x' }).mode).toBe(VsphereCredentialsMode.PLAIN_TEXT);
  });

  test('a user without a domain fails', () => {
    expect(() => VsphereCredentials.unsafePlainText({ username: 'administrator', password: 'x' })).toThrow(
      /\[VsphereCredentials\.unsafePlainText\] username: got "administrator", expected a vCenter user with a domain: user@domain \(e\.g\. administrator@vsphere\.local\) or DOMAIN\\user/,
    );
  });

  test('a newline in a password fails, without echoing the password', () => {
    let message = '';
    try {
      VsphereCredentials.unsafePlainText({ username: 'a@b', password: 'hunter\n2' });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toBe(
      '[VsphereCredentials.unsafePlainText] password: got "<redacted: contains the control character U+000A at index 6>", expected a password without line breaks, other control characters (tab is allowed) or unpaired surrogates',
    );
  });

  test('an empty password fails', () => {
    expect(() => VsphereCredentials.unsafePlainText({ username: 'a@b', password: '' })).toThrow(
      /\[VsphereCredentials\.unsafePlainText\] password: got "<redacted>", expected a non-empty string/,
    );
  });
});

describe('form (a): existing Secret (default)', () => {
  test('no Secret objects and no credentials in the manifests; script and template emitted instead', () => {
    const chart = stack();
    const objects = synthValid(chart);
    expect(objects.filter((o) => o.kind === 'Secret')).toEqual([]);
    const ccmConfig = findObject(objects, 'ConfigMap', 'vsphere-cloud-config', 'kube-system');
    expect(ccmConfig.data['vsphere.conf']).toContain('secretName: vsphere-cloud-secret');
    const files = extras(chart);
    expect([...files.keys()]).toEqual([CREATE_SECRETS_SCRIPT_PATH, CSI_CONFIG_TEMPLATE_PATH]);
    const script = files.get(CREATE_SECRETS_SCRIPT_PATH)!.content;
    expect(script).toContain(
      [
        "kubectl create secret generic 'vsphere-cloud-secret' --namespace='kube-system' \\",
        '  --from-file=\'vc.example.com.username\'="$ccm_tmp/username" \\',
        '  --from-file=\'vc.example.com.password\'="$ccm_tmp/password" \\',
      ].join('\n'),
    );
    expect(script).toContain(
      "kubectl create secret generic 'vsphere-config-secret' --namespace='vmware-system-csi' --from-file='csi-vsphere.conf'=\"$tmp/csi-vsphere.conf\"",
    );
    const template = files.get(CSI_CONFIG_TEMPLATE_PATH)!.content;
    expect(template).toBe(
      [
        '[Global]',
        'cluster-id = "prod-east"',
        '',
        '[VirtualCenter "vc.example.com"]',
        'insecure-flag = "false"',
        'user = "${VSPHERE_USERNAME}"',
        'password = "${VSPHERE_PASSWORD}"',
        'port = "443"',
        'datacenters = "dc1"',
        '',
      ].join('\n'),
    );
    expect(files.get(CREATE_SECRETS_SCRIPT_PATH)!.sensitive).toBe(false);
    expect(nonTlsWarnings(chart)).toEqual([]);
  });

  describe('the script, run with a stand-in kubectl', () => {
    let dir: string;
    beforeEach(() => {
      dir = mkdtempSync(path.join(tmpdir(), 'vsphere-secrets-'));
      const files = extras(stack());
      for (const f of files.values()) writeFileSync(path.join(dir, path.basename(f.path)), f.content);
      // a kubectl that records its arguments and captures --from-file / --from-literal contents
      writeFileSync(
        path.join(dir, 'kubectl'),
        [
          '#!/bin/sh',
          'printf "%s\\n" "$*" >> "$OUT/log"',
          'for a in "$@"; do',
          '  case "$a" in',
          '    --from-file=*) f=${a#--from-file=}; cp "${f#*=}" "$OUT/file-${f%%=*}" ;;',
          '    --from-literal=*) printf "%s\\n" "${a#--from-literal=}" >> "$OUT/literals" ;;',
          '  esac',
          'done',
          'if [ "$1" = apply ]; then cat > /dev/null; fi',
        ].join('\n'),
      );
      chmodSync(path.join(dir, 'kubectl'), 0o755);
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    function run(env: Record<string, string>): { status: number | null; stderr: string } {
      const r = spawnSync('sh', [path.join(dir, 'create-secrets.sh')], {
        env: { PATH: `${dir}:${process.env.PATH}`, OUT: dir, ...env },
        encoding: 'utf8',
      });
      return { status: r.status, stderr: r.stderr };
    }

    test('creates both Secrets; a password with ; # " \\ tab spaces and unicode reaches the driver unchanged', () => {
      const r = run({ VSPHERE_USERNAME: 'CORP\\svc-k8s', VSPHERE_PASSWORD: TRICKY });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      // the credentials never appear on kubectl's command line (other users could read them in the process list)
      expect(existsSync(path.join(dir, 'literals'))).toBe(false);
      expect(readFileSync(path.join(dir, 'file-vc.example.com.username'), 'utf8')).toBe('CORP\\svc-k8s');
      expect(readFileSync(path.join(dir, 'file-vc.example.com.password'), 'utf8')).toBe(TRICKY);
      expect(readFileSync(path.join(dir, 'log'), 'utf8')).not.toContain(TRICKY);
      const conf = parseGcfg(readFileSync(path.join(dir, 'file-csi-vsphere.conf'), 'utf8'));
      expect(gcfgValue(conf, 'VirtualCenter', 'vc.example.com', 'password')).toBe(TRICKY);
      expect(gcfgValue(conf, 'VirtualCenter', 'vc.example.com', 'user')).toBe('CORP\\svc-k8s');
      expect(gcfgValue(conf, 'Global', '', 'cluster-id')).toBe('prod-east');
      const log = readFileSync(path.join(dir, 'log'), 'utf8');
      expect(log).toContain('get namespace vmware-system-csi');
      expect(log).toContain('apply --server-side --field-manager=vsphere-k8s-constructs -f -');
    });

    test('refuses a user without a domain and a password with a newline', () => {
      expect(run({ VSPHERE_USERNAME: 'admin', VSPHERE_PASSWORD: 'x' })).toEqual({
        status: 1,
        stderr: 'VSPHERE_USERNAME must be user@domain or DOMAIN\\user\n',
      });
      expect(run({ VSPHERE_USERNAME: 'a@b', VSPHERE_PASSWORD: 'x\ny' })).toEqual({
        status: 1,
        stderr: 'VSPHERE_PASSWORD must not contain line breaks\n',
      });
    });

    test('refuses to run without the environment variables', () => {
      const r = run({});
      expect(r.status).not.toBe(0);
      expect(r.stderr).toMatch(/VSPHERE_USERNAME/);
    });
  });

  test('the script is one per App: CCM commands come first even when the CSI driver is created first', () => {
    const chart = Testing.chart();
    new CsiDriver(chart, 'Csi', { vcenters: [VC], kubernetesVersion: '1.33', clusterId: ClusterId.generatedByDriver() });
    new CloudControllerManager(chart, 'Ccm', { vcenters: [VC], kubernetesVersion: '1.33' });
    const script = extras(chart).get(CREATE_SECRETS_SCRIPT_PATH)!.content;
    expect(script.indexOf('vsphere-cloud-secret')).toBeGreaterThan(0);
    expect(script.indexOf('vsphere-cloud-secret')).toBeLessThan(script.indexOf('vsphere-config-secret'));
    expect(() => execFileSync('sh', ['-n'], { input: script })).not.toThrow();
  });
});

describe('form (b): deploy-time secrets', () => {
  test('Secrets are emitted with placeholders only; no extra files; no warning', () => {
    const chart = stack(VsphereCredentials.fromDeployTimeSecrets());
    const objects = synthValid(chart);
    const ccmSecret = findObject(objects, 'Secret', 'vsphere-cloud-secret', 'kube-system');
    expect(ccmSecret.stringData).toEqual({
      'vc.example.com.username': '${secret:vsphere-username:raw}',
      'vc.example.com.password': '${secret:vsphere-password:raw}',
    });
    const csiSecret = findObject(objects, 'Secret', 'vsphere-config-secret', 'vmware-system-csi');
    const conf = parseGcfg(csiSecret.stringData['csi-vsphere.conf']);
    expect(gcfgValue(conf, 'VirtualCenter', 'vc.example.com', 'user')).toBe('${secret:vsphere-username:gcfg}');
    expect(gcfgValue(conf, 'VirtualCenter', 'vc.example.com', 'password')).toBe('${secret:vsphere-password:gcfg}');
    expect(extras(chart).size).toBe(0);
    expect(nonTlsWarnings(chart)).toEqual([]);
  });
});

describe('form (c): explicit plaintext', () => {
  test('values are rendered (gcfg-escaped in the CSI file) and both constructs warn', () => {
    const chart = stack(VsphereCredentials.unsafePlainText({ username: 'CORP\\svc-k8s', password: TRICKY }));
    const objects = synthValid(chart);
    expect(findObject(objects, 'Secret', 'vsphere-cloud-secret', 'kube-system').stringData['vc.example.com.password']).toBe(TRICKY);
    const conf = parseGcfg(findObject(objects, 'Secret', 'vsphere-config-secret', 'vmware-system-csi').stringData['csi-vsphere.conf']);
    expect(gcfgValue(conf, 'VirtualCenter', 'vc.example.com', 'password')).toBe(TRICKY);
    expect(nonTlsWarnings(chart)).toEqual([
      '[test/Ccm] the vCenter password is rendered in plaintext into Secret kube-system/vsphere-cloud-secret (VsphereCredentials.unsafePlainText); treat the synthesized YAML as a secret',
      '[test/Csi] the vCenter password is rendered in plaintext into Secret vmware-system-csi/vsphere-config-secret (VsphereCredentials.unsafePlainText); treat the synthesized YAML as a secret',
    ]);
  });
});

test('reviewable YAML never contains the password unless form (c) is chosen', () => {
  const password = 'S3cr3t-Pa55';
  for (const credentials of [undefined, VsphereCredentials.fromExistingSecret(), VsphereCredentials.fromDeployTimeSecrets()]) {
    const chart = stack(credentials);
    const yaml = Yaml.stringify(...synthValid(chart));
    expect(yaml).not.toContain(password);
    // every line that carries a password carries only the deploy-time placeholder
    for (const line of yaml.split('\n').filter((l) => /password/i.test(l))) {
      expect(line).toMatch(
        /^\s*(vc\.example\.com\.password: \$\{secret:vsphere-password:raw\}|password = "\$\{secret:vsphere-password:gcfg\}")$/,
      );
    }
  }
  const plain = Yaml.stringify(...synthValid(stack(VsphereCredentials.unsafePlainText({ username: 'a@b', password }))));
  expect(plain).toContain(password);
});
