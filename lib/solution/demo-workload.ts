import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { NodePortLocal } from '../antrea/node-port-local';
import { fail } from '../core/errors';
import { kubeObject } from '../core/kube-object';

/** Props of {@link DemoWorkload}. */
export interface DemoWorkloadProps {
  /**
   * Name of the Deployment, its Service and the `app` label.
   * @default 'nginx'
   */
  readonly name?: string;
  /**
   * Pod replicas.
   * @default 2
   */
  readonly replicas?: number;
  /**
   * Container image. It must run as a non-root user and listen on an unprivileged port (the pod is admitted by Pod
   * Security `restricted`: non-root, no privilege escalation, every capability dropped, RuntimeDefault seccomp).
   * @default 'nginxinc/nginx-unprivileged:1.27' (nginx built to run as UID 101 and listen on 8080)
   */
  readonly image?: string;
  /**
   * The container port the image listens on (named `http`; the Service's port 80 targets it).
   * @default 8080
   */
  readonly containerPort?: number;
  /**
   * The non-root UID (and GID) the container runs as.
   * @default 101 (the nginx user of the unprivileged image)
   */
  readonly runAsUser?: number;
  /**
   * Annotate the Service for Antrea NodePortLocal.
   * @default false
   */
  readonly nodePortLocal?: boolean;
  /**
   * Add a NetworkPolicy `<name>-allow-http` that admits inbound TCP to the container port from any source. Without it,
   * a namespace with a default-deny ingress policy (as `ClusterPlatform` creates by default) drops every request to
   * the workload. Set `false` to write your own policy.
   * @default true
   */
  readonly allowHttpIngress?: boolean;
}

/**
 * A small web workload that proves the platform works end to end: a Deployment of an unprivileged nginx build and a
 * ClusterIP Service on port 80, a NetworkPolicy that admits HTTP to it (so a default-deny namespace still serves it),
 * optionally with Antrea NodePortLocal.
 *
 * The pod satisfies Pod Security `restricted` (so it is admitted in the stack's application namespaces): it runs as
 * a non-root UID with a RuntimeDefault seccomp profile, no privilege escalation, every capability dropped and a
 * read-only root file system (nginx writes its pid and temp files to an `emptyDir` on /tmp). Stock `nginx` cannot do
 * this: it starts as root to bind port 80.
 */
export class DemoWorkload extends Construct {
  /** The Deployment. */
  public readonly deployment: ApiObject;
  /** The Service. */
  public readonly service: ApiObject;
  /** The NetworkPolicy admitting HTTP to the pods, unless `allowHttpIngress` is false. */
  public readonly networkPolicy?: ApiObject;

  public constructor(scope: Construct, id: string, props: DemoWorkloadProps = {}) {
    super(scope, id);
    const name = props.name ?? 'nginx';
    const replicas = props.replicas ?? 2;
    if (!Number.isInteger(replicas) || replicas < 1 || replicas > 100) fail(this, 'replicas', replicas, 'an integer from 1 to 100');
    const port = props.containerPort ?? 8080;
    if (!Number.isInteger(port) || port < 1024 || port > 65535) {
      fail(this, 'containerPort', port, 'an unprivileged port from 1024 to 65535 (a non-root process cannot bind a lower port)');
    }
    const uid = props.runAsUser ?? 101;
    if (!Number.isInteger(uid) || uid < 1 || uid > 2147483647) {
      fail(this, 'runAsUser', uid, 'a non-root UID from 1 to 2147483647 (Pod Security restricted refuses UID 0)');
    }
    const image = props.image ?? 'nginxinc/nginx-unprivileged:1.27';
    if (typeof image !== 'string' || image.length === 0 || /\s/.test(image)) fail(this, 'image', image, 'a container image reference');
    const labels = { app: name };
    this.deployment = kubeObject(this, 'Deployment', 'Deployment', {
      metadata: { name, labels },
      spec: {
        replicas,
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: {
            automountServiceAccountToken: false,
            securityContext: {
              runAsNonRoot: true,
              runAsUser: uid,
              runAsGroup: uid,
              fsGroup: uid,
              seccompProfile: { type: 'RuntimeDefault' },
            },
            containers: [
              {
                name,
                image,
                ports: [{ name: 'http', containerPort: port, protocol: 'TCP' }],
                securityContext: {
                  allowPrivilegeEscalation: false,
                  readOnlyRootFilesystem: true,
                  capabilities: { drop: ['ALL'] },
                },
                resources: { requests: { cpu: '100m', memory: '64Mi' }, limits: { cpu: '500m', memory: '256Mi' } },
                readinessProbe: { httpGet: { path: '/', port: 'http' }, periodSeconds: 10 },
                volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
              },
            ],
            volumes: [{ name: 'tmp', emptyDir: {} }],
          },
        },
      },
    });
    this.service = kubeObject(this, 'Service', 'Service', {
      metadata: { name, labels },
      spec: { type: 'ClusterIP', selector: labels, ports: [{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }] },
    });
    if (props.nodePortLocal ?? false) NodePortLocal.enable(this.service);
    if (props.allowHttpIngress ?? true) {
      this.networkPolicy = kubeObject(this, 'AllowHttp', 'NetworkPolicy', {
        metadata: { name: `${name}-allow-http`, labels },
        spec: {
          podSelector: { matchLabels: labels },
          policyTypes: ['Ingress'],
          ingress: [{ ports: [{ protocol: 'TCP', port }] }],
        },
      });
    }
  }
}
