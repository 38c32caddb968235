/**
 * The `vsphere-k8s-constructs/code-cache` entry point. Import it first in an app, before anything else of this package:
 *
 * ```ts
 * import 'vsphere-k8s-constructs/code-cache';
 * import { ClusterPlatform, synthesize } from 'vsphere-k8s-constructs';
 * ```
 *
 * The package's own modules then load through a V8 code cache in `node_modules/.cache/vsphere-k8s-constructs/`, as the
 * reference app and the `vsphere-k8s` CLI do (docs/cdk8s.md, "A fast `app:` command"). Only this package's files are
 * affected; `VSPHERE_K8S_CODE_CACHE=0` turns it off.
 */
import { enableModuleCodeCache } from './core/module-code-cache';

enableModuleCodeCache();
