'use strict';
// The one implementation of the "strict" schema transform. Used by scripts/build-schemas.mjs (to derive the shipped
// bundle from the upstream Kubernetes schemas and the pinned CRDs) and at run time by lib/core/validation.ts (for the
// CustomResourceDefinitions a user registers with `validation.crds` or that are among the validated objects), so that
// both make CRD schemas strict in exactly the same way. Plain CommonJS, because the build script runs before tsc.
// Hand-written (not generated) and shipped in the package next to schemas/bundle.json.

/**
 * ajv options of every validator, precompiled or compiled at run time. unicodeRegExp is off because some CRD patterns
 * use RE2 syntax. inlineRefs is off: each definition is one function, which makes the precompiled Kubernetes module
 * 18 % smaller (3.2 -> 2.6 MB) and loads a little faster, at the same validation speed.
 */
const AJV_OPTIONS = Object.freeze({ allErrors: true, strict: false, logger: false, unicodeRegExp: false, inlineRefs: false });

/** Where a CRD's `metadata` points to: ObjectMeta of the bundled Kubernetes definitions (the same in every shipped minor). */
const OBJECT_META_REF = 'k8s#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';

const BYTE_PATTERN = '^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$';

/**
 * Strips descriptions and makes object schemas closed: every object schema that lists properties (and does not
 * preserve unknown fields) forbids other properties, because the API server would silently prune them. With
 * `crd: true` (a CRD's openAPIV3Schema) every object schema is closed, `x-kubernetes-int-or-string` becomes
 * integer-or-string and `nullable` adds 'null' to the type. Returns a new schema.
 */
function strictify(node, opts) {
  const crd = Boolean(opts && opts.crd);
  if (Array.isArray(node)) return node.map((n) => strictify(n, opts));
  if (!node || typeof node !== 'object') return node;
  const out = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === 'description' && typeof v === 'string') continue;
    if ((k === 'properties' || k === 'definitions' || k === 'patternProperties') && v && typeof v === 'object' && !Array.isArray(v)) {
      out[k] = Object.fromEntries(Object.entries(v).map(([pk, pv]) => [pk, strictify(pv, opts)]));
    } else if (k.startsWith('x-kubernetes-') && k !== 'x-kubernetes-preserve-unknown-fields' && k !== 'x-kubernetes-int-or-string') {
      continue;
    } else {
      out[k] = strictify(v, opts);
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
      out.pattern = out.pattern ?? BYTE_PATTERN;
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

function isRecord(v) {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/**
 * The strict schema of every served version of a CustomResourceDefinition (apiextensions.k8s.io/v1, parsed YAML or
 * JSON): `[key, { schema, namespaced, deprecated, crdName }]` with key `<group>/<version>/<kind>`. The schema is the
 * version's openAPIV3Schema made strict by {@link strictify}, with `apiVersion` and `kind` pinned and `metadata`
 * pointing to the Kubernetes ObjectMeta ({@link OBJECT_META_REF}). Throws an Error saying what is missing when the
 * object is not a usable CRD.
 */
function crdKindSchemas(crd) {
  const where = isRecord(crd) && isRecord(crd.metadata) && typeof crd.metadata.name === 'string' ? `CustomResourceDefinition ${crd.metadata.name}` : 'CustomResourceDefinition';
  if (!isRecord(crd) || crd.kind !== 'CustomResourceDefinition' || typeof crd.apiVersion !== 'string' || !crd.apiVersion.startsWith('apiextensions.k8s.io/')) {
    throw new Error(`${where}: expected an object with apiVersion apiextensions.k8s.io/v1 and kind CustomResourceDefinition`);
  }
  const spec = crd.spec;
  if (!isRecord(spec) || typeof spec.group !== 'string' || !isRecord(spec.names) || typeof spec.names.kind !== 'string' || !Array.isArray(spec.versions)) {
    throw new Error(`${where}: expected spec.group, spec.names.kind and spec.versions`);
  }
  const out = [];
  for (const v of spec.versions) {
    if (!isRecord(v) || typeof v.name !== 'string') throw new Error(`${where}: expected every spec.versions[] entry to have a name`);
    if (!v.served) continue;
    const raw = isRecord(v.schema) ? v.schema.openAPIV3Schema : undefined;
    if (!isRecord(raw)) throw new Error(`${where}: version ${v.name} is served but has no schema.openAPIV3Schema`);
    const apiVersion = `${spec.group}/${v.name}`;
    const schema = strictify(raw, { crd: true });
    schema.properties = Object.assign({}, isRecord(schema.properties) ? schema.properties : {}, {
      apiVersion: { type: 'string', enum: [apiVersion] },
      kind: { type: 'string', enum: [spec.names.kind] },
      metadata: { $ref: OBJECT_META_REF },
    });
    // A root that preserves unknown fields stays open (the API server keeps them); every other root is closed.
    if (raw['x-kubernetes-preserve-unknown-fields'] === true) delete schema.additionalProperties;
    else schema.additionalProperties = false;
    schema.required = [...new Set([...(Array.isArray(schema.required) ? schema.required : []), 'apiVersion', 'kind'])];
    out.push([
      `${apiVersion}/${spec.names.kind}`,
      {
        schema,
        namespaced: spec.scope !== 'Cluster',
        deprecated: v.deprecated === true,
        crdName: isRecord(crd.metadata) && typeof crd.metadata.name === 'string' ? crd.metadata.name : `${spec.names.plural}.${spec.group}`,
      },
    ]);
  }
  return out;
}

module.exports = { AJV_OPTIONS, OBJECT_META_REF, strictify, crdKindSchemas };
