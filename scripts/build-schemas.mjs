#!/usr/bin/env node
// Builds the schema bundle that the package ships (schemas/bundle.json + schemas/validators/) from:
// - schemas/kubernetes/v1.NN.json: the strict Kubernetes definitions of every shipped minor (committed, derived from
//   the upstream cdk8s-team/cdk8s `kubernetes-schemas/v1.NN.0/_definitions.json` pinned in schemas/SOURCE.md). They are
//   re-derived only when the upstream file is on disk: in $KUBERNETES_SCHEMAS_DIR (a folder laid out like the upstream
//   `kubernetes-schemas/`, i.e. `v1.33.0/_definitions.json`) or in ../shared/reference/k8s-schema/; its size and
//   sha256 must equal SOURCE.md's. Without it, the committed file is the input, so a clean clone rebuilds the same
//   bundle offline.
// - the CRDs in ../shared/reference (openAPIV3Schema of every served version).
// "Strict" (schemas/strict-schema.cjs, the same transform the run time uses for user CRDs): every object schema that
// lists properties (and does not preserve unknown fields) forbids other properties, because the API server would
// silently prune them.
//
// The minors share definitions: a definition whose whole closure is the same as in an earlier minor is stored once (under
// its plain name; a changed one as `<name>@<minor>`), so the bundle and the precompiled validators grow only by what
// changed between minors.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync, readdirSync, mkdirSync, rmSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { parseAllDocuments } from 'yaml';

const require = createRequire(import.meta.url);
const Ajv = require('ajv').default;
const addFormats = require('ajv-formats').default;
const standaloneCode = require('ajv/dist/standalone').default;
const { AJV_OPTIONS, OBJECT_META_REF, strictify, crdKindSchemas } = require('../schemas/strict-schema.cjs');

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const ref = resolve(process.env.REFERENCE_DIR ?? join(root, '..', 'shared', 'reference'));
const schemasDir = join(root, 'schemas');
/** The shipped minors, the default (the library's default cluster, v1.33.4) first. Each needs a row in schemas/SOURCE.md. */
const MINORS = ['1.33', '1.34', '1.35'];

// Kinds of the core API that are cluster-scoped (everything else in the k8s schema is namespaced).
const CLUSTER_SCOPED = new Set([
  'Namespace',
  'Node',
  'PersistentVolume',
  'ComponentStatus',
  'ClusterRole',
  'ClusterRoleBinding',
  'StorageClass',
  'CSIDriver',
  'CSINode',
  'VolumeAttachment',
  'VolumeAttributesClass',
  'CustomResourceDefinition',
  'APIService',
  'PriorityClass',
  'RuntimeClass',
  'IngressClass',
  'MutatingWebhookConfiguration',
  'ValidatingWebhookConfiguration',
  'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding',
  'MutatingAdmissionPolicy',
  'MutatingAdmissionPolicyBinding',
  'CertificateSigningRequest',
  'FlowSchema',
  'PriorityLevelConfiguration',
  'ClusterCIDR',
  'ServiceCIDR',
  'IPAddress',
  'ClusterTrustBundle',
  'SelfSubjectReview',
  'SelfSubjectAccessReview',
  'SelfSubjectRulesReview',
  'SubjectAccessReview',
  'TokenReview',
  'PodSecurityPolicy',
  'DeviceClass',
  'DeviceTaintRule',
  'ResourceSlice',
  'StorageVersion',
  'StorageVersionMigration',
]);
/** Types with a group-version-kind that are not objects one applies. */
const NOT_APPLIED = new Set(['DeleteOptions', 'WatchEvent', 'Status', 'APIVersions', 'APIGroup']);

const sha256 = (buf) => createHash('sha256').update(buf).digest('hex');

// ---- 1. The upstream pins (schemas/SOURCE.md) -------------------------------------------------------------------
const sourceMd = readFileSync(join(schemasDir, 'SOURCE.md'), 'utf8');
const pins = {};
for (const m of sourceMd.matchAll(/^\| (\d+\.\d+) \| `([^`]+)` \| (\d+) \| `([0-9a-f]{64})` \|/gm)) {
  pins[m[1]] = { path: m[2], size: Number(m[3]), sha256: m[4] };
}
const upstreamRepo = /^- Repository: `([^`]+)`/m.exec(sourceMd)?.[1];
const upstreamCommit = /^- Commit: `([0-9a-f]{40})`/m.exec(sourceMd)?.[1];
if (!upstreamRepo || !upstreamCommit) throw new Error('schemas/SOURCE.md: missing the "- Repository: `…`" or "- Commit: `…`" line');
for (const minor of MINORS) if (!pins[minor]) throw new Error(`schemas/SOURCE.md: no row for Kubernetes ${minor}`);

// ---- 2. Strict definitions per minor (re-derived from upstream when available, else the committed ones) --------------
function findUpstream(minor) {
  const rel = pins[minor].path.split('/').slice(-2).join('/'); // v1.33.0/_definitions.json
  const explicit = process.env.KUBERNETES_SCHEMAS_DIR;
  if (explicit) {
    const f = resolve(explicit, rel);
    if (!existsSync(f)) throw new Error(`KUBERNETES_SCHEMAS_DIR=${explicit}: ${rel} not found (needed for Kubernetes ${minor})`);
    return f;
  }
  const shared = join(ref, 'k8s-schema', rel);
  return existsSync(shared) ? shared : undefined;
}

/** One line per kind and per definition, so that a change between upstream versions reads as a small diff. */
function writeDerived(file, d) {
  const entries = (o) =>
    Object.entries(o)
      .map(([k, v]) => `    ${JSON.stringify(k)}: ${JSON.stringify(v)}`)
      .join(',\n');
  writeFileSync(
    file,
    `{\n  "kubernetesVersion": ${JSON.stringify(d.kubernetesVersion)},\n  "source": ${JSON.stringify(d.source)},\n` +
      `  "kinds": {\n${entries(d.kinds)}\n  },\n  "definitions": {\n${entries(d.definitions)}\n  }\n}\n`,
  );
}

function derive(minor, file) {
  const buf = readFileSync(file);
  const pin = pins[minor];
  if (buf.length !== pin.size || sha256(buf) !== pin.sha256) {
    throw new Error(
      `${file}: size ${buf.length}, sha256 ${sha256(buf)}; schemas/SOURCE.md pins ${pin.size} bytes, sha256 ${pin.sha256} for Kubernetes ${minor}`,
    );
  }
  const raw = JSON.parse(buf.toString('utf8'));
  const kinds = {};
  for (const [name, def] of Object.entries(raw.definitions)) {
    for (const gvk of def['x-kubernetes-group-version-kind'] ?? []) {
      if (name.endsWith('List') && gvk.kind.endsWith('List')) continue;
      if (NOT_APPLIED.has(gvk.kind)) continue;
      const apiVersion = gvk.group ? `${gvk.group}/${gvk.version}` : gvk.version;
      kinds[`${apiVersion}/${gvk.kind}`] = { ref: name, namespaced: !CLUSTER_SCOPED.has(gvk.kind) };
    }
  }
  const version = /v(\d+\.\d+\.\d+)\//.exec(pin.path)[1];
  return {
    kubernetesVersion: version,
    source: `${upstreamRepo}@${upstreamCommit}:${pin.path} (sha256 ${pin.sha256})`,
    kinds,
    definitions: strictify(raw.definitions, { crd: false }),
  };
}

mkdirSync(join(schemasDir, 'kubernetes'), { recursive: true });
const perMinor = {};
const rederived = [];
for (const minor of MINORS) {
  const derivedFile = join(schemasDir, 'kubernetes', `v${minor}.json`);
  const upstream = findUpstream(minor);
  if (upstream) {
    writeDerived(derivedFile, derive(minor, upstream));
    rederived.push(minor);
  } else if (!existsSync(derivedFile)) {
    throw new Error(
      `${derivedFile} is missing and no upstream file for Kubernetes ${minor} was found; set KUBERNETES_SCHEMAS_DIR (see schemas/SOURCE.md)`,
    );
  }
  // Always read back the committed form, so that a re-derived run and an offline run compile the very same input.
  perMinor[minor] = JSON.parse(readFileSync(derivedFile, 'utf8'));
}

// ---- 3. Share definitions between minors -----------------------------------------------------------------------
const REF_PREFIX = '#/definitions/';
function refsOf(node, out = new Set()) {
  if (Array.isArray(node)) for (const n of node) refsOf(n, out);
  else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k === '$ref' && typeof v === 'string' && v.startsWith(REF_PREFIX)) out.add(v.slice(REF_PREFIX.length));
      else refsOf(v, out);
    }
  }
  return out;
}
function closureOf(defs, name) {
  const seen = new Set([name]);
  const todo = [name];
  while (todo.length > 0) {
    for (const r of refsOf(defs[todo.pop()])) {
      if (!defs[r]) throw new Error(`definition ${r} (referenced from ${name}) is missing`);
      if (!seen.has(r)) {
        seen.add(r);
        todo.push(r);
      }
    }
  }
  return seen;
}
function renameRefs(node, rename) {
  if (Array.isArray(node)) return node.map((n) => renameRefs(n, rename));
  if (!node || typeof node !== 'object') return node;
  const out = {};
  for (const [k, v] of Object.entries(node)) {
    out[k] =
      k === '$ref' && typeof v === 'string' && v.startsWith(REF_PREFIX)
        ? REF_PREFIX + rename(v.slice(REF_PREFIX.length))
        : renameRefs(v, rename);
  }
  return out;
}

const definitions = {};
const canonical = {}; // minor -> definition name -> name in the shared definitions
const texts = Object.fromEntries(
  MINORS.map((m) => [m, new Map(Object.entries(perMinor[m].definitions).map(([n, d]) => [n, JSON.stringify(d)]))]),
);
MINORS.forEach((minor, i) => {
  const defs = perMinor[minor].definitions;
  const names = (canonical[minor] = {});
  for (const name of Object.keys(defs)) {
    const closure = closureOf(defs, name);
    const same = MINORS.slice(0, i).find((earlier) => [...closure].every((n) => texts[earlier].get(n) === texts[minor].get(n)));
    names[name] = same
      ? canonical[same][name]
      : name in definitions || MINORS.slice(0, i).some((e) => name in canonical[e])
        ? `${name}@${minor}`
        : name;
    if (!same) definitions[names[name]] = null; // reserve; filled below once every name of this minor is known
  }
  for (const name of Object.keys(defs)) {
    if (definitions[names[name]] === null) definitions[names[name]] = renameRefs(defs[name], (r) => names[r]);
  }
});
const OBJECT_META = OBJECT_META_REF.slice(`k8s${REF_PREFIX}`.length);
for (const minor of MINORS) {
  if (canonical[minor][OBJECT_META] !== OBJECT_META) {
    throw new Error(`ObjectMeta differs in Kubernetes ${minor}: CRD validators assume one ObjectMeta for every shipped minor`);
  }
}

// ---- 4. The pinned CRDs ------------------------------------------------------------------------------------------
const crdFiles = [
  ...readdirSync(join(ref, 'antrea', 'crds')).map((f) => join(ref, 'antrea', 'crds', f)),
  ...readdirSync(join(ref, 'crds')).map((f) => join(ref, 'crds', f)),
]
  .filter((f) => f.endsWith('.yaml') && !/clusterclaims|multiclusterconfigs/.test(f))
  .sort();
// ClusterClaim (removed in Antrea v1.13) and MultiClusterConfig (a config-file kind, not an installed CRD) are skipped.
const crds = {};
for (const file of crdFiles) {
  for (const doc of parseAllDocuments(readFileSync(file, 'utf8'))) {
    const crd = doc.toJS();
    if (!crd || crd.kind !== 'CustomResourceDefinition') continue;
    for (const [key, info] of crdKindSchemas(crd)) crds[key] = Object.assign(info, { source: file.slice(ref.length + 1) });
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
      metadata: { $ref: OBJECT_META_REF },
      spec: { type: 'object', additionalProperties: false, properties: { config: { type: 'string' } } },
    },
  },
  namespaced: true,
  deprecated: false,
  crdName: 'network-attachment-definitions.k8s.cni.cncf.io',
  source: 'hand-declared (Multus NetworkAttachmentDefinition v1)',
};

// ---- 5. Precompiled validators (ajv standalone code) ------------------------------------------------------------------
// Kubernetes kinds: one module per API group (`kubernetes-core.js`, `kubernetes-rbac.authorization.k8s.io.js`, …),
// except that every kind with a Pod template (Pod, PodTemplate, ReplicationController, the apps and batch workloads)
// goes to `kubernetes-workloads.js`, because they share the large PodSpec closure; a kind schema that changed in a
// later minor goes to that minor's module (`kubernetes-workloads-1.34.js`). A synth loads only the modules of
// the groups it meets (issue 15: the reference app loads 6 of 24, 0.9 of 2.9 MB; the single module of before cost
// 42 ms to load). Within a module the minors share the functions of shared definitions. inlineRefs stays off (with
// it on the code is ~25 % larger). CRD kinds: one module per kind. A kind's `validator` in the bundle is
// `<module>#<export>`. lib/core/validation.ts compiles at run time from schemas/definitions.json with the same
// options when a module is missing.
const newAjv = () => {
  const ajv = new Ajv(Object.assign({}, AJV_OPTIONS, { code: { source: true } }));
  addFormats(ajv);
  ajv.addSchema({ $id: 'k8s', definitions });
  return ajv;
};
const exportName = (name) => name.replace(/[^A-Za-z0-9]+/g, '_');
const validatorsDir = join(schemasDir, 'validators');
rmSync(validatorsDir, { recursive: true, force: true });
mkdirSync(validatorsDir, { recursive: true });
const header = (what) =>
  `// Generated by scripts/build-schemas.mjs from schemas/kubernetes/ and ../shared/reference (ajv standalone code for ${what}). Do not edit.\n`;

/** The module of a kind: `workloads` for kinds whose schema reaches a PodSpec, else the API group (`core` for v1). */
const POD_SPEC = /^io\.k8s\.api\.core\.v1\.PodSpec(@|$)/;
const sharedClosures = new Map();
function moduleOf(key, name) {
  if (!sharedClosures.has(name)) sharedClosures.set(name, closureOf(definitions, name));
  // A kind schema that changed in a later minor (`<name>@1.34`) goes to that minor's module of the group, so a synth
  // for one minor does not load the other minors' variants of the large closures.
  const minorSuffix = /@(\d+\.\d+)$/.exec(name)?.[1];
  const parts = key.split('/');
  const group = [...sharedClosures.get(name)].some((n) => POD_SPEC.test(n)) ? 'workloads' : parts.length === 2 ? 'core' : parts[0];
  return minorSuffix ? `${group}-${minorSuffix}` : group;
}
const minors = {};
const moduleRefs = new Map(); // module -> set of shared definition names
const refModule = new Map(); // shared definition name -> module
for (const minor of MINORS) {
  const kinds = {};
  for (const [key, info] of Object.entries(perMinor[minor].kinds)) {
    const name = canonical[minor][info.ref];
    const mod = refModule.get(name) ?? moduleOf(key, name);
    refModule.set(name, mod);
    if (!moduleRefs.has(mod)) moduleRefs.set(mod, new Set());
    moduleRefs.get(mod).add(name);
    kinds[key] = { ref: name, namespaced: info.namespaced, validator: `kubernetes-${mod}.js#${exportName(name)}` };
  }
  minors[minor] = { kubernetesVersion: perMinor[minor].kubernetesVersion, kinds };
}
for (const [mod, names] of [...moduleRefs].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
  const ajv = newAjv();
  const exportsMap = {};
  for (const name of [...names].sort()) {
    ajv.addSchema({ $ref: `k8s${REF_PREFIX}${name}` }, exportName(name));
    exportsMap[exportName(name)] = exportName(name);
  }
  writeFileSync(
    join(validatorsDir, `kubernetes-${mod}.js`),
    `${header(`the Kubernetes ${MINORS.join(', ')} kinds of module "${mod}"`)}${standaloneCode(ajv, exportsMap)}\n`,
  );
}
// Only the CRD kinds the library's constructs emit get a precompiled module (test/core/validation-precompiled.test.ts
// checks the list against lib/): the others (ResourceImport/Export, PodMonitor, Antrea's status and debug kinds, …)
// are validated just as strictly, compiled at run time on first use. This keeps ~1.8 MB of generated code out of the
// package.
const PRECOMPILED_CRDS = new Set([
  'crd.antrea.io/v1beta1/ClusterGroup',
  'crd.antrea.io/v1beta1/ClusterNetworkPolicy',
  'crd.antrea.io/v1beta1/Egress',
  'crd.antrea.io/v1beta1/ExternalIPPool',
  'crd.antrea.io/v1beta1/Group',
  'crd.antrea.io/v1beta1/IPPool',
  'crd.antrea.io/v1beta1/NetworkPolicy',
  'crd.antrea.io/v1beta1/Tier',
  'crd.antrea.io/v1beta1/Traceflow',
  'k8s.cni.cncf.io/v1/NetworkAttachmentDefinition',
  'monitoring.coreos.com/v1/ServiceMonitor',
  'multicluster.crd.antrea.io/v1alpha1/ResourceExport',
  'multicluster.crd.antrea.io/v1alpha2/ClusterSet',
  'multicluster.x-k8s.io/v1alpha1/ServiceExport',
  'snapshot.storage.k8s.io/v1/VolumeSnapshot',
  'snapshot.storage.k8s.io/v1/VolumeSnapshotClass',
  'snapshot.storage.k8s.io/v1/VolumeSnapshotContent',
]);
for (const key of PRECOMPILED_CRDS) if (!crds[key]) throw new Error(`PRECOMPILED_CRDS names ${key}, which no pinned CRD serves`);
const crdIndex = {};
const crdSchemas = {};
for (const [key, info] of Object.entries(crds)) {
  const file = `${exportName(key)}.js`;
  if (PRECOMPILED_CRDS.has(key)) {
    const ajv = newAjv();
    ajv.addSchema(info.schema, 'validate');
    writeFileSync(join(validatorsDir, file), `${header(key)}${standaloneCode(ajv, { validate: 'validate' })}\n`);
  }
  // schemaSha256: a CRD among the validated objects (or in validation.crds) with the very same strict schema uses this
  // precompiled validator instead of a run-time compile.
  crdIndex[key] = {
    namespaced: info.namespaced,
    deprecated: info.deprecated,
    crdName: info.crdName,
    source: info.source,
    validator: PRECOMPILED_CRDS.has(key) ? `${file}#validate` : undefined,
    schemaSha256: sha256(JSON.stringify(info.schema)),
  };
  crdSchemas[key] = info.schema;
}

rmSync(join(schemasDir, 'validators.js'), { force: true });
// bundle.json: the small index every validation reads. definitions.json: the schemas, read only to compile at run time.
writeFileSync(join(schemasDir, 'bundle.json'), JSON.stringify({ defaultMinor: MINORS[0], minors, crds: crdIndex }));
writeFileSync(join(schemasDir, 'definitions.json'), JSON.stringify({ definitions, crds: crdSchemas }));
const counts = MINORS.map((m) => `${m}: ${Object.keys(minors[m].kinds).length} kinds`).join(', ');
console.log(
  `schemas/bundle.json: Kubernetes ${counts} (${Object.keys(definitions).length} shared definitions, ${refModule.size} distinct kind schemas), ` +
    `${Object.keys(crds).length} CRD kinds; schemas/validators/: ${moduleRefs.size} Kubernetes modules + ${PRECOMPILED_CRDS.size} CRD modules` +
    (rederived.length > 0
      ? `; re-derived from upstream: ${rederived.join(', ')}`
      : '; Kubernetes definitions from the committed schemas/kubernetes/'),
);
