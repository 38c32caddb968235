import { ApiObject, JsonPatch } from 'cdk8s';
import { guardDirectSynth } from './direct-synth';

/**
 * Makes sure a cluster-scoped object carries no `metadata.namespace`, even inside a Chart that has a namespace
 * (cdk8s stamps the chart namespace on every ApiObject, cluster-scoped kinds included).
 */
export function clusterScoped<T extends ApiObject>(obj: T): T {
  guardDirectSynth(obj);
  if (obj.chart.namespace !== undefined || obj.metadata.namespace !== undefined) {
    obj.addJsonPatch(JsonPatch.remove('/metadata/namespace'));
  }
  return obj;
}
