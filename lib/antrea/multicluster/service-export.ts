import { ApiObject, Chart } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { ServiceExport as ServiceExportL1 } from '../../../imports/multicluster.x-k8s.io';
import { fail } from '../../core/errors';
import { isDns1035Label, validateLabelName } from '../../core/names';

/** Props of {@link ServiceExport}. */
export interface ServiceExportProps {
  /** Name of the Service to export (the ServiceExport has the same name). */
  readonly serviceName: string;
  /**
   * Namespace of the Service (the ServiceExport lives there too).
   * @default - the Chart's namespace
   */
  readonly namespace?: string;
}

/**
 * MCS ServiceExport (`multicluster.x-k8s.io/v1alpha1`): exports a Service to the ClusterSet; other members get a
 * Service `antrea-mc-<name>` and a ServiceImport.
 */
export class ServiceExport extends Construct {
  /** Exports a Service construct (cdk8s-plus Service, NodePortLocalService or `v1/Service` ApiObject). */
  public static forService(scope: Construct, id: string, service: IConstruct): ServiceExport {
    let obj: ApiObject | undefined;
    try {
      obj = service instanceof ApiObject ? service : ApiObject.of(service);
    } catch {
      obj = undefined;
    }
    if (!obj || obj.apiVersion !== 'v1' || obj.kind !== 'Service') fail(scope, 'service', service.node.path, 'a v1 Service construct');
    const namespace = obj.metadata.namespace ?? Chart.of(obj).namespace;
    return new ServiceExport(scope, id, { serviceName: obj.name, ...(namespace !== undefined ? { namespace } : {}) });
  }

  /** Name of the exported Service. */
  public readonly serviceName: string;

  public constructor(scope: Construct, id: string, props: ServiceExportProps) {
    super(scope, id);
    if (!isDns1035Label(props.serviceName)) fail(this, 'serviceName', props.serviceName, 'a Service name (DNS-1035 label)');
    if (props.namespace !== undefined) validateLabelName(this, 'namespace', props.namespace);
    this.serviceName = props.serviceName;
    new ApiObject(this, 'Resource', {
      apiVersion: ServiceExportL1.GVK.apiVersion,
      kind: ServiceExportL1.GVK.kind,
      metadata: { name: props.serviceName, ...(props.namespace !== undefined ? { namespace: props.namespace } : {}) },
    });
  }
}
