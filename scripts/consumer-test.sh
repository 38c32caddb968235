#!/usr/bin/env bash
# Consumer test of the packed package, as a new user gets it from the registry:
#   1. `npm pack` the library (build/ must be current: run `npm run build` first; CI does) and check the file list;
#   2. in a scratch project in a temp folder, install the tarball and the pinned peers (Node 20 set: docs/install.md);
#   3. type-check scripts/consumer-test/main.ts, which imports `vsphere-k8s-constructs` and
#      `vsphere-k8s-constructs/pulumi`, under the tsconfig of `cdk8s init typescript-app` (CommonJS, node10 resolution),
#      under node16/nodenext and under bundler resolution; run the CommonJS and nodenext builds: synthesize() a storage
#      App and register a Cdk8sDeployment under Pulumi mocks.
# The temp folder is removed on exit. Takes ~20-40 s with a warm npm cache (`--prefer-offline`).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
HERE="$ROOT/scripts/consumer-test"
PEERS=(cdk8s@2.70.106 cdk8s-plus-27@2.9.5 constructs@10.8.1 @pulumi/pulumi@3.248.0 @pulumi/kubernetes@4.34.2
  typescript@5.9.3 @types/node@20.19.9)

[ -f "$ROOT/build/lib/index.js" ] && [ -f "$ROOT/build/lib/pulumi/index.d.ts" ] ||
  { echo "consumer-test: build/ is missing; run npm run build first" >&2; exit 1; }

WORK="$(mktemp -d "${TMPDIR:-/tmp}/vsphere-k8s-consumer.XXXXXX")"
# CONSUMER_TEST_KEEP=1 keeps the scratch project for debugging
if [ -n "${CONSUMER_TEST_KEEP:-}" ]; then trap 'echo "consumer-test: kept $WORK" >&2' EXIT; else trap 'rm -rf "$WORK"' EXIT; fi
t0=$SECONDS

# 1. pack (no lifecycle scripts: build/ is used as it is) and check what the tarball holds
(cd "$ROOT" && npm pack --ignore-scripts --json --pack-destination "$WORK" 2>/dev/null) >"$WORK/pack.json"
TARBALL="$(node - "$WORK/pack.json" <<'JS'
const fs = require('fs');
const [p] = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const files = new Set(p.files.map((f) => f.path));
const required = ['package.json', 'LICENSE', 'CHANGELOG.md', 'README.md', 'docs/install.md', 'build/lib/index.js',
  'build/lib/index.d.ts', 'build/lib/pulumi/index.js', 'build/lib/pulumi/index.d.ts', 'schemas/bundle.json',
  'schemas/definitions.json', 'schemas/strict-schema.cjs', 'schemas/validators/kubernetes-core.js', 'schemas/validators/kubernetes-workloads.js', 'build/bin/cli.js'];
const missing = required.filter((f) => !files.has(f));
// sources, tests and the repo's own entry points stay out of the package, and so do the declarations of the
// generated L1 classes (internal: no declaration of build/lib refers to them; tsc without skipLibCheck checks it below)
const unwanted = [...files].filter((f) => f !== 'build/bin/cli.js').filter((f) => /^(test|bench|examples|bin|pulumi|scripts|lib|imports)\//.test(f) ||
  /^build\/imports\/.*\.d\.ts$/.test(f) ||
  /^build\/(test|bench|examples|bin|pulumi)\//.test(f) || (/\.ts$/.test(f) && !/\.d\.ts$/.test(f)));
if (missing.length || unwanted.length) {
  console.error(`consumer-test: tarball missing ${JSON.stringify(missing)}, unwanted ${JSON.stringify(unwanted.slice(0, 20))}`);
  process.exit(1);
}
console.error(`consumer-test: ${p.filename}: ${p.entryCount} files, ${(p.size / 1e6).toFixed(2)} MB packed, ${(p.unpackedSize / 1e6).toFixed(2)} MB unpacked`);
console.log(p.filename);
JS
)"
t1=$SECONDS

# 2. scratch consumer project: the tarball + the pinned peers
mkdir "$WORK/app"
cp "$HERE"/main.ts "$HERE"/tsconfig.*.json "$WORK/app/"
cd "$WORK/app"
printf '{ "name": "consumer", "version": "1.0.0", "private": true, "license": "UNLICENSED" }\n' >package.json
npm install --prefer-offline --no-audit --no-fund --no-package-lock --loglevel=error \
  "$WORK/$TARBALL" "${PEERS[@]}" 2>&1 | grep -v 'Unknown user config\|install-scripts' || true
[ -d node_modules/vsphere-k8s-constructs ] || { echo "consumer-test: npm install failed" >&2; exit 1; }
t2=$SECONDS

# 3. type-check and run under each resolution
export CDK8S_CHECK_UPGRADE=false
# the three type-checks in parallel (~5 s each), each one's output printed after it
pids=()
for cfg in cdk8s-init nodenext bundler; do
  node node_modules/typescript/bin/tsc -p "tsconfig.$cfg.json" >"tsc-$cfg.log" 2>&1 &
  pids+=($!)
done
failed=0
for i in 0 1 2; do
  cfg=(cdk8s-init nodenext bundler); cfg=${cfg[$i]}
  if wait "${pids[$i]}"; then echo "consumer-test: tsc -p tsconfig.$cfg.json: ok"
  else echo "consumer-test: tsc -p tsconfig.$cfg.json: FAILED"; failed=1; fi
  cat "tsc-$cfg.log"
done
[ "$failed" = 0 ] || exit 1
for out in out-cdk8s-init out-nodenext; do
  echo "consumer-test: node $out/main.js"
  node "$out/main.js"
done
# the app's first import, vsphere-k8s-constructs/code-cache: the package's modules went through the code cache
ls node_modules/.cache/vsphere-k8s-constructs/ | grep -q '^module\.lib\.index\.js\.[0-9a-f]*\.v8cache$' ||
  { echo "consumer-test: the app's import of vsphere-k8s-constructs/code-cache wrote no module code cache" >&2; exit 1; }
# the module caches go, so that the check below sees what the CLI writes
rm -f node_modules/.cache/vsphere-k8s-constructs/module.*
# the CLI the package installs (package.json "bin"), from the consumer's node_modules/.bin
echo "consumer-test: vsphere-k8s --help, vsphere-k8s check"
node_modules/.bin/vsphere-k8s --help >/dev/null
node_modules/.bin/vsphere-k8s check --quiet
# the validators' code cache went to the consumer's node_modules/.cache (docs/cdk8s.md), not into the package
ls node_modules/.cache/vsphere-k8s-constructs/ | grep -q '^kubernetes-core\.js\.[0-9a-f]*\.v8cache$' ||
  { echo "consumer-test: no code cache in node_modules/.cache/vsphere-k8s-constructs/" >&2; exit 1; }
# the CLI compiled its own entry's modules through the same cache (lib/core/module-code-cache.ts)
ls node_modules/.cache/vsphere-k8s-constructs/ | grep -q '^module\.lib\.solution\.config\.js\.[0-9a-f]*\.v8cache$' ||
  { echo "consumer-test: the CLI wrote no module code cache in node_modules/.cache/vsphere-k8s-constructs/" >&2; exit 1; }
if find node_modules/vsphere-k8s-constructs -name '*.v8cache' | grep -q .; then
  echo "consumer-test: a code cache was written inside the installed package" >&2; exit 1
fi
t3=$SECONDS
echo "consumer-test: passed (pack ${t0:+$((t1 - t0))} s, install $((t2 - t1)) s, type-check and run $((t3 - t2)) s)"
