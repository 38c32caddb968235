// The KubeKey cluster config as a construct: a file written next to (never into) the manifests.
import { Construct } from 'constructs';
import { ExtraFile } from '../core/extra-file';
import { warn } from '../core/secret-value';
import { renderKubeKeyConfigWithInfo } from './render';
import { NodeRole } from '../core/node-role';
import { KubeKeyClusterSpec, KubeKeyHost } from './spec';

/** Props of {@link KubeKeyClusterConfig}. */
export interface KubeKeyClusterConfigProps extends KubeKeyClusterSpec {
  /**
   * Path of the file below the extras folder.
   * @default 'kubekey/cluster.yaml'
   */
  readonly path?: string;
}

/**
 * The KubeKey cluster config as a file that is written next to (never into) the manifests: `kubekey/cluster.yaml`.
 * Validation runs in the constructor.
 */
export class KubeKeyClusterConfig extends Construct {
  /** The file path below the extras folder. */
  public readonly path: string;
  /** The rendered YAML. */
  public readonly content: string;
  /** True when the file holds a plaintext SSH password (then it is written with mode 0600). */
  public readonly sensitive: boolean;

  public constructor(scope: Construct, id: string, props: KubeKeyClusterConfigProps) {
    super(scope, id);
    const { path, ...spec } = props;
    const result = renderKubeKeyConfigWithInfo(spec, this);
    this.path = path ?? 'kubekey/cluster.yaml';
    this.content = result.content;
    this.sensitive = result.sensitive;
    for (const w of result.warnings) warn(this, w);
    if (result.sensitive) warn(this, 'a plaintext SSH password is written into the KubeKey config; the file is marked sensitive');
    new ExtraFile(this, 'File', { path: this.path, content: this.content, sensitive: this.sensitive });
  }
}

/** The node facts the generator needs (structurally what NodeVmSpec/NodePool outputs provide). */
export interface KubeKeyNodeLike {
  /** The node hostname (the Kubernetes node name). */
  readonly hostname: string;
  /** The node role. */
  readonly role: NodeRole;
  /** The node IPv4 address, once known. @default - unknown: it must come from `addresses` of {@link kubeKeyHostsFromNodes} */
  readonly ipv4Address?: string;
  /** Node labels KubeKey applies after install. @default - none */
  readonly labels?: Record<string, string>;
}

/** Hosts for the KubeKey config from node descriptions; `addresses` (hostname to IP) fills in addresses known later. */
export function kubeKeyHostsFromNodes(nodes: readonly KubeKeyNodeLike[], addresses: Record<string, string> = {}): KubeKeyHost[] {
  return nodes.map((n) => {
    const host: { -readonly [K in keyof KubeKeyHost]: KubeKeyHost[K] } = {
      name: n.hostname,
      role: n.role,
      internalAddress: addresses[n.hostname] ?? n.ipv4Address,
    };
    if (n.labels !== undefined && Object.keys(n.labels).length > 0) host.labels = n.labels;
    return host;
  });
}
