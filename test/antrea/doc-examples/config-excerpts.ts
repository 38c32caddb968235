import { AntreaConfigProps, MulticlusterTrafficEncryptionMode, TrafficEncapMode } from '../../../lib/antrea';

/**
 * The `antrea-config` ConfigMap excerpts of the docs: edits of the Helm-owned ConfigMap (applying one as a whole object
 * would replace the rest of the configuration), so they are checked as settings: the excerpt must be contained in what
 * `AntreaConfig` renders for `antrea-agent.conf` / `antrea-controller.conf`.
 */
export interface ConfigExcerpt {
  readonly page: string;
  readonly title: string;
  /** The AntreaConfig props that express it. */
  readonly props: AntreaConfigProps;
  /** The `antrea-agent.conf` excerpt. @default - none */
  readonly agent?: string;
  /** The `antrea-controller.conf` excerpt. @default - none */
  readonly controller?: string;
  /** Why AntreaConfig cannot express it yet (listed as missing in docs/networking.md). @default - expressible */
  readonly notExpressible?: string;
}

const MC_GATEWAY = `
featureGates:
  Multicluster: true
multicluster:
  enableGateway: true
  namespace: ""
`;

export const configExcerpts: ConfigExcerpt[] = [
  {
    page: 'docs/antrea-ipam.md',
    title: 'NodeIPAM in antrea-controller.conf',
    props: { nodeIPAM: { enable: true, clusterCIDRs: ['172.100.0.0/16'] } },
    controller: 'nodeIPAM:\n  enableNodeIPAM: true\n  clusterCIDRs: [172.100.0.0/16]\n',
  },
  {
    page: 'docs/antrea-ipam.md',
    title: 'AntreaIPAM on the primary network',
    props: { featureGates: { AntreaIPAM: true }, enableBridgingMode: true, trafficEncapMode: TrafficEncapMode.NO_ENCAP, noSNAT: true },
    controller: 'featureGates:\n  AntreaIPAM: true\n',
    agent: 'featureGates:\n  AntreaIPAM: true\nenableBridgingMode: true\ntrafficEncapMode: "noEncap"\nnoSNAT: true\n',
  },
  {
    page: 'docs/egress.md',
    title: 'Egress feature gate',
    props: { featureGates: { Egress: true } },
    agent: 'featureGates:\n  Egress: true\n',
    controller: 'featureGates:\n  Egress: true\n',
  },
  {
    page: 'docs/traceflow-guide.md',
    title: 'podCIDRs for networkPolicyOnly mode (an install from plain manifests: the Helm chart does not wire it)',
    props: { trafficEncapMode: TrafficEncapMode.NETWORK_POLICY_ONLY, podCIDRs: ['10.10.0.0/16', 'fd00::/12'], renderConfigMap: true },
    agent: 'podCIDRs: "10.10.0.0/16,fd00::/12"\n',
  },
  {
    page: 'docs/node-port-local.md',
    title: 'NodePortLocal enabled',
    props: { nodePortLocal: { enable: true } },
    agent: 'nodePortLocal:\n  enable: true\n',
  },
  {
    page: 'docs/multicluster/quick-start.md',
    title: 'Multicluster gateway',
    props: { featureGates: { Multicluster: true }, multicluster: { enableGateway: true } },
    agent: MC_GATEWAY,
  },
  {
    page: 'docs/multicluster/policy-only-mode.md',
    title: 'Multicluster gateway in policy-only mode',
    props: { featureGates: { Multicluster: true }, multicluster: { enableGateway: true } },
    agent: MC_GATEWAY,
  },
  {
    page: 'docs/multicluster/user-guide.md',
    title: 'Multicluster gateway',
    props: { featureGates: { Multicluster: true }, multicluster: { enableGateway: true } },
    agent: MC_GATEWAY,
  },
  {
    page: 'docs/multicluster/user-guide.md',
    title: 'WireGuard between gateways on port 51821',
    props: {
      featureGates: { Multicluster: true },
      multicluster: { enableGateway: true, trafficEncryptionMode: MulticlusterTrafficEncryptionMode.WIREGUARD, wireGuardPort: 51821 },
    },
    agent:
      'featureGates:\n  Multicluster: true\nmulticluster:\n  enableGateway: true\n  trafficEncryptionMode: "wireGuard"\n  wireGuard:\n    port: 51821\n',
  },
  {
    page: 'docs/multicluster/user-guide.md',
    title: 'Pod-to-Pod connectivity (with the gateway the guide enabled before)',
    props: { featureGates: { Multicluster: true }, multicluster: { enableGateway: true, enablePodToPodConnectivity: true } },
    agent: 'featureGates:\n  Multicluster: true\nmulticluster:\n  enablePodToPodConnectivity: true\n',
  },
  {
    page: 'docs/multicluster/user-guide.md',
    title: 'stretched NetworkPolicy',
    props: { featureGates: { Multicluster: true }, multicluster: { enableGateway: true, enableStretchedNetworkPolicy: true } },
    controller: 'featureGates:\n  Multicluster: true\nmulticluster:\n  enableStretchedNetworkPolicy: true\n',
    agent:
      'featureGates:\n  Multicluster: true\nmulticluster:\n  enableGateway: true\n  enableStretchedNetworkPolicy: true\n  namespace: ""\n',
  },
];
