import { NodePortLocalService } from '../../../lib/antrea';
import { ValidDocExample } from './harness';

const PAGE = 'docs/node-port-local.md';

export const nodePortLocalExamples: ValidDocExample[] = [
  {
    page: PAGE,
    title: 'Service with NodePortLocal enabled (the nginx Deployment is plain Kubernetes, not compared)',
    config: { nodePortLocal: { enable: true } },
    build: (c) =>
      new NodePortLocalService(c, 'S', { name: 'nginx', selector: { app: 'nginx' }, ports: [{ name: 'web', port: 80, targetPort: 8080 }] }),
    expected: `
apiVersion: v1
kind: Service
metadata:
  name: nginx
  annotations:
    nodeportlocal.antrea.io/enabled: "true"
spec:
  ports:
  - name: web
    port: 80
    protocol: TCP
    targetPort: 8080
  selector:
    app: nginx
`,
  },
];
