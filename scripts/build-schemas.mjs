#!/usr/bin/env node
// Derives the schema bundle that the package ships (schemas/bundle.json) from the read-only upstream
// reference files: the Kubernetes 1.27 JSON schema and the CRDs' openAPIV3Schema. The bundle is "strict":
// every object schema that lists properties (and does not preserve unknown fields) forbids other properties,
// because the API server would silently prune them.
import { readFileSync, writeFileSync, readdirSync, mkdirSync, rmSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { parseAllDocuments } from 'yaml';

const require = createRequire(import.meta.url);
const Ajv = require('ajv').default;
const addFormats = require('ajv-formats').default;
const standaloneCode = require('ajv/dist/standalone').default;

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const ref = resolve(process.env.REFERENCE_DIR ?? join(root, '..', 'shared', 'reference'));
const K8S_VERSION = '1.27.0';
/** Must equal AJV_OPTIONS in lib/core/validation.ts. unicodeRegExp is off because some CRD patterns use RE2 syntax. */
const AJV_OPTIONS = { allErrors: true, strict: false, logger: false, unicodeRegExp: false, code: { source: true } };

// Kinds of the core API that are cluster-scoped (everything else in the k8s schema is namespaced).
const CLUSTER_SCOPED = new Set([
  'Namespace', 'Node', 'PersistentVolume', 'ComponentStatus',
  'ClusterRole', 'ClusterRoleBinding', 'StorageClass', 'CSIDriver', 'CSINode', 'VolumeAttachment',
  'CustomResourceDefinition', 'APIService', 'PriorityClass', 'RuntimeClass', 'IngressClass',
  'MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration', 'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding', 'CertificateSigningRequest', 'FlowSchema', 'PriorityLevelConfiguration',
  'ClusterCIDR', 'IPAddress', 'ClusterTrustBundle', 'SelfSubjectReview', 'SelfSubjectAccessReview',
  'SelfSubjectRulesReview', 'SubjectAccessReview', 'TokenReview', 'PodSecurityPolicy',
]);

/** Strips descriptions and makes object schemas closed. Returns a new schema. */
function strictify(node, { crd }) {
  if (Array.isArray(node)) return node.map((n) => strictify(n, { crd }));
  if (!node || typeof node !== 'object') return node;
  const out = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === 'description' && typeof v === 'string') continue;
    if (k === 'properties' || k === 'definitions' || k === 'patternProperties') {
      out[k] = Object.fromEntries(Object.entries(v).map(([pk, pv]) => [pk, strictify(pv, { crd })]));
    } else if (k.startsWith('x-kubernetes-') && k !== 'x-kubernetes-preserve-unknown-fields' && k !== 'x-kubernetes-int-or-string') {
      continue;
    } else {
      out[k] = strictify(v, { crd });
    }
  }
  // Kubernetes' numeric and string formats become plain JSON-schema keywords, so that the validators need no custom
  // format code: int32 gets its range, byte a base64 pattern; int64/double/float/int-or-string carry no extra rule.
  if (typeof out.format === 'string') {
    if (out.format === 'int32') {
      out.minimum = out.minimum ?? -2147483648;
      out.maximum = out.maximum ?? 2147483647;
      delete out.format;
    } else if (out.format === 'byte') {
      out.pattern = out.pattern ?? '^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$';
      delete out.format;
    } else if (['int64', 'double', 'float', 'int-or-string'].includes(out.format)) {
      delete out.format;
    }
  }
  const preserve = out['x-kubernetes-preserve-unknown-fields'] === true;
  delete out['x-kubernetes-preserve-unknown-fields'];
  if (crd && out['x-kubernetes-int-or-string'] === true) {
    delete out['x-kubernetes-int-or-string'];
    delete out.type;
    out.anyOf = [{ type: 'integer' }, { type: 'string' }];
  }
  if (crd && out.nullable === true) {
    delete out.nullable;
    if (typeof out.type === 'string') out.type = [out.type, 'null'];
  }
  const isObject = out.type === 'object' || (out.properties && out.type === undefined);
  if (isObject && !preserve && out.additionalProperties === undefined) {
    if (out.properties || crd) out.additionalProperties = false;
  }
  return out;
}

const raw = JSON.parse(readFileSync(join(ref, 'k8s-schema', `v${K8S_VERSION}`, '_definitions.json'), 'utf8'));
const definitions = strictify(raw.definitions, { crd: false });
const kinds = {};
for (const [name, def] of Object.entries(raw.definitions)) {
  for (const gvk of def['x-kubernetes-group-version-kind'] ?? []) {
    if (name.endsWith('List') && gvk.kind.endsWith('List')) continue;
    if (gvk.kind === 'DeleteOptions' || gvk.kind === 'WatchEvent' || gvk.kind === 'Status' || gvk.kind === 'APIVersions') continue;
    const apiVersion = gvk.group ? `${gvk.group}/${gvk.version}` : gvk.version;
    kinds[`${apiVersion}/${gvk.kind}`] = { ref: name, namespaced: !CLUSTER_SCOPED.has(gvk.kind), source: `kubernetes ${K8S_VERSION}` };
  }
}

const crdFiles = [
  ...readdirSync(join(ref, 'antrea', 'crds')).map((f) => join(ref, 'antrea', 'crds', f)),
  ...readdirSync(join(ref, 'crds')).map((f) => join(ref, 'crds', f)),
].filter((f) => f.endsWith('.yaml') && !/clusterclaims|multiclusterconfigs/.test(f)).sort();
// ClusterClaim (removed in Antrea v1.13) and MultiClusterConfig (a config-file kind, not an installed CRD) are skipped.
const crds = {};
for (const file of crdFiles) {
  for (const doc of parseAllDocuments(readFileSync(file, 'utf8'))) {
    const crd = doc.toJS();
    if (!crd || crd.kind !== 'CustomResourceDefinition') continue;
    const { group, names, scope, versions } = crd.spec;
    for (const v of versions) {
      if (!v.served) continue;
      const schema = strictify(v.schema.openAPIV3Schema, { crd: true });
      schema.properties = {
        ...(schema.properties ?? {}),
        apiVersion: { type: 'string', enum: [`${group}/${v.name}`] },
        kind: { type: 'string', enum: [names.kind] },
        metadata: { $ref: 'k8s#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta' } };
      schema.additionalProperties = false;
      schema.required = [...new Set([...(schema.required ?? []), 'apiVersion', 'kind'])];
      const apiVersion = `${group}/${v.name}`;
      crds[`${apiVersion}/${names.kind}`] = {
        schema,
        namespaced: scope === 'Namespaced',
        deprecated: v.deprecated === true,
        crdName: crd.metadata.name,
        source: file.slice(ref.length + 1),
      };
    }
  }
}

// The Multus NetworkAttachmentDefinition CRD is not part of ../shared/reference. Its schema is tiny and is declared here
// by hand after the k8snetworkplumbingwg network-attachment-definition CRD: spec.config is a JSON string (the CNI config).
crds['k8s.cni.cncf.io/v1/NetworkAttachmentDefinition'] = {
  schema: {
    type: 'object',
    required: ['apiVersion', 'kind'],
    additionalProperties: false,
    properties: {
      apiVersion: { type: 'string', enum: ['k8s.cni.cncf.io/v1'] },
      kind: { type: 'string', enum: ['NetworkAttachmentDefinition'] },
      metadata: { $ref: 'k8s#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta' },
      spec: { type: 'object', additionalProperties: false, properties: { config: { type: 'string' } } },
    },
  },
  namespaced: true,
  deprecated: false,
  crdName: 'network-attachment-definitions.k8s.cni.cncf.io',
  source: 'hand-declared (Multus NetworkAttachmentDefinition v1)',
};

// Precompiled validators (ajv standalone code), one module per kind (only the definitions that kind reaches), so that
// validation at synth time compiles nothing and loads only the kinds it meets. lib/core/validation.ts compiles at run
// time with the same options when a module is missing.
const validatorsDir = join(root, 'schemas', 'validators');
rmSync(validatorsDir, { recursive: true, force: true });
mkdirSync(validatorsDir, { recursive: true });
let n = 0;
for (const [key, info] of [...Object.entries(kinds), ...Object.entries(crds)]) {
  const file = `${key.replace(/[^A-Za-z0-9]+/g, '_')}.js`;
  const ajv = new Ajv(AJV_OPTIONS);
  addFormats(ajv);
  ajv.addSchema({ $id: 'k8s', definitions });
  ajv.addSchema(info.ref ? { $ref: `k8s#/definitions/${info.ref}` } : info.schema, 'validate');
  writeFileSync(
    join(validatorsDir, file),
    `// Generated by scripts/build-schemas.mjs from ../shared/reference (ajv standalone code for ${key}). Do not edit.\n${standaloneCode(ajv, { validate: 'validate' })}\n`,
  );
  info.validator = file;
  n++;
}

mkdirSync(join(root, 'schemas'), { recursive: true });
rmSync(join(root, 'schemas', 'validators.js'), { force: true });
const bundle = { kubernetesVersion: K8S_VERSION, kinds, crds, definitions };
writeFileSync(join(root, 'schemas', 'bundle.json'), JSON.stringify(bundle));
console.log(`schemas/bundle.json: ${Object.keys(kinds).length} core kinds, ${Object.keys(crds).length} CRD kinds; schemas/validators/: ${n} modules`);
