import { kubeObject } from '../core/kube-object';
import { Construct, IConstruct } from 'constructs';
import { stringify } from 'yaml';
import { addSynthCheck, fail } from '../core/errors';
import { parseIp } from '../core/ip';
import { isDns1123Subdomain, validateLabelName } from '../core/names';
import { SecretValue, substituteSecretPlaceholders } from '../core/secret-value';
import { AntreaConfig } from './antrea-config';

/** How the Flow Aggregator handles the records of both ends of a connection (`mode`). */
export enum FlowAggregatorMode {
  /** Records from source and destination are aggregated into one record (default). */
  AGGREGATE = 'Aggregate',
  /** Records are enriched and sent on at once, without aggregation. */
  PROXY = 'Proxy',
}

/** Transport of the Flow Aggregator's IPFIX collector (`aggregatorTransportProtocol`); agents always use gRPC. */
export enum AggregatorTransportProtocol {
  /** IPFIX over TLS (default). */
  TLS = 'tls',
  /** IPFIX over TCP. */
  TCP = 'tcp',
  /** IPFIX over UDP. */
  UDP = 'udp',
  /** No IPFIX collector (only the gRPC collector for Antrea agents). */
  NONE = 'none',
}

/** Format of the records sent to an external flow collector (`flowCollector.recordFormat`). */
export enum FlowRecordFormat {
  /** IPFIX (default). */
  IPFIX = 'IPFIX',
  /** JSON. */
  JSON = 'JSON',
}

/** An external IPFIX/JSON flow collector the aggregator exports to (`flowCollector.*`). */
export interface FlowCollectorSettings {
  /** Collector address `<host>:<port>[:<proto>]`, proto `tcp`, `udp` or `tls`. */
  readonly address: string;
  /**
   * 32-bit Observation Domain ID.
   * @default - derived from the cluster UUID
   */
  readonly observationDomainID?: number;
  /**
   * Record format.
   * @default FlowRecordFormat.IPFIX
   */
  readonly recordFormat?: FlowRecordFormat;
  /**
   * Include Kubernetes names in the records.
   * @default true
   */
  readonly includeK8sNames?: boolean;
  /**
   * Include Kubernetes UIDs in the records.
   * @default false
   */
  readonly includeK8sUIDs?: boolean;
}

/** ClickHouse credentials: kept out of the synthesized YAML. */
export class ClickHouseCredentials {
  /**
   * The Secret `clickhouse-secret` (keys `username`, `password`, the names the chart's Deployment reads) already exists
   * in the Flow Aggregator Namespace, created outside this App.
   */
  public static existingSecret(): ClickHouseCredentials {
    return new ClickHouseCredentials(undefined, undefined);
  }

  /**
   * Deploy-time values (`SecretValue.deployTime(key)`): the Secret `clickhouse-secret` is emitted with placeholders
   * that the Pulumi adapter fills from Pulumi secrets. Plaintext values are refused.
   */
  public static fromSecretValues(username: SecretValue, password: SecretValue): ClickHouseCredentials {
    return new ClickHouseCredentials(username, password);
  }

  private constructor(
    /** @internal */ public readonly _username: SecretValue | undefined,
    /** @internal */ public readonly _password: SecretValue | undefined,
  ) {}
}

/** ClickHouse sink of the Flow Aggregator (`clickHouse.*`; the Theia flow-visibility database). */
export interface ClickHouseSettings {
  /**
   * `<protocol>://<host>:<port>`, protocol `tcp`, `tls`, `http` or `https`.
   * @default "tcp://clickhouse-clickhouse.flow-visibility.svc:9000"
   */
  readonly databaseURL?: string;
  /** How the aggregator gets its ClickHouse user and password. */
  readonly credentials: ClickHouseCredentials;
  /**
   * Skip verification of the server certificate (tls/https only).
   * @default false
   */
  readonly insecureSkipVerify?: boolean;
  /**
   * Verify the server with the CA of the Secret `clickhouse-ca` (tls/https only).
   * @default false
   */
  readonly caCert?: boolean;
  /**
   * Compress the records sent to ClickHouse.
   * @default true
   */
  readonly compress?: boolean;
  /**
   * Batch commit interval, a Go duration.
   * @default "8s"
   */
  readonly commitInterval?: string;
}

/** Props of {@link FlowAggregatorConfig}. */
export interface FlowAggregatorConfigProps {
  /**
   * Namespace of the Flow Aggregator (its Helm release Namespace).
   * @default "flow-aggregator"
   */
  readonly namespace?: string;
  /**
   * Aggregation mode.
   * @default FlowAggregatorMode.AGGREGATE
   */
  readonly mode?: FlowAggregatorMode;
  /**
   * Active flow record timeout, a Go duration of at least 1s.
   * @default "60s"
   */
  readonly activeFlowRecordTimeout?: string;
  /**
   * Inactive flow record timeout, a Go duration of at least 1s.
   * @default "90s"
   */
  readonly inactiveFlowRecordTimeout?: string;
  /**
   * Transport of the IPFIX collector.
   * @default AggregatorTransportProtocol.TLS
   */
  readonly aggregatorTransportProtocol?: AggregatorTransportProtocol;
  /**
   * Include Pod labels in the records.
   * @default false
   */
  readonly podLabels?: boolean;
  /**
   * An external flow collector.
   * @default - none (flowCollector.enable false)
   */
  readonly flowCollector?: FlowCollectorSettings;
  /**
   * The ClickHouse database (Theia).
   * @default - none (clickHouse.enable false)
   */
  readonly clickHouse?: ClickHouseSettings;
  /**
   * The cluster ID in the records.
   * @default "" (the cluster UUID generated by Antrea)
   */
  readonly clusterID?: string;
  /**
   * Emit the ConfigMap `flow-aggregator-configmap` (`flow-aggregator.conf`) and, with deploy-time ClickHouse
   * credentials, the Secret `clickhouse-secret`. Leave it off when the Flow Aggregator is installed with its Helm chart,
   * which owns both (pass `helmValues()` to the chart instead).
   * @default false
   */
  readonly renderManifests?: boolean;
}

const DURATION = /^([0-9]+(\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$/;
const DB_URL = /^(tcp|tls|http|https):\/\/(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):([0-9]{1,5})$/;
/** The gRPC port of the Flow Aggregator Service that Antrea agents export to. @internal */
export const FLOW_AGGREGATOR_GRPC_PORT = 14739;

function durationSeconds(text: string): number {
  const units: Record<string, number> = { ns: 1e-9, us: 1e-6, µs: 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600 };
  let total = 0;
  for (const m of text.matchAll(/([0-9]+(?:\.[0-9]+)?)(ns|us|µs|ms|s|m|h)/g)) total += Number(m[1]) * units[m[2]];
  return total;
}

function bool(scope: IConstruct, field: string, value: unknown, def: boolean): boolean {
  if (value === undefined) return def;
  if (typeof value !== 'boolean') fail(scope, field, value, 'true or false');
  return value;
}

function oneOf<T extends string>(scope: IConstruct, field: string, value: T, values: string[]): T {
  if (!values.includes(value)) fail(scope, field, value, `one of ${values.join(', ')}`);
  return value;
}

/**
 * The Flow Aggregator of Antrea flow visibility (chart `flow-aggregator` of https://charts.antrea.io, v2.7.0): its
 * `flow-aggregator.conf` settings as typed props, the Helm values, and a cross-check that the App's AntreaConfig
 * exports flows to it (`flowExporter.enable`, the `FlowExporter` gate, `flowCollectorAddr` = this aggregator's Service,
 * gRPC port 14739). ClickHouse credentials are never plaintext: an existing Secret or deploy-time placeholders.
 */
export class FlowAggregatorConfig extends Construct {
  /** Namespace of the Flow Aggregator. */
  public readonly namespace: string;
  /** The `flow-aggregator.conf` content. */
  public readonly conf: string;
  /** The flow collector address Antrea agents must use: `<namespace>/flow-aggregator:14739:grpc`. */
  public readonly agentCollectorAddr: string;

  private readonly values: Record<string, unknown>;

  public constructor(scope: Construct, id: string, props: FlowAggregatorConfigProps = {}) {
    super(scope, id);
    this.namespace = props.namespace ?? 'flow-aggregator';
    validateLabelName(this, 'namespace', this.namespace);
    const mode = oneOf(this, 'mode', props.mode ?? FlowAggregatorMode.AGGREGATE, Object.values(FlowAggregatorMode));
    const timeout = (field: string, value: string | undefined, def: string): string => {
      const v = value ?? def;
      if (typeof v !== 'string' || !DURATION.test(v) || durationSeconds(v) < 1)
        fail(this, field, v, 'a Go duration of at least 1s, e.g. "60s" or "2m"');
      return v;
    };
    const active = timeout('activeFlowRecordTimeout', props.activeFlowRecordTimeout, '60s');
    const inactive = timeout('inactiveFlowRecordTimeout', props.inactiveFlowRecordTimeout, '90s');
    const transport = oneOf(
      this,
      'aggregatorTransportProtocol',
      props.aggregatorTransportProtocol ?? AggregatorTransportProtocol.TLS,
      Object.values(AggregatorTransportProtocol),
    );
    const podLabels = bool(this, 'podLabels', props.podLabels, false);
    const clusterID = props.clusterID ?? '';
    if (typeof clusterID !== 'string') fail(this, 'clusterID', clusterID, 'a string');

    const fc = props.flowCollector;
    const flowCollector: Record<string, unknown> = { enable: fc !== undefined, address: fc?.address ?? '' };
    if (fc) {
      const m = /^(\[[^\]]+\]|[^\s:[\]]+):([0-9]{1,5})(?::(tcp|udp|tls))?$/.exec(String(fc.address));
      const hostOk =
        m &&
        (m[1].startsWith('[') ? parseIp(m[1].slice(1, -1))?.family === 'IPv6' : parseIp(m[1]) !== undefined || isDns1123Subdomain(m[1]));
      if (!m || !hostOk || Number(m[2]) < 1 || Number(m[2]) > 65535)
        fail(
          this,
          'flowCollector.address',
          fc.address,
          'an address "<host>:<port>[:tcp|udp|tls]", e.g. "ipfix-collector.example.com:4739:tls"',
        );
      if (fc.observationDomainID !== undefined) {
        if (!Number.isInteger(fc.observationDomainID) || fc.observationDomainID < 0 || fc.observationDomainID > 0xffffffff)
          fail(this, 'flowCollector.observationDomainID', fc.observationDomainID, 'an integer from 0 to 4294967295');
        flowCollector.observationDomainID = fc.observationDomainID;
      }
      flowCollector.recordFormat = oneOf(
        this,
        'flowCollector.recordFormat',
        fc.recordFormat ?? FlowRecordFormat.IPFIX,
        Object.values(FlowRecordFormat),
      );
      flowCollector.includeK8sNames = bool(this, 'flowCollector.includeK8sNames', fc.includeK8sNames, true);
      flowCollector.includeK8sUIDs = bool(this, 'flowCollector.includeK8sUIDs', fc.includeK8sUIDs, false);
    } else {
      Object.assign(flowCollector, { recordFormat: 'IPFIX', includeK8sNames: true, includeK8sUIDs: false });
    }

    const ch = props.clickHouse;
    const clickHouse: Record<string, unknown> = { enable: ch !== undefined };
    let credentials: { username: SecretValue; password: SecretValue } | undefined;
    if (ch) {
      const url = ch.databaseURL ?? 'tcp://clickhouse-clickhouse.flow-visibility.svc:9000';
      const m = DB_URL.exec(String(url));
      if (!m || Number(m[3]) < 1 || Number(m[3]) > 65535)
        fail(
          this,
          'clickHouse.databaseURL',
          url,
          '"<tcp|tls|http|https>://<host>:<port>", e.g. "tcp://clickhouse-clickhouse.flow-visibility.svc:9000"',
        );
      if (!(ch.credentials instanceof ClickHouseCredentials))
        fail(
          this,
          'clickHouse.credentials',
          ch.credentials,
          'ClickHouseCredentials.existingSecret() or ClickHouseCredentials.fromSecretValues(...)',
        );
      const { _username: u, _password: p } = ch.credentials;
      if (u !== undefined && p !== undefined) {
        for (const [field, v] of [
          ['username', u],
          ['password', p],
        ] as const) {
          if (!(v instanceof SecretValue)) fail(this, `clickHouse.credentials.${field}`, v, 'a SecretValue.deployTime(key)');
          if (v.isPlainText)
            fail(
              this,
              `clickHouse.credentials.${field}`,
              '<plaintext>',
              'SecretValue.deployTime(key) (ClickHouse credentials are never written as plaintext)',
            );
        }
        credentials = { username: u, password: p };
      }
      const secure = m[1] === 'tls' || m[1] === 'https';
      const insecureSkipVerify = bool(this, 'clickHouse.insecureSkipVerify', ch.insecureSkipVerify, false);
      const caCert = bool(this, 'clickHouse.caCert', ch.caCert, false);
      if (!secure && (insecureSkipVerify || caCert))
        fail(
          this,
          insecureSkipVerify ? 'clickHouse.insecureSkipVerify' : 'clickHouse.caCert',
          true,
          `false for the ${m[1]} protocol (TLS settings need tls or https)`,
        );
      const commitInterval = ch.commitInterval ?? '8s';
      if (typeof commitInterval !== 'string' || !DURATION.test(commitInterval) || durationSeconds(commitInterval) <= 0)
        fail(this, 'clickHouse.commitInterval', commitInterval, 'a positive Go duration, e.g. "8s"');
      Object.assign(clickHouse, {
        databaseURL: url,
        tls: { insecureSkipVerify, caCert },
        compress: bool(this, 'clickHouse.compress', ch.compress, true),
        commitInterval,
      });
    } else {
      Object.assign(clickHouse, {
        databaseURL: 'tcp://clickhouse-clickhouse.flow-visibility.svc:9000',
        tls: { insecureSkipVerify: false, caCert: false },
        compress: true,
        commitInterval: '8s',
      });
    }

    this.agentCollectorAddr = `${this.namespace}/flow-aggregator:${FLOW_AGGREGATOR_GRPC_PORT}:grpc`;
    this.values = {
      mode,
      activeFlowRecordTimeout: active,
      inactiveFlowRecordTimeout: inactive,
      aggregatorTransportProtocol: transport,
      recordContents: { podLabels },
      flowCollector,
      clickHouse: Object.assign(
        {},
        clickHouse,
        credentials
          ? {
              connectionSecret: { username: credentials.username.render('raw'), password: credentials.password.render('raw') },
            }
          : {},
      ),
      clusterID,
    };
    const confClickHouse = Object.assign({ enable: clickHouse.enable, database: 'default' }, clickHouse);
    this.conf = stringify({
      mode,
      activeFlowRecordTimeout: active,
      inactiveFlowRecordTimeout: inactive,
      aggregatorTransportProtocol: transport,
      flowAggregatorAddress: '',
      recordContents: { podLabels },
      flowCollector,
      clickHouse: confClickHouse,
      clusterID,
    });

    const render = bool(this, 'renderManifests', props.renderManifests, false);
    if (render) {
      kubeObject(this, 'ConfigMap', 'ConfigMap', {
        metadata: { name: 'flow-aggregator-configmap', namespace: this.namespace, labels: { app: 'flow-aggregator' } },
        data: { 'flow-aggregator.conf': this.conf },
      });
      if (credentials) {
        kubeObject(this, 'ClickHouseSecret', 'Secret', {
          metadata: { name: 'clickhouse-secret', namespace: this.namespace, labels: { app: 'flow-aggregator' } },
          type: 'Opaque',
          stringData: { username: credentials.username.render('raw'), password: credentials.password.render('raw') },
        });
      }
    }

    addSynthCheck(this, () => {
      const c = AntreaConfig.of(this);
      if (!c) return [];
      const at = `in AntreaConfig ${c.node.path} (the Flow Aggregator ${this.node.path} receives the agents' flows)`;
      const errors: Array<{ field: string; value: unknown; allowed: string }> = [];
      if (!c.featureGateEnabled('FlowExporter')) errors.push({ field: 'featureGates.FlowExporter', value: false, allowed: `true ${at}` });
      if (!c.flowExporterEnabled) errors.push({ field: 'flowExporter.enable', value: false, allowed: `true ${at}` });
      const addr = c.flowCollectorAddr;
      const svc = /^([^/:]+)\/([^/:]+):(\d+)(?::(\w+))?$/.exec(addr);
      if (
        svc &&
        (svc[1] !== this.namespace ||
          svc[2] !== 'flow-aggregator' ||
          Number(svc[3]) !== FLOW_AGGREGATOR_GRPC_PORT ||
          (svc[4] ?? 'grpc') !== 'grpc')
      ) {
        errors.push({ field: 'flowExporter.flowCollectorAddr', value: addr, allowed: `"${this.agentCollectorAddr}" ${at}` });
      }
      return errors;
    });
  }

  /**
   * The Helm values of the `flow-aggregator` chart for these settings (a new object on every call). With deploy-time
   * ClickHouse credentials, `clickHouse.connectionSecret` holds their placeholders unless `secretValues` (deploy-time
   * key → value, e.g. from Pulumi secrets) is given: pass the result to Helm at deploy time, never write it to a file.
   * With `ClickHouseCredentials.existingSecret()` no credentials are in the values; note that the chart itself then
   * still renders its `clickhouse-secret` from its default `connectionSecret` values, so install it with the real ones.
   */
  public helmValues(secretValues?: { readonly [key: string]: string }): Record<string, unknown> {
    const copy = JSON.parse(JSON.stringify(this.values)) as Record<string, any>;
    const cs = copy.clickHouse?.connectionSecret;
    if (cs && secretValues) {
      cs.username = substituteSecretPlaceholders(cs.username, secretValues, 'clickHouse.connectionSecret.username');
      cs.password = substituteSecretPlaceholders(cs.password, secretValues, 'clickHouse.connectionSecret.password');
    }
    return copy;
  }
}
