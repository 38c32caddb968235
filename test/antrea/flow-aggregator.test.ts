import { App, Chart, Testing } from 'cdk8s';
import { parse } from 'yaml';
import {
  AggregatorTransportProtocol,
  AntreaConfig,
  ClickHouseCredentials,
  FlowAggregatorConfig,
  FlowAggregatorMode,
  FlowRecordFormat,
} from '../../lib/antrea';
import { SecretValue } from '../../lib/core/secret-value';
import { findObject, synthValid } from '../helpers';

const creds = () =>
  ClickHouseCredentials.fromSecretValues(SecretValue.deployTime('clickhouse-user'), SecretValue.deployTime('clickhouse-password'));

describe('FlowAggregatorConfig (flow-aggregator chart v2.7.0)', () => {
  test('flow-aggregator.conf, the ClickHouse Secret with placeholders only, and the Helm values', () => {
    const chart = Testing.chart();
    const fa = new FlowAggregatorConfig(chart, 'Fa', {
      mode: FlowAggregatorMode.AGGREGATE,
      activeFlowRecordTimeout: '30s',
      aggregatorTransportProtocol: AggregatorTransportProtocol.NONE,
      podLabels: true,
      flowCollector: { address: 'ipfix.example.com:4739:tls', recordFormat: FlowRecordFormat.JSON, observationDomainID: 7 },
      clickHouse: { credentials: creds(), commitInterval: '10s' },
      clusterID: 'east',
      renderManifests: true,
    });
    const objs = synthValid(chart);
    const cm = findObject(objs, 'ConfigMap', 'flow-aggregator-configmap', 'flow-aggregator');
    expect(parse(cm.data['flow-aggregator.conf'])).toEqual({
      mode: 'Aggregate',
      activeFlowRecordTimeout: '30s',
      inactiveFlowRecordTimeout: '90s',
      aggregatorTransportProtocol: 'none',
      flowAggregatorAddress: '',
      recordContents: { podLabels: true },
      flowCollector: {
        enable: true,
        address: 'ipfix.example.com:4739:tls',
        observationDomainID: 7,
        recordFormat: 'JSON',
        includeK8sNames: true,
        includeK8sUIDs: false,
      },
      clickHouse: {
        enable: true,
        database: 'default',
        databaseURL: 'tcp://clickhouse-clickhouse.flow-visibility.svc:9000',
        tls: { insecureSkipVerify: false, caCert: false },
        compress: true,
        commitInterval: '10s',
      },
      clusterID: 'east',
    });
    const secret = findObject(objs, 'Secret', 'clickhouse-secret', 'flow-aggregator');
    expect(secret.stringData).toEqual({ username: '${secret:clickhouse-user:raw}', password: '${secret:clickhouse-password:raw}' });
    expect(JSON.stringify(objs)).not.toContain('clickhouse_operator');
    expect((fa.helmValues().clickHouse as any).connectionSecret).toEqual({
      username: '${secret:clickhouse-user:raw}',
      password: '${secret:clickhouse-password:raw}',
    });
    expect((fa.helmValues({ 'clickhouse-user': 'u', 'clickhouse-password': 'p' }).clickHouse as any).connectionSecret).toEqual({
      username: 'u',
      password: 'p',
    });
    expect(fa.agentCollectorAddr).toBe('flow-aggregator/flow-aggregator:14739:grpc');
  });

  test('defaults: nothing rendered unless renderManifests; an existing Secret puts no credentials anywhere', () => {
    const chart = Testing.chart();
    const fa = new FlowAggregatorConfig(chart, 'Fa', { clickHouse: { credentials: ClickHouseCredentials.existingSecret() } });
    expect(synthValid(chart)).toEqual([]);
    expect(fa.helmValues()).toEqual({
      mode: 'Aggregate',
      activeFlowRecordTimeout: '60s',
      inactiveFlowRecordTimeout: '90s',
      aggregatorTransportProtocol: 'tls',
      recordContents: { podLabels: false },
      flowCollector: { enable: false, address: '', recordFormat: 'IPFIX', includeK8sNames: true, includeK8sUIDs: false },
      clickHouse: {
        enable: true,
        databaseURL: 'tcp://clickhouse-clickhouse.flow-visibility.svc:9000',
        tls: { insecureSkipVerify: false, caCert: false },
        compress: true,
        commitInterval: '8s',
      },
      clusterID: '',
    });
  });

  test.each([
    [{ activeFlowRecordTimeout: '500ms' }, /activeFlowRecordTimeout: got "500ms", expected a Go duration of at least 1s/],
    [{ mode: 'Relay' }, /mode: got "Relay", expected one of Aggregate, Proxy/],
    [{ aggregatorTransportProtocol: 'sctp' }, /aggregatorTransportProtocol: got "sctp", expected one of tls, tcp, udp, none/],
    [
      { flowCollector: { address: 'collector' } },
      /flowCollector.address: got "collector", expected an address "<host>:<port>\[:tcp\|udp\|tls\]"/,
    ],
    [
      { flowCollector: { address: 'c:4739', observationDomainID: -1 } },
      /flowCollector.observationDomainID: got -1, expected an integer from 0 to 4294967295/,
    ],
    [
      { clickHouse: { credentials: creds(), databaseURL: 'clickhouse:9000' } },
      /clickHouse.databaseURL: got "clickhouse:9000", expected "<tcp\|tls\|http\|https>:\/\/<host>:<port>"/,
    ],
    [
      {
        clickHouse: { credentials: ClickHouseCredentials.fromSecretValues(SecretValue.unsafePlainText('u'), SecretValue.deployTime('p')) },
      },
      /clickHouse.credentials.username: got "<plaintext>", expected SecretValue.deployTime\(key\) \(ClickHouse credentials are never written as plaintext\)/,
    ],
    [
      { clickHouse: { credentials: { user: 'x' } } },
      /clickHouse.credentials: got \{"user":"x"\}, expected ClickHouseCredentials.existingSecret\(\)/,
    ],
    [
      { clickHouse: { credentials: creds(), insecureSkipVerify: true } },
      /clickHouse.insecureSkipVerify: got true, expected false for the tcp protocol \(TLS settings need tls or https\)/,
    ],
    [
      { clickHouse: { credentials: creds(), commitInterval: '0s' } },
      /clickHouse.commitInterval: got "0s", expected a positive Go duration/,
    ],
    [{ namespace: 'Flow' }, /namespace: got "Flow"/],
    [{ podLabels: 'yes' }, /podLabels: got "yes", expected true or false/],
  ])('rejects %j', (props, message) => {
    expect(() => new FlowAggregatorConfig(Testing.chart(), 'Fa', props as any)).toThrow(message);
  });

  test('the AntreaConfig of the App must export flows to this aggregator (FlowExporter gate, enable, address)', () => {
    const build = (flowExporter: object, gates: Record<string, boolean>): App => {
      const app = Testing.app();
      const chart = new Chart(app, 'test');
      new AntreaConfig(chart, 'Antrea', { featureGates: gates, flowExporter });
      new FlowAggregatorConfig(chart, 'Fa', { namespace: 'flows' });
      return app;
    };
    expect(() => build({}, {}).synth()).toThrow(
      /\[test\/Fa\] featureGates.FlowExporter: got false, expected true in AntreaConfig test\/Antrea/,
    );
    expect(() => build({}, {}).synth()).toThrow(/\[test\/Fa\] flowExporter.enable: got false, expected true in AntreaConfig test\/Antrea/);
    expect(() => build({ enable: true }, { FlowExporter: true }).synth()).toThrow(
      /\[test\/Fa\] flowExporter.flowCollectorAddr: got "flow-aggregator\/flow-aggregator:14739:grpc", expected "flows\/flow-aggregator:14739:grpc"/,
    );
    const ok = build({ enable: true, flowCollectorAddr: 'flows/flow-aggregator:14739:grpc' }, { FlowExporter: true });
    for (const c of ok.charts) synthValid(c);
  });
});
