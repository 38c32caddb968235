import { ApiObject } from 'cdk8s';
import type { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { guardDirectSynth } from './direct-synth';

/**
 * `T` with the generated `Quantity` and `IntOrString` wrapper classes replaced by their JSON values (string or
 * number), so a props literal is type-checked against the generated Kubernetes types yet is already plain JSON.
 */
export type PlainJson<T> = T extends k8s.Quantity | k8s.IntOrString
  ? string | number
  : T extends Date
    ? T
    : T extends ReadonlyArray<infer U>
      ? PlainJson<U>[]
      : T extends object
        ? { [K in keyof T]: PlainJson<T[K]> }
        : T;

/** The core kinds the library emits as plain ApiObjects, with their generated props types. */
interface CoreKinds {
  Namespace: k8s.KubeNamespaceProps;
  ResourceQuota: k8s.KubeResourceQuotaProps;
  LimitRange: k8s.KubeLimitRangeProps;
  NetworkPolicy: k8s.KubeNetworkPolicyProps;
  RoleBinding: k8s.KubeRoleBindingProps;
  StorageClass: k8s.KubeStorageClassProps;
  Deployment: k8s.KubeDeploymentProps;
  Service: k8s.KubeServiceProps;
  ServiceAccount: k8s.KubeServiceAccountProps;
  ConfigMap: k8s.KubeConfigMapProps;
  Secret: k8s.KubeSecretProps;
  DaemonSet: k8s.KubeDaemonSetProps;
  Role: k8s.KubeRoleProps;
  ClusterRole: k8s.KubeClusterRoleProps;
  ClusterRoleBinding: k8s.KubeClusterRoleBindingProps;
  CSIDriver: k8s.KubeCsiDriverProps;
}

const API_VERSIONS: { readonly [K in keyof CoreKinds]: string } = {
  Namespace: 'v1',
  ResourceQuota: 'v1',
  LimitRange: 'v1',
  NetworkPolicy: 'networking.k8s.io/v1',
  RoleBinding: 'rbac.authorization.k8s.io/v1',
  StorageClass: 'storage.k8s.io/v1',
  Deployment: 'apps/v1',
  Service: 'v1',
  ServiceAccount: 'v1',
  ConfigMap: 'v1',
  Secret: 'v1',
  DaemonSet: 'apps/v1',
  Role: 'rbac.authorization.k8s.io/v1',
  ClusterRole: 'rbac.authorization.k8s.io/v1',
  ClusterRoleBinding: 'rbac.authorization.k8s.io/v1',
  CSIDriver: 'storage.k8s.io/v1',
};

/**
 * A core Kubernetes object whose props are type-checked against the generated `k8s.Kube<Kind>Props`, emitted as a
 * plain cdk8s `ApiObject`.
 *
 * The generated `k8s.Kube*` classes deep-copy every object through their `toJson_*` converters at synth time; for the
 * same JSON a plain ApiObject skips that copy (cdk8s sorts keys and drops undefined values either way, so the output
 * is byte-identical). See bench/README.md for the measured difference.
 */
export function kubeObject<K extends keyof CoreKinds>(scope: Construct, id: string, kind: K, props: PlainJson<CoreKinds[K]>): ApiObject {
  guardDirectSynth(scope);
  return new ApiObject(scope, id, Object.assign({ apiVersion: API_VERSIONS[kind], kind }, props));
}
