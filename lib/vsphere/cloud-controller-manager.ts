import { VsphereConnectionProps } from './connection';
import { kubeObject } from '../core/kube-object';
import { ApiObject } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import * as YAML from 'yaml';
import { clusterScoped } from '../core/cluster-scoped';
import { fail } from '../core/errors';
import { parseCidr } from '../core/ip';
import { validateSubdomainName } from '../core/names';
import { cpiImageFor, parseKubernetesVersion } from './cpi-versions';
import { CcmSecretKey, CreateSecretsScript, VsphereCredentials } from './credentials';
import { ResolvedVCenter, validateVCenters, VCenterProps, warnSystemPoolOnly } from './vcenter';
import { ClusterModel } from '../core/cluster-model';

/** A vSphere cloud-controller-manager that other constructs (the CSI driver) can depend on. */
export interface ICloudControllerManager extends IConstruct {
  /** The Kubernetes version the CCM was built for (`1.27`, `v1.27.3`). */
  readonly kubernetesVersion: string;
  /** The namespace of the CCM objects (`kube-system`). */
  readonly namespace: string;
}

/** Node address selection of the CCM (`nodes` in `vsphere.conf`). */
export interface CloudControllerManagerNodesProps {
  /**
   * The CIDR whose node VM addresses are reported as InternalIP.
   * @default - none: the CCM chooses
   */
  readonly internalNetworkSubnetCidr?: string;
  /**
   * The CIDR whose node VM addresses are reported as ExternalIP.
   * @default - none: the CCM chooses
   */
  readonly externalNetworkSubnetCidr?: string;
  /**
   * The vSphere VM network whose addresses are reported as InternalIP.
   * @default - none
   */
  readonly internalVmNetworkName?: string;
  /**
   * The vSphere VM network whose addresses are reported as ExternalIP.
   * @default - none
   */
  readonly externalVmNetworkName?: string;
  /**
   * A CIDR whose addresses are never reported as InternalIP.
   * @default - none
   */
  readonly excludeInternalNetworkSubnetCidr?: string;
  /**
   * A CIDR whose addresses are never reported as ExternalIP.
   * @default - none
   */
  readonly excludeExternalNetworkSubnetCidr?: string;
}

/** Props of {@link CloudControllerManager}. */
export interface CloudControllerManagerProps extends VsphereConnectionProps {
  /** The vCenters (one `vcenter.<label>` entry each in `vsphere.conf`, and one credentials pair each in the Secret). */
  readonly vcenters: VCenterProps[];
  /**
   * The cluster's Kubernetes version (`1.27`, `1.27.3` or `v1.27.3`). Picks the CPI image: CPI minor == Kubernetes
   * minor. A minor without a CPI release is an error unless `image` is given.
   */
  readonly kubernetesVersion: string;
  /**
   * The vSphere tag category whose tags become the nodes' zone labels (`labels.zone`).
   * @default - no zone labels
   */
  readonly zoneCategory?: string;
  /**
   * The vSphere tag category whose tags become the nodes' region labels (`labels.region`).
   * @default - no region labels
   */
  readonly regionCategory?: string;
  /**
   * Which node VM addresses are reported (`nodes` in `vsphere.conf`). Unknown keys (e.g. `internalNetworkSubnetCIDR`)
   * are refused, since they would silently drop the setting.
   * @default - the CCM's own choice
   */
  readonly nodes?: CloudControllerManagerNodesProps;
  /**
   * The CCM image, overriding the one picked from `kubernetesVersion`.
   * @default - the upstream release image for the Kubernetes minor
   */
  readonly image?: string;
  /**
   * The name of the credentials Secret in `kube-system`.
   * @default 'vsphere-cloud-secret'
   */
  readonly secretName?: string;
  /**
   * The name of the ConfigMap holding `vsphere.conf`.
   * @default 'vsphere-cloud-config'
   */
  readonly configMapName?: string;
  /**
   * The klog verbosity (`--v`).
   * @default 2
   */
  readonly logLevel?: number;
}

const NS = 'kube-system';
const NAME = 'cloud-controller-manager';
const DS_NAME = 'vsphere-cloud-controller-manager';
const CONFIG_VOLUME = 'vsphere-config-volume';
const CONTROL = /[\u0000-\u001f\u007f]/;
const IMAGE = /^[a-z0-9]+([._-][a-z0-9]+)*(:[0-9]+)?(\/[a-z0-9]+([._-][a-z0-9]+)*)*(:[\w][\w.-]{0,127})?(@sha256:[a-f0-9]{64})?$/;

function component(role: string): Record<string, string> {
  return { 'vsphere-cpi-infra': role, component: NAME };
}

/** The keys of the CCM credentials Secret for the vCenters: `<server>.username/password`, or `server_<i>`/`username_<i>`/`password_<i>` for IPv6 servers. @internal */
export function ccmSecretKeys(vcenters: ResolvedVCenter[]): CcmSecretKey[] {
  const out: CcmSecretKey[] = [];
  vcenters.forEach((v, i) => {
    if (v.ipv6) {
      out.push({ key: `server_${i}`, source: { literal: v.server } });
      out.push({ key: `username_${i}`, source: { env: 'VSPHERE_USERNAME' } });
      out.push({ key: `password_${i}`, source: { env: 'VSPHERE_PASSWORD' } });
    } else {
      out.push({ key: `${v.server}.username`, source: { env: 'VSPHERE_USERNAME' } });
      out.push({ key: `${v.server}.password`, source: { env: 'VSPHERE_PASSWORD' } });
    }
  });
  return out;
}

/**
 * The vSphere cloud-controller-manager (cloud-provider-vsphere, CPI): sets each node's `spec.providerID`
 * (`vsphere://<uuid>`), addresses and zone/region labels, and removes the `node.cloudprovider.kubernetes.io/uninitialized`
 * taint. The CSI driver needs the ProviderID.
 *
 * **Requires kubelet `--cloud-provider=external` on every node** (kubeadm:
 * `nodeRegistration.kubeletExtraArgs.cloud-provider: external`); kubelet then taints new nodes with
 * `node.cloudprovider.kubernetes.io/uninitialized=true:NoSchedule` until this CCM has initialised them.
 *
 * Objects (as the upstream release manifest): ServiceAccount `cloud-controller-manager`, Secret `vsphere-cloud-secret`
 * (keys `<server>.username` / `<server>.password`; only when the credentials are rendered), ConfigMap
 * `vsphere-cloud-config` (`vsphere.conf`, YAML format), RoleBinding `servicecatalog.k8s.io:apiserver-authentication-reader`
 * (to Role `extension-apiserver-authentication-reader`), ClusterRole and ClusterRoleBinding `system:cloud-controller-manager`,
 * DaemonSet `vsphere-cloud-controller-manager` on control-plane nodes; all in `kube-system`.
 */
export class CloudControllerManager extends Construct implements ICloudControllerManager {
  public readonly kubernetesVersion: string;
  public readonly namespace: string = NS;
  /** The credentials Secret (referenced by `global.secretName`). */
  public readonly secretName: string;
  /** The ConfigMap holding `vsphere.conf`. */
  public readonly configMapName: string;
  /** The DaemonSet name. */
  public readonly daemonSetName: string = DS_NAME;
  /** The CCM image. */
  public readonly image: string;
  /** The credentials. */
  public readonly credentials: VsphereCredentials;
  /** The rendered `vsphere.conf` (YAML). */
  public readonly cloudConfig: string;
  private readonly _vcenters: ResolvedVCenter[];

  public constructor(scope: Construct, id: string, props: CloudControllerManagerProps) {
    super(scope, id);
    if (props === null || typeof props !== 'object')
      fail(this, 'props', props, 'CloudControllerManagerProps { vcenters, kubernetesVersion }');
    this._vcenters = validateVCenters(this, 'vcenters', props.vcenters);
    warnSystemPoolOnly(this, this._vcenters);
    this.kubernetesVersion = props.kubernetesVersion;
    if (props.image !== undefined) {
      parseKubernetesVersion(this, 'kubernetesVersion', props.kubernetesVersion);
      if (typeof props.image !== 'string' || !IMAGE.test(props.image))
        fail(this, 'image', props.image, 'a container image reference such as registry/repo:tag');
      this.image = props.image;
    } else {
      this.image = cpiImageFor(this, 'kubernetesVersion', props.kubernetesVersion);
    }
    this.credentials = props.credentials ?? VsphereCredentials.fromExistingSecret();
    if (!(this.credentials instanceof VsphereCredentials))
      fail(this, 'credentials', props.credentials, 'a VsphereCredentials (fromExistingSecret, fromDeployTimeSecrets or unsafePlainText)');
    this.secretName = props.secretName ?? 'vsphere-cloud-secret';
    validateSubdomainName(this, 'secretName', this.secretName);
    this.configMapName = props.configMapName ?? 'vsphere-cloud-config';
    validateSubdomainName(this, 'configMapName', this.configMapName);
    const logLevel = props.logLevel ?? 2;
    if (!Number.isInteger(logLevel) || logLevel < 0 || logLevel > 10) fail(this, 'logLevel', props.logLevel, 'an integer from 0 to 10');
    for (const [field, value] of [
      ['zoneCategory', props.zoneCategory],
      ['regionCategory', props.regionCategory],
    ] as const) {
      if (value !== undefined && (typeof value !== 'string' || value.trim() !== value || value.length === 0 || CONTROL.test(value))) {
        fail(this, field, value, 'a vSphere tag category name without control characters or leading/trailing spaces');
      }
    }
    const nodes = this.validateNodes(props.nodes);

    this.cloudConfig = this.renderCloudConfig(props, nodes);

    const sa = kubeObject(this, 'ServiceAccount', 'ServiceAccount', {
      metadata: { name: NAME, namespace: NS, labels: component('service-account') },
    });
    const secretKeys = ccmSecretKeys(this._vcenters);
    let secret: ApiObject | undefined;
    if (this.credentials.rendersSecrets) {
      const stringData: Record<string, string> = {};
      for (const k of secretKeys) {
        stringData[k.key] =
          'literal' in k.source
            ? k.source.literal
            : (k.source.env === 'VSPHERE_USERNAME' ? this.credentials.username! : this.credentials.password!).render('raw');
      }
      secret = kubeObject(this, 'Secret', 'Secret', {
        metadata: { name: this.secretName, namespace: NS, labels: component('secret') },
        type: 'Opaque',
        stringData,
      });
      this.credentials.warnIfPlainText(this, `Secret ${NS}/${this.secretName}`);
    } else {
      CreateSecretsScript.of(this).addCcmSecret(this.secretName, NS, secretKeys);
      ClusterModel.of(this).addExternalObject({
        apiVersion: 'v1',
        kind: 'Secret',
        namespace: NS,
        name: this.secretName,
        keys: secretKeys.map((k) => k.key),
        providedBy: 'vsphere/create-secrets.sh (extras folder)',
      });
    }
    // vsphere.conf and each vCenter's CA certificate: the ConfigMap is mounted at /etc/cloud
    const data: Record<string, string> = { 'vsphere.conf': this.cloudConfig };
    for (const v of this._vcenters) if (v.caCertificate) data[v.caCertificate.key] = v.caCertificate.pem;
    const configMap = kubeObject(this, 'ConfigMap', 'ConfigMap', {
      metadata: { name: this.configMapName, namespace: NS, labels: component('config') },
      data,
    });
    const subjects = [
      { kind: 'ServiceAccount', name: NAME, namespace: NS },
      { kind: 'User', name: NAME, apiGroup: 'rbac.authorization.k8s.io' },
    ];
    const authReader = kubeObject(this, 'AuthReaderBinding', 'RoleBinding', {
      metadata: { name: 'servicecatalog.k8s.io:apiserver-authentication-reader', namespace: NS, labels: component('role-binding') },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'extension-apiserver-authentication-reader' },
      subjects,
    });
    const role = clusterScoped(
      kubeObject(this, 'ClusterRole', 'ClusterRole', {
        metadata: { name: `system:${NAME}`, labels: component('role') },
        rules: [
          { apiGroups: [''], resources: ['events'], verbs: ['create', 'patch', 'update'] },
          { apiGroups: [''], resources: ['nodes'], verbs: ['*'] },
          { apiGroups: [''], resources: ['nodes/status'], verbs: ['patch'] },
          { apiGroups: [''], resources: ['services'], verbs: ['list', 'patch', 'update', 'watch'] },
          { apiGroups: [''], resources: ['services/status'], verbs: ['patch'] },
          { apiGroups: [''], resources: ['serviceaccounts'], verbs: ['create', 'get', 'list', 'watch', 'update'] },
          { apiGroups: [''], resources: ['persistentvolumes'], verbs: ['get', 'list', 'update', 'watch'] },
          { apiGroups: [''], resources: ['endpoints'], verbs: ['create', 'get', 'list', 'watch', 'update'] },
          { apiGroups: [''], resources: ['secrets'], verbs: ['get', 'list', 'watch'] },
          { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['create', 'get', 'list', 'watch', 'update'] },
        ],
      }),
    );
    const binding = clusterScoped(
      kubeObject(this, 'ClusterRoleBinding', 'ClusterRoleBinding', {
        metadata: { name: `system:${NAME}`, labels: component('cluster-role-binding') },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: `system:${NAME}` },
        subjects,
      }),
    );
    binding.addDependency(role, sa);
    authReader.addDependency(sa);
    const podLabels = { name: DS_NAME, component: NAME, tier: 'control-plane' };
    const ds = kubeObject(this, 'Resource', 'DaemonSet', {
      metadata: { name: DS_NAME, namespace: NS, labels: { component: NAME, tier: 'control-plane' } },
      spec: {
        selector: { matchLabels: { name: DS_NAME } },
        updateStrategy: { type: 'RollingUpdate' },
        template: {
          metadata: { labels: podLabels },
          spec: {
            tolerations: [
              { key: 'node.cloudprovider.kubernetes.io/uninitialized', value: 'true', effect: 'NoSchedule' },
              { key: 'node-role.kubernetes.io/master', effect: 'NoSchedule', operator: 'Exists' },
              { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule', operator: 'Exists' },
              { key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule', operator: 'Exists' },
            ],
            securityContext: { runAsUser: 1001 },
            serviceAccountName: NAME,
            priorityClassName: 'system-node-critical',
            containers: [
              {
                name: DS_NAME,
                image: this.image,
                args: ['--cloud-provider=vsphere', `--v=${logLevel}`, '--cloud-config=/etc/cloud/vsphere.conf'],
                volumeMounts: [{ mountPath: '/etc/cloud', name: CONFIG_VOLUME, readOnly: true }],
                resources: { requests: { cpu: '200m' } },
              },
            ],
            hostNetwork: true,
            volumes: [{ name: CONFIG_VOLUME, configMap: { name: this.configMapName } }],
            affinity: {
              nodeAffinity: {
                requiredDuringSchedulingIgnoredDuringExecution: {
                  nodeSelectorTerms: [
                    { matchExpressions: [{ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists' }] },
                    { matchExpressions: [{ key: 'node-role.kubernetes.io/master', operator: 'Exists' }] },
                  ],
                },
              },
            },
          },
        },
      },
    });
    ds.addDependency(sa, configMap, binding);
    const model = ClusterModel.of(this);
    const workload = { kind: 'DaemonSet', namespace: NS, name: DS_NAME };
    model.requireFile({ workload, container: DS_NAME, path: '/etc/cloud/vsphere.conf', reason: 'the --cloud-config argument' });
    for (const v of this._vcenters) {
      if (v.caFile !== undefined) {
        model.requireFile({ workload, container: DS_NAME, path: v.caFile, reason: `vsphere.conf vcenter.${v.label}.caFile` });
      }
    }
    if (secret) ds.addDependency(secret);
  }

  /** The validated vCenters (a copy). */
  public get vcenters(): ResolvedVCenter[] {
    return this._vcenters.map((v) => Object.assign({}, v, { datacenters: [...v.datacenters] }));
  }

  private validateNodes(nodes: CloudControllerManagerNodesProps | undefined): Record<string, string> {
    const out: Record<string, string> = {};
    if (nodes === undefined) return out;
    if (nodes === null || typeof nodes !== 'object') fail(this, 'nodes', nodes, 'an object');
    const cidrs = [
      'internalNetworkSubnetCidr',
      'externalNetworkSubnetCidr',
      'excludeInternalNetworkSubnetCidr',
      'excludeExternalNetworkSubnetCidr',
    ] as const;
    const names = ['internalVmNetworkName', 'externalVmNetworkName'] as const;
    // fixed key order (the order of the CPI's `nodes` struct), not object iteration order
    const order = [
      'internalNetworkSubnetCidr',
      'externalNetworkSubnetCidr',
      'internalVmNetworkName',
      'externalVmNetworkName',
      'excludeInternalNetworkSubnetCidr',
      'excludeExternalNetworkSubnetCidr',
    ] as const;
    // Unknown keys (a typo such as `internalNetworkSubnetCIDR` from JavaScript or an `as any` cast) would drop the setting.
    for (const key of Object.keys(nodes)) {
      if ((order as readonly string[]).includes(key) || (nodes as Record<string, unknown>)[key] === undefined) continue;
      const hint = order.find((k) => k.toLowerCase() === key.toLowerCase());
      fail(this, `nodes.${key}`, key, `one of the keys ${order.join(', ')}${hint ? ` (did you mean "${hint}"?)` : ''}`);
    }
    for (const key of order) {
      const value = nodes[key];
      if (value === undefined) continue;
      if ((cidrs as readonly string[]).includes(key)) parseCidr(this, `nodes.${key}`, value);
      if ((names as readonly string[]).includes(key) && (typeof value !== 'string' || value.length === 0 || CONTROL.test(value))) {
        fail(this, `nodes.${key}`, value, 'a vSphere network name without control characters');
      }
      out[key] = value;
    }
    return out;
  }

  private renderCloudConfig(props: CloudControllerManagerProps, nodes: Record<string, string>): string {
    const vcenter: Record<string, Record<string, unknown>> = {};
    for (const v of this._vcenters) {
      const entry: Record<string, unknown> = { server: v.server, port: v.port, insecureFlag: v.insecure, datacenters: [...v.datacenters] };
      if (v.thumbprint !== undefined) entry.thumbprint = v.thumbprint;
      if (v.caFile !== undefined) entry.caFile = v.caFile;
      vcenter[v.label] = entry;
    }
    const doc: Record<string, unknown> = {
      global: { port: 443, insecureFlag: false, secretName: this.secretName, secretNamespace: NS },
      vcenter,
    };
    if (props.regionCategory !== undefined || props.zoneCategory !== undefined) {
      const labels: Record<string, string> = {};
      if (props.regionCategory !== undefined) labels.region = props.regionCategory;
      if (props.zoneCategory !== undefined) labels.zone = props.zoneCategory;
      doc.labels = labels;
    }
    if (Object.keys(nodes).length > 0) doc.nodes = nodes;
    // YAML 1.1 quoting: the CPI reads the file with yaml.v2, where e.g. `yes`/`on` would be booleans.
    return YAML.stringify(doc, { version: '1.1' });
  }
}
