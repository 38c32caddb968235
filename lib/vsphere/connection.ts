import { VsphereCredentials } from './credentials';
import { VCenterProps } from './vcenter';

/**
 * What the vSphere components of a cluster share: the vCenters they talk to, the credentials they log in with and
 * the cluster's Kubernetes version (which picks their images and release windows). `CloudControllerManagerProps` and
 * `CsiDriverProps` extend it, so one object can configure both.
 */
export interface VsphereConnectionProps {
  /** The vCenters (one `VirtualCenter` section each in the component's config, one credentials pair each). */
  readonly vcenters: VCenterProps[];
  /** The cluster's Kubernetes version (`1.33`, `1.33.2` or `v1.33.2`). */
  readonly kubernetesVersion: string;
  /**
   * The vCenter credentials.
   * @default VsphereCredentials.fromExistingSecret()
   */
  readonly credentials?: VsphereCredentials;
}
