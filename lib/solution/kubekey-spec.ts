// The KubeKey spec of a solution config (the solution layer maps its config onto the KubeKey layer).
import { KubeKeyClusterSpec } from '../kubekey/spec';
import { kubeKeyHostsFromNodes, KubeKeyNodeLike } from '../kubekey/kubekey-cluster-config';
import type { SolutionConfig } from './config-types';

/**
 * The KubeKey spec for a solution config: one host per node of every pool (hostnames and IPs from the pools, or from
 * `addresses` for IPs known only at deploy time), the config's KubeKey settings, and Antrea's feature gates and
 * settings as Helm values.
 */
export function kubeKeySpecFromConfig(config: SolutionConfig, addresses: Record<string, string> = {}): KubeKeyClusterSpec {
  const nodes: KubeKeyNodeLike[] = config.nodePools.flatMap((pool) =>
    pool.hostnames.map((hostname, i) => ({ hostname, role: pool.role, ipv4Address: pool.ipAddresses?.[i], labels: pool.labels })),
  );
  const k = config.kubekey;
  const values: Record<string, string | number | boolean> = {};
  for (const gate of Object.keys(config.antrea.featureGates).sort()) values[`featureGates.${gate}`] = config.antrea.featureGates[gate];
  values.trafficEncapMode = config.antrea.trafficEncapMode;
  values.trafficEncryptionMode = config.antrea.trafficEncryptionMode;
  values['nodePortLocal.enable'] = config.antrea.nodePortLocal.enable;
  values['nodePortLocal.portRange'] = config.antrea.nodePortLocal.portRange;
  return {
    name: config.clusterName,
    kubernetesVersion: config.kubernetesVersion,
    hosts: kubeKeyHostsFromNodes(nodes, addresses),
    ssh: { user: k.ssh.user, port: k.ssh.port, privateKeyPath: k.ssh.privateKeyPath },
    controlPlaneEndpoint: k.controlPlaneEndpoint,
    containerManager: k.containerManager,
    autoRenewCerts: k.autoRenewCerts,
    kubeletArgs: k.kubeletArgs,
    podsCidr: k.podsCidr,
    serviceCidr: k.serviceCidr,
    schedulableControlPlane: k.schedulableControlPlane,
    antrea: { chartVersion: config.antrea.chartVersion, values },
  };
}
