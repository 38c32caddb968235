import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { App } from 'cdk8s';
import { AntreaConfig, AntreaConfigProps } from '../antrea/antrea-config';
import { ANTREA_CHART_VERSION, ANTREA_HELM_CHART, ANTREA_HELM_REPO } from '../antrea/antrea-helm';
import { fail } from '../core/errors';

/** Arguments of {@link antreaChart}. */
export interface AntreaChartArgs {
  /**
   * The Antrea configuration: an `AntreaConfig` of your App (e.g. `AntreaNetworking.config`), or its props (then a
   * private App holds it, with the same checks).
   */
  readonly config: AntreaConfig | AntreaConfigProps;
  /**
   * Chart version (pinned).
   * @default ANTREA_CHART_VERSION ("2.7.0")
   */
  readonly version?: string;
  /**
   * Chart repository.
   * @default ANTREA_HELM_REPO ("https://charts.antrea.io")
   */
  readonly repo?: string;
}

/**
 * Installs Antrea with Pulumi's `helm.v4.Chart`: chart `antrea` from https://charts.antrea.io at the pinned version,
 * into the config's namespace (default kube-system), with the values of the config ({@link AntreaConfig.helmValues},
 * the same object `antrea/values.yaml` holds). The release is named after the resource (`name`). `helm.v4.Chart`
 * renders the chart in the Kubernetes provider plugin (no helm binary needed) and registers each object as a child.
 * Use it instead of KubeKey's Antrea addon, not as well as it.
 */
export function antreaChart(name: string, args: AntreaChartArgs, opts?: pulumi.ComponentResourceOptions): k8s.helm.v4.Chart {
  const config = args.config instanceof AntreaConfig ? args.config : new AntreaConfig(new App(), 'Antrea', args.config);
  const version = args.version ?? ANTREA_CHART_VERSION;
  if (!/^\d+\.\d+\.\d+$/.test(version)) fail(`antreaChart ${name}`, 'version', version, 'a pinned chart version X.Y.Z such as 2.7.0');
  return new k8s.helm.v4.Chart(
    name,
    {
      chart: ANTREA_HELM_CHART,
      repositoryOpts: { repo: args.repo ?? ANTREA_HELM_REPO },
      version,
      namespace: config.namespace,
      values: config.helmValues(),
    },
    opts,
  );
}
