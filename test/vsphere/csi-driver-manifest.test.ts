import { App, Chart, Testing } from 'cdk8s';
import { parse } from 'yaml';
import { ManifestObject } from '../../lib/core/validation';
import { DEFAULT_CSI_VERSION } from '../../lib/vsphere/csi-compatibility';
import { CsiDriverManifest, CsiDriverManifestProps } from '../../lib/vsphere/csi-driver-manifest';
import { findObject, synthValid } from '../helpers';

const NS = 'vmware-system-csi';

function synth(props: CsiDriverManifestProps = {}): { m: CsiDriverManifest; objects: ManifestObject[] } {
  const chart = Testing.chart();
  const m = new CsiDriverManifest(chart, 'M', props);
  return { m, objects: synthValid(chart) };
}

function container(workload: any, name: string): any {
  const hits = workload.spec.template.spec.containers.filter((c: any) => c.name === name);
  expect(hits).toHaveLength(1);
  return hits[0];
}

// Expected values of the v3.7.3 vanilla manifest (facts §1), written out independently of the implementation.
const CONTROLLER_RULES = parse(`
- { apiGroups: [""], resources: [nodes, pods], verbs: [get, list, watch] }
- { apiGroups: [""], resources: [configmaps], verbs: [get, list, watch, create] }
- { apiGroups: [""], resources: [persistentvolumeclaims], verbs: [get, list, watch, update] }
- { apiGroups: [""], resources: [persistentvolumeclaims/status], verbs: [patch] }
- { apiGroups: [""], resources: [persistentvolumes], verbs: [get, list, watch, create, update, delete, patch] }
- { apiGroups: [""], resources: [events], verbs: [get, list, watch, create, update, patch] }
- { apiGroups: [coordination.k8s.io], resources: [leases], verbs: [get, watch, list, delete, update, create] }
- { apiGroups: [storage.k8s.io], resources: [storageclasses, csinodes], verbs: [get, list, watch] }
- { apiGroups: [storage.k8s.io], resources: [volumeattachments], verbs: [get, list, watch, patch] }
- { apiGroups: [cns.vmware.com], resources: [triggercsifullsyncs], verbs: [create, get, update, watch, list] }
- { apiGroups: [cns.vmware.com], resources: [cnsvspherevolumemigrations], verbs: [create, get, list, watch, update, delete] }
- { apiGroups: [cns.vmware.com], resources: [cnsvolumeinfoes], verbs: [create, get, list, watch, delete] }
- { apiGroups: [apiextensions.k8s.io], resources: [customresourcedefinitions], verbs: [get, create, update] }
- { apiGroups: [storage.k8s.io], resources: [volumeattachments/status], verbs: [patch] }
- { apiGroups: [cns.vmware.com], resources: [cnsvolumeoperationrequests], verbs: [create, get, list, update, delete] }
- { apiGroups: [snapshot.storage.k8s.io], resources: [volumesnapshots], verbs: [get, list] }
- { apiGroups: [snapshot.storage.k8s.io], resources: [volumesnapshotclasses], verbs: [watch, get, list] }
- { apiGroups: [snapshot.storage.k8s.io], resources: [volumesnapshotcontents], verbs: [create, get, list, watch, update, delete, patch] }
- { apiGroups: [snapshot.storage.k8s.io], resources: [volumesnapshotcontents/status], verbs: [update, patch] }
- { apiGroups: [cns.vmware.com], resources: [csinodetopologies], verbs: [get, update, watch, list] }
`);

const CONTROLLER_SPEC = parse(String.raw`
replicas: 3
strategy: { type: RollingUpdate, rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } }
selector: { matchLabels: { app: vsphere-csi-controller } }
template:
  metadata: { labels: { app: vsphere-csi-controller, role: vsphere-csi } }
  spec:
    priorityClassName: system-cluster-critical
    affinity:
      podAntiAffinity:
        requiredDuringSchedulingIgnoredDuringExecution:
          - labelSelector: { matchExpressions: [{ key: app, operator: In, values: [vsphere-csi-controller] }] }
            topologyKey: kubernetes.io/hostname
      nodeAffinity:
        requiredDuringSchedulingIgnoredDuringExecution:
          nodeSelectorTerms:
            - matchExpressions: [{ key: node-role.kubernetes.io/control-plane, operator: Exists }]
            - matchExpressions: [{ key: node-role.kubernetes.io/controlplane, operator: Exists }]
            - matchExpressions: [{ key: node-role.kubernetes.io/master, operator: Exists }]
    serviceAccountName: vsphere-csi-controller
    tolerations:
      - { key: node-role.kubernetes.io/master, operator: Exists, effect: NoSchedule }
      - { key: node-role.kubernetes.io/control-plane, operator: Exists, effect: NoSchedule }
    dnsPolicy: Default
    containers:
      - name: csi-attacher
        image: registry.k8s.io/sig-storage/csi-attacher:v4.9.0
        args: ["--v=4", "--timeout=300s", "--csi-address=$(ADDRESS)", "--leader-election", "--leader-election-lease-duration=120s",
               "--leader-election-renew-deadline=60s", "--leader-election-retry-period=30s", "--kube-api-qps=100", "--kube-api-burst=100",
               "--worker-threads=100"]
        env: [{ name: ADDRESS, value: /csi/csi.sock }]
        volumeMounts: [{ mountPath: /csi, name: socket-dir }]
      - name: csi-resizer
        image: registry.k8s.io/sig-storage/csi-resizer:v1.12.0
        args: ["--v=4", "--timeout=300s", "--handle-volume-inuse-error=false", "--csi-address=$(ADDRESS)", "--kube-api-qps=100",
               "--kube-api-burst=100", "--leader-election", "--leader-election-lease-duration=120s", "--leader-election-renew-deadline=60s",
               "--leader-election-retry-period=30s"]
        env: [{ name: ADDRESS, value: /csi/csi.sock }]
        volumeMounts: [{ mountPath: /csi, name: socket-dir }]
      - name: vsphere-csi-controller
        image: registry.k8s.io/csi-vsphere/driver:v3.7.3
        args: ["--fss-name=internal-feature-states.csi.vsphere.vmware.com", "--fss-namespace=$(CSI_NAMESPACE)", "--enable-profile-server=false"]
        imagePullPolicy: Always
        env:
          - { name: CSI_ENDPOINT, value: "unix:///csi/csi.sock" }
          - { name: X_CSI_MODE, value: controller }
          - { name: X_CSI_SPEC_DISABLE_LEN_CHECK, value: "true" }
          - { name: X_CSI_SERIAL_VOL_ACCESS_TIMEOUT, value: 3m }
          - { name: VSPHERE_CSI_CONFIG, value: /etc/cloud/csi-vsphere.conf }
          - { name: LOGGER_LEVEL, value: PRODUCTION }
          - { name: INCLUSTER_CLIENT_QPS, value: "100" }
          - { name: INCLUSTER_CLIENT_BURST, value: "100" }
          - { name: CSI_NAMESPACE, valueFrom: { fieldRef: { fieldPath: metadata.namespace } } }
        securityContext: { runAsNonRoot: true, runAsUser: 65532, runAsGroup: 65532 }
        volumeMounts:
          - { mountPath: /etc/cloud, name: vsphere-config-volume, readOnly: true }
          - { mountPath: /csi, name: socket-dir }
        ports:
          - { name: healthz, containerPort: 9808, protocol: TCP }
          - { name: prometheus, containerPort: 2112, protocol: TCP }
        livenessProbe:
          httpGet: { path: /healthz, port: healthz }
          initialDelaySeconds: 30
          timeoutSeconds: 10
          periodSeconds: 180
          failureThreshold: 3
      - name: liveness-probe
        image: registry.k8s.io/sig-storage/livenessprobe:v2.15.0
        args: ["--v=4", "--csi-address=/csi/csi.sock"]
        volumeMounts: [{ name: socket-dir, mountPath: /csi }]
      - name: vsphere-syncer
        image: registry.k8s.io/csi-vsphere/syncer:v3.7.3
        args: ["--leader-election", "--leader-election-lease-duration=30s", "--leader-election-renew-deadline=20s",
               "--leader-election-retry-period=10s", "--fss-name=internal-feature-states.csi.vsphere.vmware.com",
               "--fss-namespace=$(CSI_NAMESPACE)", "--enable-profile-server=false"]
        imagePullPolicy: Always
        ports: [{ containerPort: 2113, name: prometheus, protocol: TCP }]
        env:
          - { name: FULL_SYNC_INTERVAL_MINUTES, value: "30" }
          - { name: VSPHERE_CSI_CONFIG, value: /etc/cloud/csi-vsphere.conf }
          - { name: LOGGER_LEVEL, value: PRODUCTION }
          - { name: INCLUSTER_CLIENT_QPS, value: "100" }
          - { name: INCLUSTER_CLIENT_BURST, value: "100" }
          - { name: CSI_NAMESPACE, valueFrom: { fieldRef: { fieldPath: metadata.namespace } } }
        securityContext: { runAsNonRoot: true, runAsUser: 65532, runAsGroup: 65532 }
        volumeMounts: [{ mountPath: /etc/cloud, name: vsphere-config-volume, readOnly: true }]
      - name: csi-provisioner
        image: registry.k8s.io/sig-storage/csi-provisioner:v4.0.1
        args: ["--v=4", "--timeout=300s", "--csi-address=$(ADDRESS)", "--kube-api-qps=100", "--kube-api-burst=100", "--leader-election",
               "--leader-election-lease-duration=120s", "--leader-election-renew-deadline=60s", "--leader-election-retry-period=30s",
               "--default-fstype=ext4"]
        env: [{ name: ADDRESS, value: /csi/csi.sock }]
        volumeMounts: [{ mountPath: /csi, name: socket-dir }]
      - name: csi-snapshotter
        image: registry.k8s.io/sig-storage/csi-snapshotter:v8.2.0
        args: ["--v=4", "--kube-api-qps=100", "--kube-api-burst=100", "--timeout=300s", "--csi-address=$(ADDRESS)", "--leader-election",
               "--leader-election-lease-duration=120s", "--leader-election-renew-deadline=60s", "--leader-election-retry-period=30s",
               "--extra-create-metadata"]
        env: [{ name: ADDRESS, value: /csi/csi.sock }]
        volumeMounts: [{ mountPath: /csi, name: socket-dir }]
    volumes:
      - { name: vsphere-config-volume, secret: { secretName: vsphere-config-secret } }
      - { name: socket-dir, emptyDir: {} }
`);

const NODE_SPEC = parse(String.raw`
selector: { matchLabels: { app: vsphere-csi-node } }
updateStrategy: { type: RollingUpdate, rollingUpdate: { maxUnavailable: 1 } }
template:
  metadata: { labels: { app: vsphere-csi-node, role: vsphere-csi } }
  spec:
    priorityClassName: system-node-critical
    nodeSelector: { kubernetes.io/os: linux }
    serviceAccountName: vsphere-csi-node
    hostNetwork: true
    dnsPolicy: ClusterFirstWithHostNet
    containers:
      - name: node-driver-registrar
        image: registry.k8s.io/sig-storage/csi-node-driver-registrar:v2.13.0
        args: ["--v=5", "--csi-address=$(ADDRESS)", "--kubelet-registration-path=$(DRIVER_REG_SOCK_PATH)"]
        env:
          - { name: ADDRESS, value: /csi/csi.sock }
          - { name: DRIVER_REG_SOCK_PATH, value: /var/lib/kubelet/plugins/csi.vsphere.vmware.com/csi.sock }
        volumeMounts:
          - { name: plugin-dir, mountPath: /csi }
          - { name: registration-dir, mountPath: /registration }
        livenessProbe:
          exec:
            command:
              - /csi-node-driver-registrar
              - --kubelet-registration-path=/var/lib/kubelet/plugins/csi.vsphere.vmware.com/csi.sock
              - --mode=kubelet-registration-probe
          initialDelaySeconds: 3
      - name: vsphere-csi-node
        image: registry.k8s.io/csi-vsphere/driver:v3.7.3
        args: ["--fss-name=internal-feature-states.csi.vsphere.vmware.com", "--fss-namespace=$(CSI_NAMESPACE)"]
        imagePullPolicy: Always
        env:
          - { name: NODE_NAME, valueFrom: { fieldRef: { fieldPath: spec.nodeName } } }
          - { name: CSI_ENDPOINT, value: "unix:///csi/csi.sock" }
          - { name: X_CSI_MODE, value: node }
          - { name: X_CSI_SPEC_REQ_VALIDATION, value: "false" }
          - { name: X_CSI_SPEC_DISABLE_LEN_CHECK, value: "true" }
          - { name: LOGGER_LEVEL, value: PRODUCTION }
          - { name: CSI_NAMESPACE, valueFrom: { fieldRef: { fieldPath: metadata.namespace } } }
          - { name: NODEGETINFO_WATCH_TIMEOUT_MINUTES, value: "1" }
        securityContext: { privileged: true, capabilities: { add: [SYS_ADMIN] }, allowPrivilegeEscalation: true }
        volumeMounts:
          - { name: plugin-dir, mountPath: /csi }
          - { name: pods-mount-dir, mountPath: /var/lib/kubelet, mountPropagation: Bidirectional }
          - { name: device-dir, mountPath: /dev }
          - { name: blocks-dir, mountPath: /sys/block }
          - { name: sys-devices-dir, mountPath: /sys/devices }
        ports: [{ name: healthz, containerPort: 9808, protocol: TCP }]
        livenessProbe:
          httpGet: { path: /healthz, port: healthz }
          initialDelaySeconds: 10
          timeoutSeconds: 5
          periodSeconds: 5
          failureThreshold: 3
      - name: liveness-probe
        image: registry.k8s.io/sig-storage/livenessprobe:v2.15.0
        args: ["--v=4", "--csi-address=/csi/csi.sock"]
        volumeMounts: [{ name: plugin-dir, mountPath: /csi }]
    volumes:
      - { name: registration-dir, hostPath: { path: /var/lib/kubelet/plugins_registry, type: Directory } }
      - { name: plugin-dir, hostPath: { path: /var/lib/kubelet/plugins/csi.vsphere.vmware.com, type: DirectoryOrCreate } }
      - { name: pods-mount-dir, hostPath: { path: /var/lib/kubelet, type: Directory } }
      - { name: device-dir, hostPath: { path: /dev } }
      - { name: blocks-dir, hostPath: { path: /sys/block, type: Directory } }
      - { name: sys-devices-dir, hostPath: { path: /sys/devices, type: Directory } }
    tolerations:
      - { effect: NoExecute, operator: Exists }
      - { effect: NoSchedule, operator: Exists }
`);

// Plain and single-quoted YAML scalars keep backslashes literally, as in the upstream file.
const WINDOWS_SPEC = parse(String.raw`
selector: { matchLabels: { app: vsphere-csi-node-windows } }
updateStrategy: { type: RollingUpdate, rollingUpdate: { maxUnavailable: 1 } }
template:
  metadata: { labels: { app: vsphere-csi-node-windows, role: vsphere-csi-windows } }
  spec:
    priorityClassName: system-node-critical
    nodeSelector: { kubernetes.io/os: windows }
    dnsPolicy: ClusterFirstWithHostNet
    serviceAccountName: vsphere-csi-node
    securityContext:
      windowsOptions:
        hostProcess: true
        runAsUserName: "NT AUTHORITY\\SYSTEM"
    hostNetwork: true
    containers:
      - name: node-driver-registrar
        image: registry.k8s.io/sig-storage/csi-node-driver-registrar:v2.13.0
        command: [csi-node-driver-registrar.exe]
        args: ["--v=5", "--csi-address=$(ADDRESS)", "--kubelet-registration-path=$(DRIVER_REG_SOCK_PATH)", "--plugin-registration-path=$(PLUGIN_REG_DIR)"]
        env:
          - name: ADDRESS
            value: unix://C:\\var\\lib\\kubelet\\plugins\\csi.vsphere.vmware.com\\csi.sock
          - name: DRIVER_REG_SOCK_PATH
            value: 'C:\\var\\lib\\kubelet\\plugins\\csi.vsphere.vmware.com\\csi.sock'
          - name: PLUGIN_REG_DIR
            value: C:\\var\\lib\\kubelet\\plugins_registry\\
        volumeMounts:
          - { name: plugin-dir, mountPath: /csi }
          - { name: registration-dir, mountPath: /registration }
      - name: vsphere-csi-node
        image: registry.k8s.io/csi-vsphere/driver:v3.7.3
        command: [csi.exe]
        args: ["--fss-name=internal-feature-states.csi.vsphere.vmware.com", "--fss-namespace=$(CSI_NAMESPACE)"]
        imagePullPolicy: Always
        env:
          - { name: NODE_NAME, valueFrom: { fieldRef: { apiVersion: v1, fieldPath: spec.nodeName } } }
          - name: CSI_ENDPOINT
            value: unix://C:\\var\\lib\\kubelet\\plugins\\csi.vsphere.vmware.com\\csi.sock
          - { name: X_CSI_MODE, value: node }
          - { name: X_CSI_SPEC_REQ_VALIDATION, value: 'false' }
          - { name: X_CSI_SPEC_DISABLE_LEN_CHECK, value: "true" }
          - { name: LOGGER_LEVEL, value: PRODUCTION }
          - { name: X_CSI_LOG_LEVEL, value: DEBUG }
          - { name: CSI_NAMESPACE, valueFrom: { fieldRef: { fieldPath: metadata.namespace } } }
          - { name: NODEGETINFO_WATCH_TIMEOUT_MINUTES, value: "1" }
        volumeMounts:
          - name: plugin-dir
            mountPath: 'C:\csi'
          - name: pods-mount-dir
            mountPath: 'C:\var\lib\kubelet'
        ports: [{ name: healthz, containerPort: 9808, protocol: TCP }]
        livenessProbe:
          httpGet: { path: /healthz, port: healthz }
          initialDelaySeconds: 10
          timeoutSeconds: 5
          periodSeconds: 5
          failureThreshold: 3
      - name: liveness-probe
        image: registry.k8s.io/sig-storage/livenessprobe:v2.15.0
        command: [livenessprobe.exe]
        args:
          - "--v=4"
          - --csi-address=unix://C:\\var\\lib\\kubelet\\plugins\\csi.vsphere.vmware.com\\csi.sock
        volumeMounts: [{ name: plugin-dir, mountPath: /csi }]
    volumes:
      - name: registration-dir
        hostPath: { path: 'C:\var\lib\kubelet\plugins_registry\', type: Directory }
      - name: plugin-dir
        hostPath: { path: 'C:\var\lib\kubelet\plugins\csi.vsphere.vmware.com\', type: DirectoryOrCreate }
      - name: pods-mount-dir
        hostPath: { path: \var\lib\kubelet, type: Directory }
    tolerations:
      - { effect: NoExecute, operator: Exists }
      - { effect: NoSchedule, operator: Exists }
`);

describe('CsiDriverManifest defaults (v3.7.3)', () => {
  const { m, objects } = synth();

  test('renders the upstream objects in upstream file order, without Namespace or config Secret', () => {
    expect(objects.map((o) => `${o.apiVersion} ${o.kind} ${o.metadata?.namespace ?? '-'}/${o.metadata?.name}`)).toEqual([
      'storage.k8s.io/v1 CSIDriver -/csi.vsphere.vmware.com',
      `v1 ServiceAccount ${NS}/vsphere-csi-controller`,
      'rbac.authorization.k8s.io/v1 ClusterRole -/vsphere-csi-controller-role',
      'rbac.authorization.k8s.io/v1 ClusterRoleBinding -/vsphere-csi-controller-binding',
      `v1 ServiceAccount ${NS}/vsphere-csi-node`,
      'rbac.authorization.k8s.io/v1 ClusterRole -/vsphere-csi-node-cluster-role',
      'rbac.authorization.k8s.io/v1 ClusterRoleBinding -/vsphere-csi-node-cluster-role-binding',
      `rbac.authorization.k8s.io/v1 Role ${NS}/vsphere-csi-node-role`,
      `rbac.authorization.k8s.io/v1 RoleBinding ${NS}/vsphere-csi-node-binding`,
      `v1 ConfigMap ${NS}/internal-feature-states.csi.vsphere.vmware.com`,
      `v1 Service ${NS}/vsphere-csi-controller`,
      `apps/v1 Deployment ${NS}/vsphere-csi-controller`,
      `apps/v1 DaemonSet ${NS}/vsphere-csi-node`,
    ]);
  });

  test('CSIDriver', () => {
    expect(findObject(objects, 'CSIDriver', 'csi.vsphere.vmware.com')).toEqual({
      apiVersion: 'storage.k8s.io/v1',
      kind: 'CSIDriver',
      metadata: { name: 'csi.vsphere.vmware.com' },
      spec: { attachRequired: true, podInfoOnMount: false },
    });
  });

  test('controller RBAC', () => {
    expect(findObject(objects, 'ServiceAccount', 'vsphere-csi-controller', NS).metadata).toEqual({
      name: 'vsphere-csi-controller',
      namespace: NS,
    });
    expect(findObject(objects, 'ClusterRole', 'vsphere-csi-controller-role').rules).toEqual(CONTROLLER_RULES);
    const binding = findObject(objects, 'ClusterRoleBinding', 'vsphere-csi-controller-binding');
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'vsphere-csi-controller', namespace: NS }]);
    expect(binding.roleRef).toEqual({ kind: 'ClusterRole', name: 'vsphere-csi-controller-role', apiGroup: 'rbac.authorization.k8s.io' });
  });

  test('node RBAC', () => {
    expect(findObject(objects, 'ClusterRole', 'vsphere-csi-node-cluster-role').rules).toEqual([
      { apiGroups: ['cns.vmware.com'], resources: ['csinodetopologies'], verbs: ['create', 'watch', 'get', 'patch'] },
      { apiGroups: [''], resources: ['nodes'], verbs: ['get'] },
    ]);
    const cb = findObject(objects, 'ClusterRoleBinding', 'vsphere-csi-node-cluster-role-binding');
    expect(cb.subjects).toEqual([{ kind: 'ServiceAccount', name: 'vsphere-csi-node', namespace: NS }]);
    expect(cb.roleRef).toEqual({ kind: 'ClusterRole', name: 'vsphere-csi-node-cluster-role', apiGroup: 'rbac.authorization.k8s.io' });
    expect(findObject(objects, 'Role', 'vsphere-csi-node-role', NS).rules).toEqual([
      { apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list', 'watch'] },
    ]);
    const rb = findObject(objects, 'RoleBinding', 'vsphere-csi-node-binding', NS);
    expect(rb.subjects).toEqual([{ kind: 'ServiceAccount', name: 'vsphere-csi-node', namespace: NS }]);
    expect(rb.roleRef).toEqual({ kind: 'Role', name: 'vsphere-csi-node-role', apiGroup: 'rbac.authorization.k8s.io' });
  });

  test('feature-states ConfigMap with the 3.7.3 keys and defaults', () => {
    const cm = findObject(objects, 'ConfigMap', 'internal-feature-states.csi.vsphere.vmware.com', NS);
    expect(cm.data).toEqual({
      'trigger-csi-fullsync': 'false',
      'pv-to-backingdiskobjectid-mapping': 'false',
      'high-pv-node-density': 'false',
    });
    expect(m.featureStates).toEqual({
      'trigger-csi-fullsync': false,
      'pv-to-backingdiskobjectid-mapping': false,
      'high-pv-node-density': false,
    });
  });

  test('metrics Service: ctlr 2112 and syncer 2113', () => {
    const svc = findObject(objects, 'Service', 'vsphere-csi-controller', NS);
    expect(svc.metadata.labels).toEqual({ app: 'vsphere-csi-controller' });
    expect(svc.spec).toEqual({
      ports: [
        { name: 'ctlr', port: 2112, targetPort: 2112, protocol: 'TCP' },
        { name: 'syncer', port: 2113, targetPort: 2113, protocol: 'TCP' },
      ],
      selector: { app: 'vsphere-csi-controller' },
    });
  });

  test('controller Deployment: images, args, env, ports, probes, tolerations, affinity and volumes as upstream', () => {
    expect(findObject(objects, 'Deployment', 'vsphere-csi-controller', NS).spec).toEqual(CONTROLLER_SPEC);
  });

  test('Linux node DaemonSet as upstream', () => {
    expect(findObject(objects, 'DaemonSet', 'vsphere-csi-node', NS).spec).toEqual(NODE_SPEC);
  });

  test('no Windows DaemonSet by default', () => {
    expect(objects.filter((o) => o.metadata?.name === 'vsphere-csi-node-windows')).toEqual([]);
    expect(m.windowsNodeDaemonSetName).toBeUndefined();
  });

  test('public fields', () => {
    expect(m.version).toBe(DEFAULT_CSI_VERSION);
    expect(m.version).toBe('3.7.3');
    expect(m.namespace).toBe(NS);
    expect(m.driverName).toBe('csi.vsphere.vmware.com');
    expect(m.controllerName).toBe('vsphere-csi-controller');
    expect(m.controllerServiceAccountName).toBe('vsphere-csi-controller');
    expect(m.nodeDaemonSetName).toBe('vsphere-csi-node');
    expect(m.nodeServiceAccountName).toBe('vsphere-csi-node');
    expect(m.metricsServiceName).toBe('vsphere-csi-controller');
    expect(m.metricsServiceLabels).toEqual({ app: 'vsphere-csi-controller' });
    expect(m.featureStatesConfigMapName).toBe('internal-feature-states.csi.vsphere.vmware.com');
    expect(m.configSecretName).toBe('vsphere-config-secret');
    expect(m.configFileName).toBe('csi-vsphere.conf');
    expect(m.controllerReplicas).toBe(3);
    expect(m.loggerLevel).toBe('PRODUCTION');
    expect(m.windows).toBe(false);
    expect(m.topology).toBe(false);
    expect(m.images).toEqual({
      attacher: 'registry.k8s.io/sig-storage/csi-attacher:v4.9.0',
      resizer: 'registry.k8s.io/sig-storage/csi-resizer:v1.12.0',
      driver: 'registry.k8s.io/csi-vsphere/driver:v3.7.3',
      livenessProbe: 'registry.k8s.io/sig-storage/livenessprobe:v2.15.0',
      syncer: 'registry.k8s.io/csi-vsphere/syncer:v3.7.3',
      provisioner: 'registry.k8s.io/sig-storage/csi-provisioner:v4.0.1',
      snapshotter: 'registry.k8s.io/sig-storage/csi-snapshotter:v8.2.0',
      nodeDriverRegistrar: 'registry.k8s.io/sig-storage/csi-node-driver-registrar:v2.13.0',
    });
  });

  test('featureStates getter returns a copy', () => {
    const fs = m.featureStates;
    fs['trigger-csi-fullsync'] = true;
    expect(m.featureStates['trigger-csi-fullsync']).toBe(false);
  });
});

describe('CsiDriverManifest options', () => {
  test('windows: adds the HostProcess Windows DaemonSet as upstream, last', () => {
    const { m, objects } = synth({ windows: true });
    expect(objects[objects.length - 1].metadata?.name).toBe('vsphere-csi-node-windows');
    expect(findObject(objects, 'DaemonSet', 'vsphere-csi-node-windows', NS).spec).toEqual(WINDOWS_SPEC);
    expect(m.windowsNodeDaemonSetName).toBe('vsphere-csi-node-windows');
    expect(objects).toHaveLength(14);
  });

  test('topology: provisioner gets --feature-gates=Topology=true and --strict-topology after --default-fstype', () => {
    const { objects } = synth({ topology: true });
    const deploy = findObject(objects, 'Deployment', 'vsphere-csi-controller', NS);
    expect(container(deploy, 'csi-provisioner').args).toEqual([
      '--v=4',
      '--timeout=300s',
      '--csi-address=$(ADDRESS)',
      '--kube-api-qps=100',
      '--kube-api-burst=100',
      '--leader-election',
      '--leader-election-lease-duration=120s',
      '--leader-election-renew-deadline=60s',
      '--leader-election-retry-period=30s',
      '--default-fstype=ext4',
      '--feature-gates=Topology=true',
      '--strict-topology',
    ]);
    // nothing else changes
    const expected = JSON.parse(JSON.stringify(CONTROLLER_SPEC));
    expected.template.spec.containers
      .find((c: any) => c.name === 'csi-provisioner')
      .args.push('--feature-gates=Topology=true', '--strict-topology');
    expect(deploy.spec).toEqual(expected);
  });

  test('topology off: no topology flags anywhere', () => {
    const { objects } = synth({ topology: false });
    expect(JSON.stringify(objects)).not.toMatch(/Topology=true|strict-topology/);
  });

  test('namespace, configSecretName, controllerReplicas and loggerLevel', () => {
    const { m, objects } = synth({
      namespace: 'csi',
      configSecretName: 'my-csi-conf',
      controllerReplicas: 1,
      loggerLevel: 'DEVELOPMENT',
      windows: true,
    });
    expect(m.namespace).toBe('csi');
    for (const o of objects) {
      const clusterScoped = ['CSIDriver', 'ClusterRole', 'ClusterRoleBinding'].includes(o.kind as string);
      expect(o.metadata?.namespace).toBe(clusterScoped ? undefined : 'csi');
    }
    expect(findObject(objects, 'ClusterRoleBinding', 'vsphere-csi-controller-binding').subjects[0].namespace).toBe('csi');
    expect(findObject(objects, 'ClusterRoleBinding', 'vsphere-csi-node-cluster-role-binding').subjects[0].namespace).toBe('csi');
    expect(findObject(objects, 'RoleBinding', 'vsphere-csi-node-binding', 'csi').subjects[0].namespace).toBe('csi');
    const deploy = findObject(objects, 'Deployment', 'vsphere-csi-controller', 'csi');
    expect(deploy.spec.replicas).toBe(1);
    expect(deploy.spec.template.spec.volumes[0]).toEqual({ name: 'vsphere-config-volume', secret: { secretName: 'my-csi-conf' } });
    const logger = (c: any) => c.env.find((e: any) => e.name === 'LOGGER_LEVEL').value;
    expect(logger(container(deploy, 'vsphere-csi-controller'))).toBe('DEVELOPMENT');
    expect(logger(container(deploy, 'vsphere-syncer'))).toBe('DEVELOPMENT');
    expect(logger(container(findObject(objects, 'DaemonSet', 'vsphere-csi-node', 'csi'), 'vsphere-csi-node'))).toBe('DEVELOPMENT');
    expect(logger(container(findObject(objects, 'DaemonSet', 'vsphere-csi-node-windows', 'csi'), 'vsphere-csi-node'))).toBe('DEVELOPMENT');
  });

  test('featureStates overrides given keys, keeps the defaults of the others', () => {
    const { m, objects } = synth({ featureStates: { 'high-pv-node-density': true, 'trigger-csi-fullsync': true } });
    const cm = findObject(objects, 'ConfigMap', 'internal-feature-states.csi.vsphere.vmware.com', NS);
    expect(cm.data).toEqual({
      'trigger-csi-fullsync': 'true',
      'pv-to-backingdiskobjectid-mapping': 'false',
      'high-pv-node-density': 'true',
    });
    expect(Object.keys(m.featureStates)).toEqual(['trigger-csi-fullsync', 'pv-to-backingdiskobjectid-mapping', 'high-pv-node-density']);
    expect(m.featureStates['high-pv-node-density']).toBe(true);
  });

  test('version accepts a v prefix and normalises it', () => {
    const { m, objects } = synth({ version: 'v3.7.3' });
    expect(m.version).toBe('3.7.3');
    expect(container(findObject(objects, 'Deployment', 'vsphere-csi-controller', NS), 'vsphere-csi-controller').image).toBe(
      'registry.k8s.io/csi-vsphere/driver:v3.7.3',
    );
  });

  test('cluster-scoped objects carry no namespace inside a namespaced chart', () => {
    const app = new App();
    const chart = new Chart(app, 'c', { namespace: 'apps' });
    new CsiDriverManifest(chart, 'M');
    const objects = synthValid(chart);
    expect(findObject(objects, 'CSIDriver', 'csi.vsphere.vmware.com').metadata.namespace).toBeUndefined();
    expect(findObject(objects, 'ClusterRole', 'vsphere-csi-controller-role').metadata.namespace).toBeUndefined();
    expect(findObject(objects, 'ClusterRoleBinding', 'vsphere-csi-node-cluster-role-binding').metadata.namespace).toBeUndefined();
    expect(findObject(objects, 'Deployment', 'vsphere-csi-controller').metadata.namespace).toBe(NS);
  });
});

describe('CsiDriverManifest validation', () => {
  const make = (props: any) => () => new CsiDriverManifest(Testing.chart(), 'M', props);

  test('unknown CSI version', () => {
    expect(make({ version: '2.6.0' })).toThrow(
      /^\[test\/M\] version: got "2\.6\.0", expected a vSphere CSI driver version whose manifest this library models: 3\.7\.3$/,
    );
    expect(make({ version: '3.8.0' })).toThrow(
      /\[test\/M\] version: got "3\.8\.0", expected a vSphere CSI driver version whose manifest this library models: 3\.7\.3/,
    );
    expect(make({ version: 'latest' })).toThrow(/\[test\/M\] version: got "latest", expected a vSphere CSI driver version/);
  });

  test('controllerReplicas 0 or not an integer', () => {
    expect(make({ controllerReplicas: 0 })).toThrow(/\[test\/M\] controllerReplicas: got 0, expected an integer of at least 1/);
    expect(make({ controllerReplicas: 1.5 })).toThrow(/\[test\/M\] controllerReplicas: got 1\.5, expected an integer of at least 1/);
    expect(make({ controllerReplicas: -2 })).toThrow(/\[test\/M\] controllerReplicas: got -2, expected an integer of at least 1/);
  });

  test('unknown feature state key lists the known keys of the version', () => {
    expect(make({ featureStates: { 'no-such-feature': true } })).toThrow(
      /\[test\/M\] featureStates key: got "no-such-feature", expected a feature state key of vSphere CSI driver 3\.7\.3: trigger-csi-fullsync, pv-to-backingdiskobjectid-mapping, high-pv-node-density$/,
    );
  });

  test('a GA feature cannot be toggled', () => {
    expect(make({ featureStates: { 'csi-migration': false } })).toThrow(
      /\[test\/M\] featureStates key: got "csi-migration", expected a feature state key of vSphere CSI driver 3\.7\.3: trigger-csi-fullsync, pv-to-backingdiskobjectid-mapping, high-pv-node-density \(csi-migration is GA in 3\.7\.3: always on, not toggled by the ConfigMap\)/,
    );
  });

  test('feature state values must be booleans', () => {
    expect(make({ featureStates: { 'trigger-csi-fullsync': 'true' } })).toThrow(
      /\[test\/M\] featureStates\["trigger-csi-fullsync"\]: got "true", expected true or false/,
    );
    expect(make({ featureStates: ['trigger-csi-fullsync'] })).toThrow(
      /\[test\/M\] featureStates: got \["trigger-csi-fullsync"\], expected a map of feature state keys to booleans/,
    );
  });

  test('namespace must be a DNS-1123 label', () => {
    expect(make({ namespace: 'VMware_CSI' })).toThrow(/\[test\/M\] namespace: got "VMware_CSI", expected a DNS-1123 label/);
  });

  test('configSecretName must be a DNS-1123 subdomain', () => {
    expect(make({ configSecretName: 'Bad Secret' })).toThrow(
      /\[test\/M\] configSecretName: got "Bad Secret", expected a DNS-1123 subdomain/,
    );
  });

  test('loggerLevel must be PRODUCTION or DEVELOPMENT', () => {
    expect(make({ loggerLevel: 'DEBUG' })).toThrow(/\[test\/M\] loggerLevel: got "DEBUG", expected PRODUCTION or DEVELOPMENT/);
  });

  test('windows and topology must be booleans', () => {
    expect(make({ windows: 'yes' })).toThrow(/\[test\/M\] windows: got "yes", expected true or false/);
    expect(make({ topology: 1 })).toThrow(/\[test\/M\] topology: got 1, expected true or false/);
  });
});
