import { Chart, Testing } from 'cdk8s';
import { parse } from 'yaml';
import { ManifestObject } from '../../lib/core/validation';
import { CloudControllerManager, CloudControllerManagerProps } from '../../lib/vsphere/cloud-controller-manager';
import { CPI_IMAGES, cpiImageFor, supportedCpiMinors } from '../../lib/vsphere/cpi-versions';
import { VsphereCredentials } from '../../lib/vsphere/credentials';
import { findObject, synthValid } from '../helpers';

process.env.VSPHERE_K8S_SILENCE_WARNINGS = '1';

const VC = { server: '10.0.0.1', datacenters: ['Datacenter01'] };

function synth(props: Partial<CloudControllerManagerProps> = {}): { chart: Chart; ccm: CloudControllerManager; objects: ManifestObject[] } {
  const chart = Testing.chart();
  const ccm = new CloudControllerManager(chart, 'Ccm', { vcenters: [VC], kubernetesVersion: '1.33', ...props });
  return { chart, ccm, objects: synthValid(chart) };
}

function make(props: Partial<CloudControllerManagerProps>): () => CloudControllerManager {
  return () =>
    new CloudControllerManager(Testing.chart(), 'Ccm', {
      vcenters: [VC],
      kubernetesVersion: '1.33',
      ...props,
    } as CloudControllerManagerProps);
}

describe('CloudControllerManager objects (upstream release manifest, facts §6.1)', () => {
  test('object list, names and namespaces; cluster-scoped objects carry no namespace', () => {
    const { objects } = synth();
    expect(objects.map((o) => `${o.kind}/${o.metadata!.namespace ?? '-'}/${o.metadata!.name}`)).toEqual([
      'ServiceAccount/kube-system/cloud-controller-manager',
      'RoleBinding/kube-system/servicecatalog.k8s.io:apiserver-authentication-reader',
      'ConfigMap/kube-system/vsphere-cloud-config',
      'ClusterRole/-/system:cloud-controller-manager',
      'ClusterRoleBinding/-/system:cloud-controller-manager',
      'DaemonSet/kube-system/vsphere-cloud-controller-manager',
    ]);
  });

  test('DaemonSet: control-plane placement, upstream tolerations, image from the Kubernetes minor, args, mount', () => {
    const ds = findObject(synth().objects, 'DaemonSet', 'vsphere-cloud-controller-manager', 'kube-system');
    expect(ds.metadata.labels).toEqual({ component: 'cloud-controller-manager', tier: 'control-plane' });
    expect(ds.spec.selector).toEqual({ matchLabels: { name: 'vsphere-cloud-controller-manager' } });
    expect(ds.spec.updateStrategy).toEqual({ type: 'RollingUpdate' });
    const pod = ds.spec.template.spec;
    expect(ds.spec.template.metadata.labels).toEqual({
      name: 'vsphere-cloud-controller-manager',
      component: 'cloud-controller-manager',
      tier: 'control-plane',
    });
    expect(pod.tolerations).toEqual([
      { key: 'node.cloudprovider.kubernetes.io/uninitialized', value: 'true', effect: 'NoSchedule' },
      { key: 'node-role.kubernetes.io/master', effect: 'NoSchedule', operator: 'Exists' },
      { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule', operator: 'Exists' },
      { key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule', operator: 'Exists' },
    ]);
    expect(pod.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms).toEqual([
      { matchExpressions: [{ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists' }] },
      { matchExpressions: [{ key: 'node-role.kubernetes.io/master', operator: 'Exists' }] },
    ]);
    expect(pod.securityContext).toEqual({ runAsUser: 1001 });
    expect(pod.serviceAccountName).toBe('cloud-controller-manager');
    expect(pod.priorityClassName).toBe('system-node-critical');
    expect(pod.hostNetwork).toBe(true);
    expect(pod.containers).toEqual([
      {
        name: 'vsphere-cloud-controller-manager',
        image: 'registry.k8s.io/cloud-pv-vsphere/cloud-provider-vsphere:v1.33.1',
        args: ['--cloud-provider=vsphere', '--v=2', '--cloud-config=/etc/cloud/vsphere.conf'],
        volumeMounts: [{ mountPath: '/etc/cloud', name: 'vsphere-config-volume', readOnly: true }],
        resources: { requests: { cpu: '200m' } },
      },
    ]);
    expect(pod.volumes).toEqual([{ name: 'vsphere-config-volume', configMap: { name: 'vsphere-cloud-config' } }]);
  });

  test('RBAC: ClusterRole rules, ClusterRoleBinding, RoleBinding to extension-apiserver-authentication-reader', () => {
    const { objects } = synth();
    const role = findObject(objects, 'ClusterRole', 'system:cloud-controller-manager');
    expect(role.rules).toEqual(
      parse(`
- { apiGroups: [""], resources: [events], verbs: [create, patch, update] }
- { apiGroups: [""], resources: [nodes], verbs: ["*"] }
- { apiGroups: [""], resources: [nodes/status], verbs: [patch] }
- { apiGroups: [""], resources: [services], verbs: [list, patch, update, watch] }
- { apiGroups: [""], resources: [services/status], verbs: [patch] }
- { apiGroups: [""], resources: [serviceaccounts], verbs: [create, get, list, watch, update] }
- { apiGroups: [""], resources: [persistentvolumes], verbs: [get, list, update, watch] }
- { apiGroups: [""], resources: [endpoints], verbs: [create, get, list, watch, update] }
- { apiGroups: [""], resources: [secrets], verbs: [get, list, watch] }
- { apiGroups: [coordination.k8s.io], resources: [leases], verbs: [create, get, list, watch, update] }
`),
    );
    const subjects = [
      { kind: 'ServiceAccount', name: 'cloud-controller-manager', namespace: 'kube-system' },
      { kind: 'User', name: 'cloud-controller-manager', apiGroup: 'rbac.authorization.k8s.io' },
    ];
    const crb = findObject(objects, 'ClusterRoleBinding', 'system:cloud-controller-manager');
    expect(crb.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'system:cloud-controller-manager' });
    expect(crb.subjects).toEqual(subjects);
    const rb = findObject(objects, 'RoleBinding', 'servicecatalog.k8s.io:apiserver-authentication-reader', 'kube-system');
    expect(rb.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'extension-apiserver-authentication-reader' });
    expect(rb.subjects).toEqual(subjects);
  });

  test('vsphere.conf (YAML): global points at the credentials Secret; several vCenters; labels; nodes', () => {
    const { objects, ccm } = synth({
      vcenters: [
        { server: '10.0.0.1', datacenters: ['hrwest', 'hreast'], label: 'main', thumbprint: Array(20).fill('AB').join(':') },
        { server: 'vc2.example.com', datacenters: ['yes'], port: 8443, insecure: true },
      ],
      regionCategory: 'k8s-region',
      zoneCategory: 'k8s-zone',
      nodes: {
        internalNetworkSubnetCidr: '10.10.0.0/16',
        excludeExternalNetworkSubnetCidr: '192.168.0.0/24',
        internalVmNetworkName: 'VM Network',
      },
      credentials: VsphereCredentials.fromDeployTimeSecrets(),
    });
    const cm = findObject(objects, 'ConfigMap', 'vsphere-cloud-config', 'kube-system');
    expect(Object.keys(cm.data)).toEqual(['vsphere.conf']);
    expect(cm.data['vsphere.conf']).toBe(ccm.cloudConfig);
    expect(parse(cm.data['vsphere.conf'], { version: '1.1' })).toEqual({
      global: { port: 443, insecureFlag: false, secretName: 'vsphere-cloud-secret', secretNamespace: 'kube-system' },
      vcenter: {
        main: {
          server: '10.0.0.1',
          port: 443,
          insecureFlag: false,
          datacenters: ['hrwest', 'hreast'],
          thumbprint: Array(20).fill('AB').join(':'),
        },
        'vc2.example.com': { server: 'vc2.example.com', port: 8443, insecureFlag: true, datacenters: ['yes'] },
      },
      labels: { region: 'k8s-region', zone: 'k8s-zone' },
      nodes: {
        internalNetworkSubnetCidr: '10.10.0.0/16',
        internalVmNetworkName: 'VM Network',
        excludeExternalNetworkSubnetCidr: '192.168.0.0/24',
      },
    });
    // keys generated from the same vCenter list
    const secret = findObject(objects, 'Secret', 'vsphere-cloud-secret', 'kube-system');
    expect(secret.stringData).toEqual({
      '10.0.0.1.username': '${secret:vsphere-username:raw}',
      '10.0.0.1.password': '${secret:vsphere-password:raw}',
      'vc2.example.com.username': '${secret:vsphere-username:raw}',
      'vc2.example.com.password': '${secret:vsphere-password:raw}',
    });
    expect(secret.metadata.labels).toEqual({ 'vsphere-cpi-infra': 'secret', component: 'cloud-controller-manager' });
  });

  test('an IPv6 vCenter uses the server_<i>/username_<i>/password_<i> Secret keys', () => {
    const { objects } = synth({
      vcenters: [{ server: 'fd00::10', datacenters: ['dc'] }],
      credentials: VsphereCredentials.fromDeployTimeSecrets(),
    });
    expect(findObject(objects, 'Secret', 'vsphere-cloud-secret').stringData).toEqual({
      server_0: 'fd00::10',
      username_0: '${secret:vsphere-username:raw}',
      password_0: '${secret:vsphere-password:raw}',
    });
  });

  test('ordering: the DaemonSet comes after its ServiceAccount, ConfigMap, RBAC and Secret', () => {
    const { objects } = synth({ credentials: VsphereCredentials.fromDeployTimeSecrets() });
    const at = (kind: string): number => objects.findIndex((o) => o.kind === kind);
    for (const kind of ['ServiceAccount', 'ConfigMap', 'Secret', 'ClusterRoleBinding']) expect(at(kind)).toBeLessThan(at('DaemonSet'));
  });

  test('custom names, log level and image override', () => {
    const { objects } = synth({
      secretName: 'vc-creds',
      configMapName: 'vc-conf',
      logLevel: 4,
      image: 'registry.example.com/cpi:v1.33.1',
      credentials: VsphereCredentials.fromDeployTimeSecrets(),
    });
    const ds = findObject(objects, 'DaemonSet', 'vsphere-cloud-controller-manager');
    expect(ds.spec.template.spec.containers[0].image).toBe('registry.example.com/cpi:v1.33.1');
    expect(ds.spec.template.spec.containers[0].args[1]).toBe('--v=4');
    expect(ds.spec.template.spec.volumes[0].configMap.name).toBe('vc-conf');
    expect(parse(findObject(objects, 'ConfigMap', 'vc-conf').data['vsphere.conf']).global.secretName).toBe('vc-creds');
    findObject(objects, 'Secret', 'vc-creds', 'kube-system');
  });
});

describe('CPI image table (facts §6.2)', () => {
  test.each([
    ['1.36', 'registry.k8s.io/cloud-pv-vsphere/cloud-provider-vsphere:v1.36.0'],
    ['v1.32.4', 'registry.k8s.io/cloud-pv-vsphere/cloud-provider-vsphere:v1.32.3'],
    ['1.28.0', 'registry.k8s.io/cloud-pv-vsphere/cloud-provider-vsphere:v1.28.1'],
    ['1.27', 'gcr.io/cloud-provider-vsphere/cpi/release/manager:v1.27.0'],
    ['v1.24.3', 'gcr.io/cloud-provider-vsphere/cpi/release/manager:v1.24.6'],
    ['1.18', 'gcr.io/cloud-provider-vsphere/cpi/release/manager:v1.18.0'],
    // newest patch of each release line (issue 11 #10), not the first patch the releases/v1.NN manifest pins
    ['v1.33.4', 'registry.k8s.io/cloud-pv-vsphere/cloud-provider-vsphere:v1.33.1'],
    ['1.35', 'registry.k8s.io/cloud-pv-vsphere/cloud-provider-vsphere:v1.35.1'],
  ])('%s -> %s', (version, image) => {
    expect(cpiImageFor('T', 'kubernetesVersion', version)).toBe(image);
  });

  test('one image per minor from 1.18 to 1.36', () => {
    expect(supportedCpiMinors()).toEqual(Array.from({ length: 19 }, (_, i) => `1.${18 + i}`));
    expect(Object.keys(CPI_IMAGES)).toHaveLength(19);
  });
});

describe('CloudControllerManager validation', () => {
  test('a Kubernetes version with no CCM image fails', () => {
    expect(make({ kubernetesVersion: '1.37' })).toThrow(
      /\[test\/Ccm\] kubernetesVersion: got "1\.37", expected a Kubernetes version with a vSphere CPI release \(1\.18 to 1\.36\), or an explicit image/,
    );
    expect(make({ kubernetesVersion: '1.17.5' })).toThrow(
      /\[test\/Ccm\] kubernetesVersion: got "1\.17\.5", expected a Kubernetes version with a vSphere CPI release/,
    );
  });

  test('a malformed Kubernetes version fails, also with an image override', () => {
    expect(make({ kubernetesVersion: '1.33-rc.1' })).toThrow(
      /\[test\/Ccm\] kubernetesVersion: got "1\.33-rc\.1", expected a Kubernetes version such as 1\.27, 1\.27\.3 or v1\.27\.3/,
    );
    expect(make({ kubernetesVersion: 'latest', image: 'x/y:z' })).toThrow(
      /\[test\/Ccm\] kubernetesVersion: got "latest", expected a Kubernetes version such as/,
    );
  });

  test('a bad image override fails', () => {
    expect(make({ image: 'Not An Image' })).toThrow(
      /\[test\/Ccm\] image: got "Not An Image", expected a container image reference such as registry\/repo:tag/,
    );
  });

  test('empty datacenters fail', () => {
    expect(make({ vcenters: [{ server: 'vc.example.com', datacenters: [] }] })).toThrow(
      /\[test\/Ccm\] vcenters\[0\]\.datacenters: got \[\], expected a non-empty list of datacenter names/,
    );
  });

  test('a datacenter with a comma fails', () => {
    expect(make({ vcenters: [{ server: 'vc.example.com', datacenters: ['a,b'] }] })).toThrow(
      /\[test\/Ccm\] vcenters\[0\]\.datacenters\[0\]: got "a,b", expected a datacenter name or folder\/dc path without commas/,
    );
  });

  test.each(['https://vc.example.com', 'vc.example.com:443', '10.0.0.300', 'vc_1.example.com', '-vc.example.com', ''])(
    'server %j is not a host name or IP',
    (server) => {
      expect(make({ vcenters: [{ server, datacenters: ['dc'] }] })).toThrow(
        new RegExp(
          `\\[test/Ccm\\] vcenters\\[0\\]\\.server: got ${JSON.stringify(server).replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}, expected a vCenter host name \\(RFC 1123, e\\.g\\. vcenter\\.example\\.internal\\) or an IPv4/IPv6 address, without scheme or port`,
        ),
      );
    },
  );

  test.each([0, 65536, 44.3])('bad port %p fails', (port) => {
    expect(make({ vcenters: [{ ...VC, port }] })).toThrow(
      new RegExp(`\\[test/Ccm\\] vcenters\\[0\\]\\.port: got ${port}, expected an integer from 1 to 65535`),
    );
  });

  test('no vCenter fails', () => {
    expect(make({ vcenters: [] })).toThrow(/\[test\/Ccm\] vcenters: got \[\], expected at least one vCenter/);
  });

  test('the same server twice fails (case-insensitive)', () => {
    expect(
      make({
        vcenters: [
          { server: 'VC.example.com', datacenters: ['a'] },
          { server: 'vc.example.com', datacenters: ['b'], label: 'other' },
        ],
      }),
    ).toThrow(/\[test\/Ccm\] vcenters\[1\]\.server: got "vc\.example\.com", expected a server not already used by vcenters\[0\]/);
  });

  test('thumbprint with insecure fails; thumbprint and caFile together fail; bad thumbprint fails', () => {
    const tp = Array(20).fill('0a').join(':');
    expect(make({ vcenters: [{ ...VC, insecure: true, thumbprint: tp }] })).toThrow(
      /\[test\/Ccm\] vcenters\[0\]\.insecure: got true, expected false when thumbprint, caCertificate or caFile is set/,
    );
    expect(make({ vcenters: [{ ...VC, thumbprint: tp, caFile: '/etc/ca.pem' }] })).toThrow(
      /\[test\/Ccm\] vcenters\[0\]\.caFile: got "\/etc\/ca\.pem", expected either thumbprint or caFile, not both/,
    );
    expect(make({ vcenters: [{ ...VC, thumbprint: 'AB:CD' }] })).toThrow(
      /\[test\/Ccm\] vcenters\[0\]\.thumbprint: got "AB:CD", expected a certificate thumbprint of 20 \(SHA-1\) or 32 \(SHA-256\) colon-separated hex bytes/,
    );
    expect(make({ vcenters: [{ ...VC, caFile: 'ca.pem' }] })).toThrow(
      /\[test\/Ccm\] vcenters\[0\]\.caFile: got "ca\.pem", expected an absolute path/,
    );
  });

  test('a bad nodes CIDR fails', () => {
    expect(make({ nodes: { internalNetworkSubnetCidr: '10.0.0.1/16' } })).toThrow(
      /\[test\/Ccm\] nodes\.internalNetworkSubnetCidr: got "10\.0\.0\.1\/16", expected a CIDR whose host bits are zero/,
    );
  });

  test('a bad tag category fails', () => {
    expect(make({ zoneCategory: ' zone' })).toThrow(/\[test\/Ccm\] zoneCategory: got " zone", expected a vSphere tag category name/);
  });

  test('a bad log level fails', () => {
    expect(make({ logLevel: 11 })).toThrow(/\[test\/Ccm\] logLevel: got 11, expected an integer from 0 to 10/);
  });
});
