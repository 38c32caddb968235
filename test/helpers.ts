import { IConstruct } from 'constructs';
import { warningsOf } from '../lib/core/secret-value';
import { Chart, Testing } from 'cdk8s';
import { formatProblems, ManifestObject, validateManifests } from '../lib/core/validation';

/** Synthesizes a chart with cdk8s' Testing.synth and fails the test unless every object passes strict validation. */
export function synthValid(chart: Chart): ManifestObject[] {
  const objects = Testing.synth(chart) as ManifestObject[];
  const r = validateManifests(objects);
  if (!r.valid) throw new Error(`strict validation failed:\n${formatProblems(r.problems)}`);
  return objects;
}

/** Finds exactly one object by kind and name (and namespace when given); fails otherwise. */
export function findObject(objects: ManifestObject[], kind: string, name: string, namespace?: string): any {
  const hits = objects.filter(
    (o) => o.kind === kind && o.metadata?.name === name && (namespace === undefined || o.metadata?.namespace === namespace),
  );
  if (hits.length !== 1) {
    throw new Error(
      `expected exactly one ${kind} ${name}, found ${hits.length}: ${objects.map((o) => `${o.kind}/${o.metadata?.name}`).join(', ')}`,
    );
  }
  return hits[0];
}

/**
 * The warnings recorded under `scope` except the vCenter TLS one (system CA pool only), which every stack with a
 * default vCenter gets and which test/vsphere/vcenter-tls.test.ts covers.
 */
export function nonTlsWarnings(scope: IConstruct): string[] {
  return warningsOf(scope).filter((w) => !w.includes('the certificate is verified against the system CA pool only'));
}

/** A CustomResourceDefinition object for `kind` in `group` (plural: lowercase kind + "s"), with the given versions. */
export function crdObject(
  group: string,
  kind: string,
  scope: 'Namespaced' | 'Cluster',
  versions: Array<Record<string, unknown>>,
): Record<string, unknown> {
  const plural = `${kind.toLowerCase()}s`;
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${plural}.${group}` },
    spec: { group, names: { kind, plural, singular: kind.toLowerCase(), listKind: `${kind}List` }, scope, versions },
  };
}
