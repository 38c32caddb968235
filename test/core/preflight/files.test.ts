import { FileRequirement, preflight, PreflightFinding, PreflightOptions } from '../../../lib/core/preflight';
import { configMap, cronJob, daemonSet, deployment, J, pod, secret } from './fixtures';

function files(objects: J[], reqs: FileRequirement[] = [], cluster: PreflightOptions['cluster'] = {}): PreflightFinding[] {
  return preflight(objects, { cluster, files: reqs, skip: ['pod-security', 'scheduling', 'crds', 'references'] });
}

const NS = 'vmware-system-csi';
const req = (path: string, container = 'ctrl', name = 'csi'): FileRequirement => ({
  workload: { kind: 'Deployment', namespace: NS, name },
  container,
  path,
  reason: 'vsphere.conf global.caFile',
});
const csi = (volumes: J[], mounts: J[], extra: J = {}): J =>
  deployment('csi', NS, Object.assign({ containers: [{ name: 'ctrl', image: 'x', volumeMounts: mounts }], volumes }, extra));
const ID = 'apps/v1 Deployment vmware-system-csi/csi';

describe('files: declared file requirements', () => {
  test('a Secret key mounted at a directory: found', () => {
    const objs = [
      secret('vsphere-config', NS, { 'ca.crt': 'x' }),
      csi([{ name: 'cfg', secret: { secretName: 'vsphere-config' } }], [{ name: 'cfg', mountPath: '/etc/cloud/' }]),
    ];
    expect(files(objs, [req('/etc/cloud/ca.crt')])).toEqual([]);
  });

  test('the key is missing: error naming workload, container, path, reason and the keys there are', () => {
    const objs = [
      secret('vsphere-config', NS, { 'csi-vsphere.conf': 'x' }),
      csi([{ name: 'cfg', secret: { secretName: 'vsphere-config' } }], [{ name: 'cfg', mountPath: '/etc/cloud' }]),
    ];
    expect(files(objs, [req('/etc/cloud/ca.crt')])).toEqual([
      {
        severity: 'error',
        check: 'files',
        object: ID,
        path: '/spec/template/spec/volumes/0/secret',
        message:
          '/etc/cloud/ca.crt (vsphere.conf global.caFile) read by container "ctrl": Secret vmware-system-csi/vsphere-config (from the stack) has no key "ca.crt" (keys: csi-vsphere.conf)',
      },
    ]);
  });

  test('no mount covers the path (segment-wise prefix): error', () => {
    const objs = [
      configMap('c', NS, { 'ca.crt': 'x' }),
      csi([{ name: 'cfg', configMap: { name: 'c' } }], [{ name: 'cfg', mountPath: '/etc/cl' }]),
    ];
    expect(files(objs, [req('/etc/cloud/ca.crt')])).toEqual([
      expect.objectContaining({
        path: '/spec/template/spec/containers/0/volumeMounts',
        message: expect.stringContaining('no volumeMount covers /etc/cloud/ca.crt (mounts: /etc/cl)'),
      }),
    ]);
  });

  test('the longest mount wins', () => {
    const objs = [
      configMap('outer', NS, {}),
      configMap('inner', NS, { 'ca.crt': 'x' }),
      csi(
        [
          { name: 'outer', configMap: { name: 'outer' } },
          { name: 'inner', configMap: { name: 'inner' } },
        ],
        [
          { name: 'outer', mountPath: '/etc' },
          { name: 'inner', mountPath: '/etc/cloud' },
        ],
      ),
    ];
    expect(files(objs, [req('/etc/cloud/ca.crt')])).toEqual([]);
  });

  test('subPath: the mount is the file itself', () => {
    const vol = [{ name: 'cfg', configMap: { name: 'c' } }];
    const mounts = [{ name: 'cfg', mountPath: '/etc/cloud/ca.crt', subPath: 'ca.crt' }];
    expect(files([configMap('c', NS, { 'ca.crt': 'x' }), csi(vol, mounts)], [req('/etc/cloud/ca.crt')])).toEqual([]);
    expect(files([configMap('c', NS, { 'ca.pem': 'x' }), csi(vol, mounts)], [req('/etc/cloud/ca.crt')])[0].message).toContain(
      'has no key "ca.crt"',
    );
  });

  test('a path that is the volume root (a directory) is an error', () => {
    const objs = [
      configMap('c', NS, { 'ca.crt': 'x' }),
      csi([{ name: 'cfg', configMap: { name: 'c' } }], [{ name: 'cfg', mountPath: '/etc/cloud' }]),
    ];
    expect(files(objs, [req('/etc/cloud')])[0].message).toContain('is the root of volume "cfg"');
  });

  test('items map keys to paths', () => {
    const vol = [{ name: 'cfg', configMap: { name: 'c', items: [{ key: 'root-ca', path: 'certs/ca.crt' }] } }];
    const mounts = [{ name: 'cfg', mountPath: '/etc/cloud' }];
    expect(files([configMap('c', NS, { 'root-ca': 'x' }), csi(vol, mounts)], [req('/etc/cloud/certs/ca.crt')])).toEqual([]);
    expect(files([configMap('c', NS, { 'root-ca': 'x' }), csi(vol, mounts)], [req('/etc/cloud/ca.crt')])[0].message).toContain(
      'mounted with items that do not map any key to ca.crt (items: root-ca→certs/ca.crt)',
    );
  });

  test('the ConfigMap is not emitted: error; declared external (with or without keys): checked accordingly', () => {
    const objs = [csi([{ name: 'cfg', secret: { secretName: 'vsphere-config' } }], [{ name: 'cfg', mountPath: '/etc/cloud' }])];
    const found = files(objs, [req('/etc/cloud/ca.crt')]);
    expect(found.map((f) => f.message)).toEqual([
      expect.stringContaining(
        'volume "cfg": Secret vmware-system-csi/vsphere-config is neither emitted by the stack nor declared in cluster.externalObjects; the pod would stay ContainerCreating',
      ),
      expect.stringContaining(
        '/etc/cloud/ca.crt (vsphere.conf global.caFile) read by container "ctrl": Secret vmware-system-csi/vsphere-config is neither emitted',
      ),
    ]);
    const ext = (keys?: string[]): PreflightOptions['cluster'] => ({
      externalObjects: [
        { apiVersion: 'v1', kind: 'Secret', namespace: NS, name: 'vsphere-config', keys, providedBy: 'scripts/create-secrets.sh' },
      ],
    });
    expect(files(objs, [req('/etc/cloud/ca.crt')], ext())).toEqual([]);
    expect(files(objs, [req('/etc/cloud/ca.crt')], ext(['ca.crt']))).toEqual([]);
    expect(files(objs, [req('/etc/cloud/ca.crt')], ext(['csi-vsphere.conf']))[0].message).toContain(
      '(from scripts/create-secrets.sh) has no key "ca.crt"',
    );
  });

  test('optional: true sources count as missing for a required file', () => {
    const objs = [csi([{ name: 'cfg', secret: { secretName: 'nope', optional: true } }], [{ name: 'cfg', mountPath: '/etc/cloud' }])];
    expect(files(objs)).toEqual([]);
    expect(files(objs, [req('/etc/cloud/ca.crt')])[0].message).toContain('optional: true, so the pod starts without the file');
  });

  test('projected volumes: any source that provides the file', () => {
    const vol = [
      {
        name: 'p',
        projected: {
          sources: [
            { configMap: { name: 'a' } },
            { secret: { name: 'b', items: [{ key: 'k', path: 'tls/ca.crt' }] } },
            { serviceAccountToken: { path: 'token' } },
            { downwardAPI: { items: [{ path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } }] } },
          ],
        },
      },
    ];
    const objs = [configMap('a', NS, { 'x.conf': '' }), secret('b', NS, { k: '' }), csi(vol, [{ name: 'p', mountPath: '/p' }])];
    expect(files(objs, [req('/p/x.conf'), req('/p/tls/ca.crt'), req('/p/token'), req('/p/labels')])).toEqual([]);
    const found = files(objs, [req('/p/missing.conf')]);
    expect(found).toEqual([
      expect.objectContaining({
        path: '/spec/template/spec/volumes/0/projected/sources',
        message: expect.stringContaining('no source of projected volume "p" provides missing.conf'),
      }),
    ]);
  });

  test('hostPath is assumed present (info); emptyDir is an error unless an init container fills it (warning); others are info', () => {
    const hp = csi([{ name: 'h', hostPath: { path: '/etc/kubernetes' } }], [{ name: 'h', mountPath: '/etc/kubernetes' }]);
    expect(files([hp], [req('/etc/kubernetes/admin.conf')])).toEqual([
      expect.objectContaining({ severity: 'info', path: '/spec/template/spec/volumes/0/hostPath' }),
    ]);
    const ed = csi([{ name: 'e', emptyDir: {} }], [{ name: 'e', mountPath: '/work' }]);
    expect(files([ed], [req('/work/a')])).toEqual([
      expect.objectContaining({ severity: 'error', message: expect.stringContaining('no init container writes to it') }),
    ]);
    ed.spec.template.spec.initContainers = [{ name: 'fill', image: 'x', volumeMounts: [{ name: 'e', mountPath: '/out' }] }];
    expect(files([ed], [req('/work/a')])).toEqual([
      expect.objectContaining({ severity: 'warning', message: expect.stringContaining('init container(s) fill write a') }),
    ]);
    const pvc = csi([{ name: 'd', persistentVolumeClaim: { claimName: 'data' } }], [{ name: 'd', mountPath: '/data' }]);
    expect(files([pvc], [req('/data/x')])).toEqual([
      expect.objectContaining({ severity: 'info', message: expect.stringContaining('persistentVolumeClaim volume is not known offline') }),
    ]);
  });

  test('unknown workload or container: error', () => {
    expect(files([], [req('/a/b')])).toEqual([
      expect.objectContaining({
        object: 'apps/v1 Deployment vmware-system-csi/csi',
        message: expect.stringContaining('the workload is not among the objects'),
      }),
    ]);
    expect(files([csi([], [])], [req('/a/b', 'sidecar')])[0].message).toContain('the pod has no container "sidecar"');
  });

  test('init containers can hold requirements; subPathExpr is info', () => {
    const d = csi([{ name: 'c', configMap: { name: 'c' } }], []);
    d.spec.template.spec.initContainers = [{ name: 'init', image: 'x', volumeMounts: [{ name: 'c', mountPath: '/cfg' }] }];
    expect(files([configMap('c', NS, { a: '' }), d], [req('/cfg/a', 'init')])).toEqual([]);
    const e = csi([{ name: 'c', configMap: { name: 'c' } }], [{ name: 'c', mountPath: '/cfg', subPathExpr: '$(POD)' }]);
    expect(files([configMap('c', NS, { a: '' }), e], [req('/cfg/a')])).toEqual([expect.objectContaining({ severity: 'info' })]);
  });
});

describe('files: ConfigMap/Secret references of every pod template', () => {
  test.each([
    ['DaemonSet', (spec: J) => daemonSet('w', 'ns', spec), '/spec/template/spec'],
    ['Pod', (spec: J) => pod('w', 'ns', spec), '/spec'],
    ['CronJob', (spec: J) => cronJob('w', 'ns', spec), '/spec/jobTemplate/spec/template/spec'],
  ])('%s: a volume referencing a missing ConfigMap is an error; emitted or optional is fine', (_k, make, sp) => {
    const spec = { containers: [{ name: 'a', image: 'x' }], volumes: [{ name: 'v', configMap: { name: 'cfg' } }] };
    expect(files([make(spec)])).toEqual([
      expect.objectContaining({
        severity: 'error',
        path: `${sp}/volumes/0/configMap`,
        message: expect.stringContaining('ConfigMap ns/cfg is neither emitted'),
      }),
    ]);
    expect(files([configMap('cfg', 'ns', {}), make(spec)])).toEqual([]);
    spec.volumes[0].configMap = Object.assign({ optional: true }, spec.volumes[0].configMap);
    expect(files([make(spec)])).toEqual([]);
  });

  test('a ConfigMap in another namespace does not count', () => {
    const spec = { containers: [{ name: 'a', image: 'x' }], volumes: [{ name: 'v', configMap: { name: 'cfg' } }] };
    expect(files([configMap('cfg', 'other', {}), deployment('w', 'ns', spec)])).toHaveLength(1);
  });

  test('items naming a missing key is an error', () => {
    const spec = {
      containers: [{ name: 'a', image: 'x' }],
      volumes: [{ name: 'v', secret: { secretName: 's', items: [{ key: 'tls.crt', path: 'c' }] } }],
    };
    expect(files([secret('s', 'ns', { 'tls.key': '' }), deployment('w', 'ns', spec)])).toEqual([
      expect.objectContaining({
        path: '/spec/template/spec/volumes/0/secret/items/0/key',
        message: expect.stringContaining('has no key "tls.crt" (keys: tls.key)'),
      }),
    ]);
  });

  test('projected sources are checked', () => {
    const spec = { containers: [{ name: 'a', image: 'x' }], volumes: [{ name: 'v', projected: { sources: [{ secret: { name: 's' } }] } }] };
    expect(files([deployment('w', 'ns', spec)])[0].path).toBe('/spec/template/spec/volumes/0/projected/sources/0/secret');
  });

  test('env and envFrom references: missing object or key is an error (CreateContainerConfigError)', () => {
    const spec = {
      containers: [
        {
          name: 'a',
          image: 'x',
          env: [
            { name: 'PASSWORD', valueFrom: { secretKeyRef: { name: 'creds', key: 'password' } } },
            { name: 'MODE', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'mode', optional: true } } },
          ],
          envFrom: [{ configMapRef: { name: 'env' } }],
        },
      ],
    };
    const found = files([secret('creds', 'ns', { user: '' }), deployment('w', 'ns', spec)]);
    expect(found.map((f) => f.path)).toEqual([
      '/spec/template/spec/containers/0/env/0/valueFrom/secretKeyRef/key',
      '/spec/template/spec/containers/0/envFrom/0/configMapRef',
    ]);
    expect(found[0].message).toContain('CreateContainerConfigError');
  });

  test('service-account-token Secrets are filled by the controller: keys not checked', () => {
    const s = { apiVersion: 'v1', kind: 'Secret', type: 'kubernetes.io/service-account-token', metadata: { name: 't', namespace: 'ns' } };
    const spec = {
      containers: [{ name: 'a', image: 'x' }],
      volumes: [{ name: 'v', secret: { secretName: 't', items: [{ key: 'token', path: 't' }] } }],
    };
    expect(files([s, deployment('w', 'ns', spec)])).toEqual([]);
  });
});
