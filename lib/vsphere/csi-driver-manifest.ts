import { ApiObject } from 'cdk8s';
import { kubeObject, PlainJson } from '../core/kube-object';
import type { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { clusterScoped } from '../core/cluster-scoped';
import { fail } from '../core/errors';
import { constructReporter, FieldPath, readInt, Reporter } from '../core/reader';
import { validateLabelName, validateSubdomainName } from '../core/names';
import { DEFAULT_CSI_VERSION, normalizeCsiVersion, supportedCsiVersionsText } from './csi-compatibility';

/** The container images of one vSphere CSI driver release (as the upstream manifest pins them). */
export interface CsiDriverImages {
  /** `csi-attacher` sidecar (controller). */
  readonly attacher: string;
  /** `csi-resizer` sidecar (controller). */
  readonly resizer: string;
  /** The driver itself (`vsphere-csi-controller` and `vsphere-csi-node` containers). */
  readonly driver: string;
  /** `liveness-probe` sidecar (controller and nodes). */
  readonly livenessProbe: string;
  /** `vsphere-syncer` (controller). */
  readonly syncer: string;
  /** `csi-provisioner` sidecar (controller). */
  readonly provisioner: string;
  /** `csi-snapshotter` sidecar (controller). */
  readonly snapshotter: string;
  /** `node-driver-registrar` sidecar (nodes). */
  readonly nodeDriverRegistrar: string;
}

/** The log level of the driver and syncer (`LOGGER_LEVEL`). */
export type CsiLoggerLevel = 'PRODUCTION' | 'DEVELOPMENT';

/** Props of {@link CsiDriverManifest}. */
export interface CsiDriverManifestProps {
  /**
   * The vSphere CSI driver release whose manifest is rendered (`3.7.3` or `v3.7.3`). Only releases whose
   * manifest this library models are accepted.
   * @default DEFAULT_CSI_VERSION ('3.7.3')
   */
  readonly version?: string;
  /**
   * The namespace of the driver's namespaced objects. This construct does not create it.
   * @default 'vmware-system-csi'
   */
  readonly namespace?: string;
  /**
   * Also deploy the Windows node DaemonSet `vsphere-csi-node-windows` (HostProcess containers).
   * @default false
   */
  readonly windows?: boolean;
  /**
   * Topology-aware provisioning: adds `--feature-gates=Topology=true` and `--strict-topology` to the
   * `csi-provisioner` (upstream ships both commented out). Needs `[Labels] topology-categories` in csi-vsphere.conf.
   * @default false
   */
  readonly topology?: boolean;
  /**
   * The Secret holding `csi-vsphere.conf`, mounted at `/etc/cloud` in the controller pod.
   * @default 'vsphere-config-secret'
   */
  readonly configSecretName?: string;
  /**
   * Controller replicas. Pods repel each other per host (required anti-affinity) and run on control-plane nodes
   * only, so more replicas than control-plane nodes stay Pending.
   * @default 3
   */
  readonly controllerReplicas?: number;
  /**
   * `LOGGER_LEVEL` of the driver and syncer containers.
   * @default 'PRODUCTION'
   */
  readonly loggerLevel?: CsiLoggerLevel;
  /**
   * Values for the keys of the `internal-feature-states.csi.vsphere.vmware.com` ConfigMap. Only the keys the
   * release's manifest ships may be given (3.7.3: `trigger-csi-fullsync`, `pv-to-backingdiskobjectid-mapping`,
   * `high-pv-node-density`); GA features are always on and cannot be toggled.
   * @default - the upstream defaults of the release (3.7.3: all false)
   */
  readonly featureStates?: Record<string, boolean>;
}

interface CsiRelease {
  readonly images: CsiDriverImages;
  /** FSS ConfigMap keys with their upstream defaults, in manifest order. */
  readonly featureStates: ReadonlyArray<readonly [string, boolean]>;
  /** Features that are GA ("released") in this version: hard-coded on, not toggled by the ConfigMap. */
  readonly gaFeatures: readonly string[];
}

const RELEASES: Readonly<Record<string, CsiRelease>> = {
  '3.7.3': {
    images: {
      attacher: 'registry.k8s.io/sig-storage/csi-attacher:v4.9.0',
      resizer: 'registry.k8s.io/sig-storage/csi-resizer:v1.12.0',
      driver: 'registry.k8s.io/csi-vsphere/driver:v3.7.3',
      livenessProbe: 'registry.k8s.io/sig-storage/livenessprobe:v2.15.0',
      syncer: 'registry.k8s.io/csi-vsphere/syncer:v3.7.3',
      provisioner: 'registry.k8s.io/sig-storage/csi-provisioner:v4.0.1',
      snapshotter: 'registry.k8s.io/sig-storage/csi-snapshotter:v8.2.0',
      nodeDriverRegistrar: 'registry.k8s.io/sig-storage/csi-node-driver-registrar:v2.13.0',
    },
    featureStates: [
      ['trigger-csi-fullsync', false],
      ['pv-to-backingdiskobjectid-mapping', false],
      ['high-pv-node-density', false],
    ],
    gaFeatures: [
      'csi-migration',
      'online-volume-extend',
      'block-volume-snapshot',
      'csi-windows-support',
      'list-volumes',
      'cnsmgr-suspend-create-volume',
      'csi-internal-generated-cluster-id',
      'topology-aware-file-volume',
      'csi-transaction-support',
    ],
  },
};

const DRIVER_NAME = 'csi.vsphere.vmware.com';
const FSS_NAME = 'internal-feature-states.csi.vsphere.vmware.com';
const CONTROLLER = 'vsphere-csi-controller';
const NODE = 'vsphere-csi-node';
const NODE_WINDOWS = 'vsphere-csi-node-windows';
const CONFIG_MOUNT = '/etc/cloud';
const CONFIG_FILE = 'csi-vsphere.conf';
const CSI_SOCKET_ADDRESS: PlainJson<k8s.EnvVar> = { name: 'ADDRESS', value: '/csi/csi.sock' };
const CSI_NAMESPACE_ENV: PlainJson<k8s.EnvVar> = { name: 'CSI_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } };
const SOCKET_DIR_MOUNT: PlainJson<k8s.VolumeMount> = { mountPath: '/csi', name: 'socket-dir' };
const FSS_ARGS = [`--fss-name=${FSS_NAME}`, '--fss-namespace=$(CSI_NAMESPACE)'];
const SIDECAR_LEADER_ELECTION = [
  '--leader-election',
  '--leader-election-lease-duration=120s',
  '--leader-election-renew-deadline=60s',
  '--leader-election-retry-period=30s',
];
const NON_ROOT: PlainJson<k8s.SecurityContext> = { runAsNonRoot: true, runAsUser: 65532, runAsGroup: 65532 };
const TOLERATE_EVERYTHING: PlainJson<k8s.Toleration>[] = [
  { effect: 'NoExecute', operator: 'Exists' },
  { effect: 'NoSchedule', operator: 'Exists' },
];

/**
 * The props reader of the CSI controller's replicas, for `CsiDriverManifest` and the config loader's
 * `csi.controllerReplicas`: an integer of at least 1 (the stack and the loader also bound it by the control-plane
 * nodes, where the controller pods run one per node). @internal
 */
export function readCsiControllerReplicasProps(r: Reporter, path: FieldPath, value: unknown): number {
  return readInt(r, path, value, 1, Number.MAX_SAFE_INTEGER);
}

/**
 * The objects of the upstream vSphere CSI driver release manifest (`manifests/vanilla/vsphere-csi-driver.yaml`) for
 * a pinned driver version, with upstream names, images, args, ports, probes, tolerations and RBAC rules:
 *
 * - CSIDriver `csi.vsphere.vmware.com`;
 * - ServiceAccount, ClusterRole and ClusterRoleBinding of the controller (`vsphere-csi-controller*`) and of the nodes
 *   (`vsphere-csi-node*`, plus Role/RoleBinding `vsphere-csi-node-role`/`-binding` for ConfigMaps);
 * - ConfigMap `internal-feature-states.csi.vsphere.vmware.com` (feature states);
 * - Service `vsphere-csi-controller` (metrics: port `ctlr` 2112 for the driver, `syncer` 2113 for the syncer);
 * - Deployment `vsphere-csi-controller` (attacher, resizer, driver, liveness-probe, syncer, provisioner, snapshotter);
 * - DaemonSet `vsphere-csi-node` (Linux) and, optionally, `vsphere-csi-node-windows`.
 *
 * It does not create the Namespace nor the config Secret (`csi-vsphere.conf`); `CsiDriver` composes those.
 */
export class CsiDriverManifest extends Construct {
  /** The CSI driver name (CSIDriver object name, StorageClass provisioner). */
  public readonly driverName: string = DRIVER_NAME;
  /** The rendered driver release, normalised (`3.7.3`). */
  public readonly version: string;
  /** The namespace of the namespaced objects. */
  public readonly namespace: string;
  /** Whether the Windows node DaemonSet is rendered. */
  public readonly windows: boolean;
  /** Whether the provisioner runs with the topology flags. */
  public readonly topology: boolean;
  /** The Secret holding `csi-vsphere.conf`. */
  public readonly configSecretName: string;
  /** The key (file name) the config Secret must hold: `csi-vsphere.conf`. */
  public readonly configFileName: string = CONFIG_FILE;
  /** Controller replicas. */
  public readonly controllerReplicas: number;
  /** `LOGGER_LEVEL` of the driver and syncer. */
  public readonly loggerLevel: CsiLoggerLevel;
  /** The images of the release. */
  public readonly images: CsiDriverImages;
  /** Name of the controller Deployment (`vsphere-csi-controller`). */
  public readonly controllerName: string = CONTROLLER;
  /** Name of the controller ServiceAccount (`vsphere-csi-controller`). */
  public readonly controllerServiceAccountName: string = CONTROLLER;
  /** Name of the Linux node DaemonSet (`vsphere-csi-node`). */
  public readonly nodeDaemonSetName: string = NODE;
  /** Name of the node ServiceAccount (`vsphere-csi-node`). */
  public readonly nodeServiceAccountName: string = NODE;
  /** Name of the Windows node DaemonSet (`vsphere-csi-node-windows`), or undefined when it is not rendered. */
  public readonly windowsNodeDaemonSetName?: string;
  /** Name of the metrics Service (`vsphere-csi-controller`; ports `ctlr` 2112 and `syncer` 2113). */
  public readonly metricsServiceName: string = CONTROLLER;
  /** Name of the feature-states ConfigMap. */
  public readonly featureStatesConfigMapName: string = FSS_NAME;

  private readonly _featureStates: ReadonlyArray<readonly [string, boolean]>;

  public constructor(scope: Construct, id: string, props: CsiDriverManifestProps = {}) {
    super(scope, id);

    const givenVersion = props.version ?? DEFAULT_CSI_VERSION;
    const version = normalizeCsiVersion(givenVersion);
    if (!version) fail(this, 'version', givenVersion, supportedCsiVersionsText());
    const release = RELEASES[version];
    this.version = version;

    this.namespace = props.namespace ?? 'vmware-system-csi';
    validateLabelName(this, 'namespace', this.namespace);
    this.configSecretName = props.configSecretName ?? 'vsphere-config-secret';
    validateSubdomainName(this, 'configSecretName', this.configSecretName);
    this.windows = requireBoolean(this, 'windows', props.windows ?? false);
    this.topology = requireBoolean(this, 'topology', props.topology ?? false);
    this.controllerReplicas =
      props.controllerReplicas === undefined
        ? 3
        : readCsiControllerReplicasProps(constructReporter(this), ['controllerReplicas'], props.controllerReplicas);
    this.loggerLevel = props.loggerLevel ?? 'PRODUCTION';
    if (this.loggerLevel !== 'PRODUCTION' && this.loggerLevel !== 'DEVELOPMENT') {
      fail(this, 'loggerLevel', this.loggerLevel, 'PRODUCTION or DEVELOPMENT');
    }
    this._featureStates = resolveFeatureStates(this, version, release, props.featureStates);
    this.images = { ...release.images };
    this.windowsNodeDaemonSetName = this.windows ? NODE_WINDOWS : undefined;

    const csiDriver = clusterScoped(
      kubeObject(this, 'CsiDriver', 'CSIDriver', {
        metadata: { name: DRIVER_NAME },
        spec: { attachRequired: true, podInfoOnMount: false },
      }),
    );

    const controllerSa = kubeObject(this, 'ControllerServiceAccount', 'ServiceAccount', {
      metadata: { name: CONTROLLER, namespace: this.namespace },
    });
    const controllerRole = clusterScoped(
      kubeObject(this, 'ControllerClusterRole', 'ClusterRole', {
        metadata: { name: 'vsphere-csi-controller-role' },
        rules: controllerRules(),
      }),
    );
    const controllerBinding = clusterScoped(
      kubeObject(this, 'ControllerClusterRoleBinding', 'ClusterRoleBinding', {
        metadata: { name: 'vsphere-csi-controller-binding' },
        subjects: [{ kind: 'ServiceAccount', name: CONTROLLER, namespace: this.namespace }],
        roleRef: { kind: 'ClusterRole', name: 'vsphere-csi-controller-role', apiGroup: 'rbac.authorization.k8s.io' },
      }),
    );

    const nodeSa = kubeObject(this, 'NodeServiceAccount', 'ServiceAccount', {
      metadata: { name: NODE, namespace: this.namespace },
    });
    const nodeClusterRole = clusterScoped(
      kubeObject(this, 'NodeClusterRole', 'ClusterRole', {
        metadata: { name: 'vsphere-csi-node-cluster-role' },
        rules: [
          { apiGroups: ['cns.vmware.com'], resources: ['csinodetopologies'], verbs: ['create', 'watch', 'get', 'patch'] },
          { apiGroups: [''], resources: ['nodes'], verbs: ['get'] },
        ],
      }),
    );
    const nodeClusterBinding = clusterScoped(
      kubeObject(this, 'NodeClusterRoleBinding', 'ClusterRoleBinding', {
        metadata: { name: 'vsphere-csi-node-cluster-role-binding' },
        subjects: [{ kind: 'ServiceAccount', name: NODE, namespace: this.namespace }],
        roleRef: { kind: 'ClusterRole', name: 'vsphere-csi-node-cluster-role', apiGroup: 'rbac.authorization.k8s.io' },
      }),
    );
    const nodeRole = kubeObject(this, 'NodeRole', 'Role', {
      metadata: { name: 'vsphere-csi-node-role', namespace: this.namespace },
      rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list', 'watch'] }],
    });
    const nodeBinding = kubeObject(this, 'NodeRoleBinding', 'RoleBinding', {
      metadata: { name: 'vsphere-csi-node-binding', namespace: this.namespace },
      subjects: [{ kind: 'ServiceAccount', name: NODE, namespace: this.namespace }],
      roleRef: { kind: 'Role', name: 'vsphere-csi-node-role', apiGroup: 'rbac.authorization.k8s.io' },
    });

    const fss = kubeObject(this, 'FeatureStates', 'ConfigMap', {
      metadata: { name: FSS_NAME, namespace: this.namespace },
      data: Object.fromEntries(this._featureStates.map(([k, v]) => [k, String(v)])),
    });

    const metricsService = kubeObject(this, 'MetricsService', 'Service', {
      metadata: { name: CONTROLLER, namespace: this.namespace, labels: { app: CONTROLLER } },
      spec: {
        ports: [
          { name: 'ctlr', port: 2112, targetPort: 2112, protocol: 'TCP' },
          { name: 'syncer', port: 2113, targetPort: 2113, protocol: 'TCP' },
        ],
        selector: { app: CONTROLLER },
      },
    });

    const controller = kubeObject(this, 'Controller', 'Deployment', {
      metadata: { name: CONTROLLER, namespace: this.namespace },
      spec: this.controllerSpec(),
    });

    const node = kubeObject(this, 'Node', 'DaemonSet', {
      metadata: { name: NODE, namespace: this.namespace },
      spec: this.linuxNodeSpec(),
    });

    const objects: ApiObject[] = [
      csiDriver,
      controllerSa,
      controllerRole,
      controllerBinding,
      nodeSa,
      nodeClusterRole,
      nodeClusterBinding,
      nodeRole,
      nodeBinding,
      fss,
      metricsService,
      controller,
      node,
    ];
    if (this.windows) {
      objects.push(
        kubeObject(this, 'WindowsNode', 'DaemonSet', {
          metadata: { name: NODE_WINDOWS, namespace: this.namespace },
          spec: this.windowsNodeSpec(),
        }),
      );
    }
    // Apply in upstream file order: driver registration, identities and RBAC, feature states, then the workloads.
    for (let i = 1; i < objects.length; i++) objects[i].addDependency(objects[i - 1]);
  }

  /** The feature states rendered into the ConfigMap (a copy; keys in upstream order). */
  public get featureStates(): Record<string, boolean> {
    return Object.fromEntries(this._featureStates.map(([k, v]) => [k, v]));
  }

  /** Labels of the metrics Service (what a ServiceMonitor selects): `app: vsphere-csi-controller`. */
  public get metricsServiceLabels(): Record<string, string> {
    return { app: CONTROLLER };
  }

  private controllerSpec(): PlainJson<k8s.DeploymentSpec> {
    const img = this.images;
    const provisionerArgs = [
      '--v=4',
      '--timeout=300s',
      '--csi-address=$(ADDRESS)',
      '--kube-api-qps=100',
      '--kube-api-burst=100',
      ...SIDECAR_LEADER_ELECTION,
      '--default-fstype=ext4',
      ...(this.topology ? ['--feature-gates=Topology=true', '--strict-topology'] : []),
    ];
    const configMount: PlainJson<k8s.VolumeMount> = { mountPath: CONFIG_MOUNT, name: 'vsphere-config-volume', readOnly: true };
    return {
      replicas: this.controllerReplicas,
      strategy: {
        type: 'RollingUpdate',
        rollingUpdate: { maxUnavailable: 1, maxSurge: 0 },
      },
      selector: { matchLabels: { app: CONTROLLER } },
      template: {
        metadata: { labels: { app: CONTROLLER, role: 'vsphere-csi' } },
        spec: {
          priorityClassName: 'system-cluster-critical',
          affinity: {
            podAntiAffinity: {
              requiredDuringSchedulingIgnoredDuringExecution: [
                {
                  labelSelector: { matchExpressions: [{ key: 'app', operator: 'In', values: [CONTROLLER] }] },
                  topologyKey: 'kubernetes.io/hostname',
                },
              ],
            },
            nodeAffinity: {
              requiredDuringSchedulingIgnoredDuringExecution: {
                nodeSelectorTerms: [
                  { matchExpressions: [{ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists' }] },
                  { matchExpressions: [{ key: 'node-role.kubernetes.io/controlplane', operator: 'Exists' }] },
                  { matchExpressions: [{ key: 'node-role.kubernetes.io/master', operator: 'Exists' }] },
                ],
              },
            },
          },
          serviceAccountName: CONTROLLER,
          tolerations: [
            { key: 'node-role.kubernetes.io/master', operator: 'Exists', effect: 'NoSchedule' },
            { key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' },
          ],
          dnsPolicy: 'Default',
          containers: [
            {
              name: 'csi-attacher',
              image: img.attacher,
              args: [
                '--v=4',
                '--timeout=300s',
                '--csi-address=$(ADDRESS)',
                ...SIDECAR_LEADER_ELECTION,
                '--kube-api-qps=100',
                '--kube-api-burst=100',
                '--worker-threads=100',
              ],
              env: [CSI_SOCKET_ADDRESS],
              volumeMounts: [SOCKET_DIR_MOUNT],
            },
            {
              name: 'csi-resizer',
              image: img.resizer,
              args: [
                '--v=4',
                '--timeout=300s',
                '--handle-volume-inuse-error=false',
                '--csi-address=$(ADDRESS)',
                '--kube-api-qps=100',
                '--kube-api-burst=100',
                ...SIDECAR_LEADER_ELECTION,
              ],
              env: [CSI_SOCKET_ADDRESS],
              volumeMounts: [SOCKET_DIR_MOUNT],
            },
            {
              name: CONTROLLER,
              image: img.driver,
              args: [...FSS_ARGS, '--enable-profile-server=false'],
              imagePullPolicy: 'Always',
              env: [
                { name: 'CSI_ENDPOINT', value: 'unix:///csi/csi.sock' },
                { name: 'X_CSI_MODE', value: 'controller' },
                { name: 'X_CSI_SPEC_DISABLE_LEN_CHECK', value: 'true' },
                { name: 'X_CSI_SERIAL_VOL_ACCESS_TIMEOUT', value: '3m' },
                { name: 'VSPHERE_CSI_CONFIG', value: `${CONFIG_MOUNT}/${CONFIG_FILE}` },
                { name: 'LOGGER_LEVEL', value: this.loggerLevel },
                { name: 'INCLUSTER_CLIENT_QPS', value: '100' },
                { name: 'INCLUSTER_CLIENT_BURST', value: '100' },
                CSI_NAMESPACE_ENV,
              ],
              securityContext: NON_ROOT,
              volumeMounts: [configMount, SOCKET_DIR_MOUNT],
              ports: [
                { name: 'healthz', containerPort: 9808, protocol: 'TCP' },
                { name: 'prometheus', containerPort: 2112, protocol: 'TCP' },
              ],
              livenessProbe: {
                httpGet: { path: '/healthz', port: 'healthz' },
                initialDelaySeconds: 30,
                timeoutSeconds: 10,
                periodSeconds: 180,
                failureThreshold: 3,
              },
            },
            {
              name: 'liveness-probe',
              image: img.livenessProbe,
              args: ['--v=4', '--csi-address=/csi/csi.sock'],
              volumeMounts: [{ name: 'socket-dir', mountPath: '/csi' }],
            },
            {
              name: 'vsphere-syncer',
              image: img.syncer,
              args: [
                '--leader-election',
                '--leader-election-lease-duration=30s',
                '--leader-election-renew-deadline=20s',
                '--leader-election-retry-period=10s',
                ...FSS_ARGS,
                '--enable-profile-server=false',
              ],
              imagePullPolicy: 'Always',
              ports: [{ containerPort: 2113, name: 'prometheus', protocol: 'TCP' }],
              env: [
                { name: 'FULL_SYNC_INTERVAL_MINUTES', value: '30' },
                { name: 'VSPHERE_CSI_CONFIG', value: `${CONFIG_MOUNT}/${CONFIG_FILE}` },
                { name: 'LOGGER_LEVEL', value: this.loggerLevel },
                { name: 'INCLUSTER_CLIENT_QPS', value: '100' },
                { name: 'INCLUSTER_CLIENT_BURST', value: '100' },
                CSI_NAMESPACE_ENV,
              ],
              securityContext: NON_ROOT,
              volumeMounts: [configMount],
            },
            {
              name: 'csi-provisioner',
              image: img.provisioner,
              args: provisionerArgs,
              env: [CSI_SOCKET_ADDRESS],
              volumeMounts: [SOCKET_DIR_MOUNT],
            },
            {
              name: 'csi-snapshotter',
              image: img.snapshotter,
              args: [
                '--v=4',
                '--kube-api-qps=100',
                '--kube-api-burst=100',
                '--timeout=300s',
                '--csi-address=$(ADDRESS)',
                ...SIDECAR_LEADER_ELECTION,
                '--extra-create-metadata',
              ],
              env: [CSI_SOCKET_ADDRESS],
              volumeMounts: [SOCKET_DIR_MOUNT],
            },
          ],
          volumes: [
            { name: 'vsphere-config-volume', secret: { secretName: this.configSecretName } },
            { name: 'socket-dir', emptyDir: {} },
          ],
        },
      },
    };
  }

  private linuxNodeSpec(): PlainJson<k8s.DaemonSetSpec> {
    const img = this.images;
    const regSock = `/var/lib/kubelet/plugins/${DRIVER_NAME}/csi.sock`;
    return {
      selector: { matchLabels: { app: NODE } },
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1 } },
      template: {
        metadata: { labels: { app: NODE, role: 'vsphere-csi' } },
        spec: {
          priorityClassName: 'system-node-critical',
          nodeSelector: { 'kubernetes.io/os': 'linux' },
          serviceAccountName: NODE,
          hostNetwork: true,
          dnsPolicy: 'ClusterFirstWithHostNet',
          containers: [
            {
              name: 'node-driver-registrar',
              image: img.nodeDriverRegistrar,
              args: ['--v=5', '--csi-address=$(ADDRESS)', '--kubelet-registration-path=$(DRIVER_REG_SOCK_PATH)'],
              env: [CSI_SOCKET_ADDRESS, { name: 'DRIVER_REG_SOCK_PATH', value: regSock }],
              volumeMounts: [
                { name: 'plugin-dir', mountPath: '/csi' },
                { name: 'registration-dir', mountPath: '/registration' },
              ],
              livenessProbe: {
                exec: {
                  command: ['/csi-node-driver-registrar', `--kubelet-registration-path=${regSock}`, '--mode=kubelet-registration-probe'],
                },
                initialDelaySeconds: 3,
              },
            },
            {
              name: NODE,
              image: img.driver,
              args: [...FSS_ARGS],
              imagePullPolicy: 'Always',
              env: [
                { name: 'NODE_NAME', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } },
                { name: 'CSI_ENDPOINT', value: 'unix:///csi/csi.sock' },
                { name: 'X_CSI_MODE', value: 'node' },
                { name: 'X_CSI_SPEC_REQ_VALIDATION', value: 'false' },
                { name: 'X_CSI_SPEC_DISABLE_LEN_CHECK', value: 'true' },
                { name: 'LOGGER_LEVEL', value: this.loggerLevel },
                CSI_NAMESPACE_ENV,
                { name: 'NODEGETINFO_WATCH_TIMEOUT_MINUTES', value: '1' },
              ],
              securityContext: { privileged: true, capabilities: { add: ['SYS_ADMIN'] }, allowPrivilegeEscalation: true },
              volumeMounts: [
                { name: 'plugin-dir', mountPath: '/csi' },
                { name: 'pods-mount-dir', mountPath: '/var/lib/kubelet', mountPropagation: 'Bidirectional' },
                { name: 'device-dir', mountPath: '/dev' },
                { name: 'blocks-dir', mountPath: '/sys/block' },
                { name: 'sys-devices-dir', mountPath: '/sys/devices' },
              ],
              ports: [{ name: 'healthz', containerPort: 9808, protocol: 'TCP' }],
              livenessProbe: {
                httpGet: { path: '/healthz', port: 'healthz' },
                initialDelaySeconds: 10,
                timeoutSeconds: 5,
                periodSeconds: 5,
                failureThreshold: 3,
              },
            },
            {
              name: 'liveness-probe',
              image: img.livenessProbe,
              args: ['--v=4', '--csi-address=/csi/csi.sock'],
              volumeMounts: [{ name: 'plugin-dir', mountPath: '/csi' }],
            },
          ],
          volumes: [
            { name: 'registration-dir', hostPath: { path: '/var/lib/kubelet/plugins_registry', type: 'Directory' } },
            { name: 'plugin-dir', hostPath: { path: `/var/lib/kubelet/plugins/${DRIVER_NAME}`, type: 'DirectoryOrCreate' } },
            { name: 'pods-mount-dir', hostPath: { path: '/var/lib/kubelet', type: 'Directory' } },
            { name: 'device-dir', hostPath: { path: '/dev' } },
            { name: 'blocks-dir', hostPath: { path: '/sys/block', type: 'Directory' } },
            { name: 'sys-devices-dir', hostPath: { path: '/sys/devices', type: 'Directory' } },
          ],
          tolerations: TOLERATE_EVERYTHING,
        },
      },
    };
  }

  /**
   * The Windows node DaemonSet: HostProcess pod (`NT AUTHORITY\SYSTEM`, host network), the same images run as
   * `csi-node-driver-registrar.exe`, `csi.exe` and `livenessprobe.exe`, sockets under
   * `C:\var\lib\kubelet\plugins\csi.vsphere.vmware.com\`. The backslash doubling of some values is as upstream
   * writes them (plain YAML scalars keep `\\` literally).
   */
  private windowsNodeSpec(): PlainJson<k8s.DaemonSetSpec> {
    const img = this.images;
    const socket = String.raw`unix://C:\\var\\lib\\kubelet\\plugins\\csi.vsphere.vmware.com\\csi.sock`;
    return {
      selector: { matchLabels: { app: NODE_WINDOWS } },
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1 } },
      template: {
        metadata: { labels: { app: NODE_WINDOWS, role: 'vsphere-csi-windows' } },
        spec: {
          priorityClassName: 'system-node-critical',
          nodeSelector: { 'kubernetes.io/os': 'windows' },
          dnsPolicy: 'ClusterFirstWithHostNet',
          serviceAccountName: NODE,
          securityContext: { windowsOptions: { hostProcess: true, runAsUserName: String.raw`NT AUTHORITY\SYSTEM` } },
          hostNetwork: true,
          containers: [
            {
              name: 'node-driver-registrar',
              image: img.nodeDriverRegistrar,
              command: ['csi-node-driver-registrar.exe'],
              args: [
                '--v=5',
                '--csi-address=$(ADDRESS)',
                '--kubelet-registration-path=$(DRIVER_REG_SOCK_PATH)',
                '--plugin-registration-path=$(PLUGIN_REG_DIR)',
              ],
              env: [
                { name: 'ADDRESS', value: socket },
                { name: 'DRIVER_REG_SOCK_PATH', value: String.raw`C:\\var\\lib\\kubelet\\plugins\\csi.vsphere.vmware.com\\csi.sock` },
                { name: 'PLUGIN_REG_DIR', value: String.raw`C:\\var\\lib\\kubelet\\plugins_registry\\` },
              ],
              volumeMounts: [
                { name: 'plugin-dir', mountPath: '/csi' },
                { name: 'registration-dir', mountPath: '/registration' },
              ],
            },
            {
              name: NODE,
              image: img.driver,
              command: ['csi.exe'],
              args: [...FSS_ARGS],
              imagePullPolicy: 'Always',
              env: [
                { name: 'NODE_NAME', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'spec.nodeName' } } },
                { name: 'CSI_ENDPOINT', value: socket },
                { name: 'X_CSI_MODE', value: 'node' },
                { name: 'X_CSI_SPEC_REQ_VALIDATION', value: 'false' },
                { name: 'X_CSI_SPEC_DISABLE_LEN_CHECK', value: 'true' },
                { name: 'LOGGER_LEVEL', value: this.loggerLevel },
                { name: 'X_CSI_LOG_LEVEL', value: 'DEBUG' },
                CSI_NAMESPACE_ENV,
                { name: 'NODEGETINFO_WATCH_TIMEOUT_MINUTES', value: '1' },
              ],
              volumeMounts: [
                { name: 'plugin-dir', mountPath: String.raw`C:\csi` },
                { name: 'pods-mount-dir', mountPath: String.raw`C:\var\lib\kubelet` },
              ],
              ports: [{ name: 'healthz', containerPort: 9808, protocol: 'TCP' }],
              livenessProbe: {
                httpGet: { path: '/healthz', port: 'healthz' },
                initialDelaySeconds: 10,
                timeoutSeconds: 5,
                periodSeconds: 5,
                failureThreshold: 3,
              },
            },
            {
              name: 'liveness-probe',
              image: img.livenessProbe,
              command: ['livenessprobe.exe'],
              args: ['--v=4', `--csi-address=${socket}`],
              volumeMounts: [{ name: 'plugin-dir', mountPath: '/csi' }],
            },
          ],
          volumes: [
            { name: 'registration-dir', hostPath: { path: 'C:\\var\\lib\\kubelet\\plugins_registry\\', type: 'Directory' } },
            {
              name: 'plugin-dir',
              hostPath: { path: 'C:\\var\\lib\\kubelet\\plugins\\csi.vsphere.vmware.com\\', type: 'DirectoryOrCreate' },
            },
            { name: 'pods-mount-dir', hostPath: { path: String.raw`\var\lib\kubelet`, type: 'Directory' } },
          ],
          tolerations: TOLERATE_EVERYTHING,
        },
      },
    };
  }
}

function requireBoolean(scope: Construct, field: string, value: unknown): boolean {
  if (typeof value !== 'boolean') fail(scope, field, value, 'true or false');
  return value;
}

function resolveFeatureStates(
  scope: Construct,
  version: string,
  release: CsiRelease,
  given: Record<string, boolean> | undefined,
): ReadonlyArray<readonly [string, boolean]> {
  if (given === undefined) return release.featureStates;
  if (given === null || typeof given !== 'object' || Array.isArray(given))
    fail(scope, 'featureStates', given, 'a map of feature state keys to booleans');
  const known = new Map(release.featureStates);
  const knownList = release.featureStates.map(([k]) => k).join(', ');
  for (const key of Object.keys(given).sort()) {
    if (!known.has(key)) {
      const ga = release.gaFeatures.includes(key) ? ` (${key} is GA in ${version}: always on, not toggled by the ConfigMap)` : '';
      fail(scope, 'featureStates key', key, `a feature state key of vSphere CSI driver ${version}: ${knownList}${ga}`);
    }
    const value = given[key];
    if (typeof value !== 'boolean') fail(scope, `featureStates["${key}"]`, value, 'true or false');
  }
  return release.featureStates.map(([k, d]) => [k, given[k] ?? d] as const);
}

/** The controller ClusterRole rules of the 3.x manifest, in manifest order. */
function controllerRules(): PlainJson<k8s.PolicyRule>[] {
  return [
    { apiGroups: [''], resources: ['nodes', 'pods'], verbs: ['get', 'list', 'watch'] },
    { apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list', 'watch', 'create'] },
    { apiGroups: [''], resources: ['persistentvolumeclaims'], verbs: ['get', 'list', 'watch', 'update'] },
    { apiGroups: [''], resources: ['persistentvolumeclaims/status'], verbs: ['patch'] },
    { apiGroups: [''], resources: ['persistentvolumes'], verbs: ['get', 'list', 'watch', 'create', 'update', 'delete', 'patch'] },
    { apiGroups: [''], resources: ['events'], verbs: ['get', 'list', 'watch', 'create', 'update', 'patch'] },
    { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['get', 'watch', 'list', 'delete', 'update', 'create'] },
    { apiGroups: ['storage.k8s.io'], resources: ['storageclasses', 'csinodes'], verbs: ['get', 'list', 'watch'] },
    { apiGroups: ['storage.k8s.io'], resources: ['volumeattachments'], verbs: ['get', 'list', 'watch', 'patch'] },
    { apiGroups: ['cns.vmware.com'], resources: ['triggercsifullsyncs'], verbs: ['create', 'get', 'update', 'watch', 'list'] },
    {
      apiGroups: ['cns.vmware.com'],
      resources: ['cnsvspherevolumemigrations'],
      verbs: ['create', 'get', 'list', 'watch', 'update', 'delete'],
    },
    { apiGroups: ['cns.vmware.com'], resources: ['cnsvolumeinfoes'], verbs: ['create', 'get', 'list', 'watch', 'delete'] },
    { apiGroups: ['apiextensions.k8s.io'], resources: ['customresourcedefinitions'], verbs: ['get', 'create', 'update'] },
    { apiGroups: ['storage.k8s.io'], resources: ['volumeattachments/status'], verbs: ['patch'] },
    { apiGroups: ['cns.vmware.com'], resources: ['cnsvolumeoperationrequests'], verbs: ['create', 'get', 'list', 'update', 'delete'] },
    { apiGroups: ['snapshot.storage.k8s.io'], resources: ['volumesnapshots'], verbs: ['get', 'list'] },
    { apiGroups: ['snapshot.storage.k8s.io'], resources: ['volumesnapshotclasses'], verbs: ['watch', 'get', 'list'] },
    {
      apiGroups: ['snapshot.storage.k8s.io'],
      resources: ['volumesnapshotcontents'],
      verbs: ['create', 'get', 'list', 'watch', 'update', 'delete', 'patch'],
    },
    { apiGroups: ['snapshot.storage.k8s.io'], resources: ['volumesnapshotcontents/status'], verbs: ['update', 'patch'] },
    { apiGroups: ['cns.vmware.com'], resources: ['csinodetopologies'], verbs: ['get', 'update', 'watch', 'list'] },
  ];
}
