import { Helm, HelmProps } from 'cdk8s';
import { Construct } from 'constructs';
import { fail } from '../core/errors';
import { AntreaConfig } from './antrea-config';

/** The Antrea Helm chart repository. @internal */
export const ANTREA_HELM_REPO = 'https://charts.antrea.io';
/** The Antrea chart name in that repository. @internal */
export const ANTREA_HELM_CHART = 'antrea';
/** The pinned Antrea chart version (the Antrea version this library's CRDs, gates and checks are built for). */
export const ANTREA_CHART_VERSION = '2.7.0';

/** Options of {@link antreaHelmProps} and {@link addAntreaHelm}. */
export interface AntreaHelmOptions {
  /**
   * Chart version (pinned: without a version Helm renders the newest chart).
   * @default ANTREA_CHART_VERSION ("2.7.0")
   */
  readonly version?: string;
  /**
   * Chart repository.
   * @default ANTREA_HELM_REPO ("https://charts.antrea.io")
   */
  readonly repo?: string;
  /**
   * Helm release name.
   * @default "antrea"
   */
  readonly releaseName?: string;
  /**
   * The helm executable.
   * @default "helm" (from PATH)
   */
  readonly helmExecutable?: string;
  /**
   * Extra `helm template` flags, after `--include-crds` (the chart ships its CRDs in `crds/`, which `helm template`
   * leaves out without it).
   * @default - none
   */
  readonly helmFlags?: string[];
}

/**
 * The props of cdk8s' `Helm` construct for the Antrea chart with the values of `config`
 * ({@link AntreaConfig.helmValues}, the same object `antrea/values.yaml` holds): chart `antrea` from
 * https://charts.antrea.io at the pinned version, release `antrea` in the config's namespace (default kube-system),
 * with the chart's CRDs. Building the props needs no helm binary; pass them to `new Helm(...)` or use
 * {@link addAntreaHelm}.
 */
export function antreaHelmProps(config: AntreaConfig, options: AntreaHelmOptions = {}): HelmProps {
  const version = options.version ?? ANTREA_CHART_VERSION;
  if (!/^\d+\.\d+\.\d+$/.test(version)) fail(config, 'version', version, 'a pinned chart version X.Y.Z such as 2.7.0');
  const props: HelmProps = {
    chart: ANTREA_HELM_CHART,
    repo: options.repo ?? ANTREA_HELM_REPO,
    version,
    releaseName: options.releaseName ?? 'antrea',
    namespace: config.namespace,
    values: config.helmValues(),
    helmFlags: ['--include-crds', ...(options.helmFlags ?? [])],
  };
  return options.helmExecutable === undefined ? props : Object.assign(props, { helmExecutable: options.helmExecutable });
}

/**
 * Renders the Antrea chart into `scope` with cdk8s' `Helm` construct ({@link antreaHelmProps}): the Antrea objects
 * become ApiObjects of the chart, synthesized (and deployed by `Cdk8sDeployment`) with the rest. `Helm` runs
 * `helm template` while the App is built, so the helm binary (Helm 3) must be on PATH (or `helmExecutable`) and
 * the repository reachable. Use this instead of KubeKey's Antrea addon, not as well as it.
 */
export function addAntreaHelm(scope: Construct, id: string, config: AntreaConfig, options: AntreaHelmOptions = {}): Helm {
  const props = antreaHelmProps(config, options);
  try {
    return new Helm(scope, id, props);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    if (!/unable to execute|ENOENT/.test(message)) throw e;
    throw new Error(
      `addAntreaHelm: ${message} (cdk8s' Helm runs "${props.helmExecutable ?? 'helm'} template" while the App is built: install Helm 3 on PATH or pass helmExecutable; antreaHelmProps() gives the props without running helm)`,
    );
  }
}
