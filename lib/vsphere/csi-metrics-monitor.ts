import { Construct, IConstruct } from 'constructs';
import * as mon from '../../imports/monitoring.coreos.com';
import { fail } from '../core/errors';
import { validateLabelName, validateLabels, validateSubdomainName } from '../core/names';

/** The metrics ports of the `vsphere-csi-controller` Service: `ctlr` (2112, the CSI controller) and `syncer` (2113, the syncer). */
export type CsiMetricsPort = 'ctlr' | 'syncer';

/** The namespace the vSphere CSI driver runs in. */
const VSPHERE_CSI_NAMESPACE = 'vmware-system-csi';

const PORTS: readonly string[] = ['ctlr', 'syncer'];
const DURATION = /^(0|(\d+y)?(\d+w)?(\d+d)?(\d+h)?(\d+m)?(\d+s)?(\d+ms)?)$/;
const DURATION_UNITS: Record<string, number> = { y: 365 * 86400000, w: 7 * 86400000, d: 86400000, h: 3600000, m: 60000, s: 1000, ms: 1 };

/** Milliseconds of a Prometheus duration, or undefined when `d` is not one. */
function durationMs(d: string): number | undefined {
  if (typeof d !== 'string' || d.length === 0 || !DURATION.test(d)) return undefined;
  let total = 0;
  for (const m of d.matchAll(/(\d+)(ms|y|w|d|h|m|s)/g)) total += Number(m[1]) * DURATION_UNITS[m[2]];
  return total;
}

/** Props of {@link CsiMetricsMonitor}. */
export interface CsiMetricsMonitorProps {
  /**
   * The ServiceMonitor name.
   * @default 'vsphere-csi-controller'
   */
  readonly name?: string;
  /**
   * The namespace of the ServiceMonitor and of the CSI controller Service it selects.
   * @default 'vmware-system-csi'
   */
  readonly namespace?: string;
  /**
   * Which Service ports to scrape (both serve plain HTTP `/metrics`).
   * @default ['ctlr', 'syncer']
   */
  readonly ports?: CsiMetricsPort[];
  /**
   * Scrape interval (Prometheus duration, e.g. `30s`).
   * @default - the Prometheus scrape interval
   */
  readonly interval?: string;
  /**
   * Scrape timeout (Prometheus duration, at most `interval`).
   * @default - the Prometheus scrape timeout
   */
  readonly scrapeTimeout?: string;
  /**
   * Labels of the ServiceMonitor, e.g. the one your Prometheus `serviceMonitorSelector` matches (`release: prometheus`).
   * @default - none
   */
  readonly labels?: Record<string, string>;
  /**
   * Constructs this object must be applied after, e.g. the construct that installs the prometheus-operator CRDs.
   * More can be added with {@link CsiMetricsMonitor.addDependency}.
   * @default - none
   */
  readonly dependsOn?: IConstruct[];
}

/**
 * A ServiceMonitor (`monitoring.coreos.com/v1`) for the vSphere CSI controller metrics: the `vsphere-csi-controller`
 * Service (label `app: vsphere-csi-controller`) ports `ctlr` (2112) and `syncer` (2113), path `/metrics`.
 * Needs the prometheus-operator CRDs (use `dependsOn`).
 */
export class CsiMetricsMonitor extends Construct {
  /** The ServiceMonitor name. */
  public readonly name: string;
  /** The namespace of the ServiceMonitor and the selected Service. */
  public readonly namespace: string;
  private readonly _ports: CsiMetricsPort[];
  private readonly resource: mon.ServiceMonitor;

  public constructor(scope: Construct, id: string, props: CsiMetricsMonitorProps = {}) {
    super(scope, id);
    this.name = props.name ?? 'vsphere-csi-controller';
    validateSubdomainName(this, 'name', this.name);
    this.namespace = props.namespace ?? VSPHERE_CSI_NAMESPACE;
    validateLabelName(this, 'namespace', this.namespace);
    validateLabels(this, 'labels', props.labels);

    const ports = props.ports ?? ['ctlr', 'syncer'];
    if (!Array.isArray(ports) || ports.length === 0) fail(this, 'ports', ports, 'at least one of ctlr, syncer');
    const seen = new Set<string>();
    ports.forEach((p, i) => {
      if (!PORTS.includes(p)) fail(this, `ports[${i}]`, p, 'one of ctlr (2112), syncer (2113)');
      if (seen.has(p)) fail(this, `ports[${i}]`, p, 'a port not already listed');
      seen.add(p);
    });
    this._ports = [...ports];

    const interval = props.interval;
    const intervalMs = interval !== undefined ? durationMs(interval) : undefined;
    if (interval !== undefined && intervalMs === undefined) fail(this, 'interval', interval, 'a Prometheus duration such as 30s or 1m30s');
    const timeout = props.scrapeTimeout;
    const timeoutMs = timeout !== undefined ? durationMs(timeout) : undefined;
    if (timeout !== undefined && timeoutMs === undefined) fail(this, 'scrapeTimeout', timeout, 'a Prometheus duration such as 10s');
    if (intervalMs !== undefined && timeoutMs !== undefined && timeoutMs > intervalMs) {
      fail(this, 'scrapeTimeout', timeout, `a duration not longer than the interval ${interval}`);
    }

    this.resource = new mon.ServiceMonitor(this, 'Resource', {
      metadata: {
        name: this.name,
        namespace: this.namespace,
        labels: props.labels && Object.keys(props.labels).length > 0 ? { ...props.labels } : undefined,
      },
      spec: {
        selector: { matchLabels: { app: 'vsphere-csi-controller' } },
        namespaceSelector: { matchNames: [this.namespace] },
        endpoints: this._ports.map((port) => ({
          port,
          path: '/metrics',
          scheme: mon.ServiceMonitorSpecEndpointsScheme.HTTP,
          interval,
          scrapeTimeout: timeout,
        })),
      },
    });
    this.addDependency(...(props.dependsOn ?? []));
  }

  /** The scraped ports (a copy). */
  public get ports(): CsiMetricsPort[] {
    return [...this._ports];
  }

  /** Makes this object be applied after `deps` (e.g. the prometheus-operator CRDs). Dependencies in other apps are an error. */
  public addDependency(...deps: IConstruct[]): void {
    deps.forEach((d, i) => {
      if (!d || d.node.root !== this.node.root) fail(this, `dependsOn[${i}]`, d?.node?.path ?? d, 'a construct in the same app');
      this.resource.addDependency(d);
    });
  }
}
