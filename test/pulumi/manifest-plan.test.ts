import { ApiObject, App, Chart } from 'cdk8s';
import { planManifests } from '../../lib/pulumi/manifest-plan';

describe('planManifests failing inputs', () => {
  test('should throw if two objects map to the same resource name', () => {
    const app = new App();
    const a = new Chart(app, 'a');
    const b = new Chart(app, 'b');
    new ApiObject(a, 'cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', namespace: 'n' } });
    new ApiObject(b, 'cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', namespace: 'n' } });
    expect(() => planManifests(app)).toThrow(
      '[b/cm] resource name: got "v1:ConfigMap:n/x", expected a name not already used by a/cm (two objects with the same apiVersion, kind, namespace and name)',
    );
  });

  test('should throw if a Namespace depends on an object inside it (a cycle with the implicit Namespace edge)', () => {
    const app = new App();
    const c = new Chart(app, 'c');
    const ns = new ApiObject(c, 'ns', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'n' } });
    const cm = new ApiObject(c, 'cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', namespace: 'n' } });
    ns.addDependency(cm);
    expect(() => planManifests(app)).toThrow(
      '[planManifests] dependsOn: got ["v1:ConfigMap:n/x","v1:Namespace:n"], expected dependencies without a cycle (a Namespace or CRD must not depend on objects that need it)',
    );
  });

  test('a resource prefix keeps names apart', () => {
    const app = new App();
    new ApiObject(new Chart(app, 'c'), 'cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', namespace: 'n' } });
    expect(planManifests(app, 'east:').objects.map((o) => o.resourceName)).toEqual(['east:v1:ConfigMap:n/x']);
  });
});
