import { IConstruct } from 'constructs';
import { ClusterModel } from '../core/cluster-model';

/**
 * The `crd.antrea.io` kinds an Antrea v2.7.0 installation (antrea.yml or the Helm chart) installs. The multicluster
 * kinds (`multicluster.crd.antrea.io`, `multicluster.x-k8s.io`) come with the Antrea Multi-cluster controller instead.
 * @internal
 */
export const ANTREA_CRD_KINDS: readonly string[] = [
  'AntreaAgentInfo',
  'AntreaControllerInfo',
  'AntreaNodeConfig',
  'BGPPolicy',
  'ClusterGroup',
  'ClusterNetworkPolicy',
  'Egress',
  'ExternalEntity',
  'ExternalIPPool',
  'ExternalNode',
  'FlowExporterDestination',
  'Group',
  'IPPool',
  'NetworkPolicy',
  'NodeLatencyMonitor',
  'PacketCapture',
  'SupportBundleCollection',
  'Tier',
  'Traceflow',
  'TrafficControl',
];

/**
 * Declares that Antrea is installed in the cluster (its `crd.antrea.io` CRDs exist), for the preflight's CRD check.
 * @param providedBy who installs Antrea, for messages, e.g. 'Antrea v2.7.0 (KubeKey addon)'
 */
export function declareAntreaInstalled(scope: IConstruct, providedBy: string): void {
  const model = ClusterModel.of(scope);
  for (const kind of ANTREA_CRD_KINDS) model.addPrerequisiteCrd(`crd.antrea.io/${kind}`, providedBy);
}
