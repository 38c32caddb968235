import { IConstruct } from 'constructs';
import { ErrorScope, fail } from './errors';

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** DNS-1123 labels joined by ".": Kubernetes' `dns1123SubdomainFmt` (one test instead of a split per name). */
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** True if `name` is an RFC 1123 label (Namespace names, most label-like names): at most 63 chars. @internal */
export function isDns1123Label(name: string): boolean {
  return typeof name === 'string' && name.length <= 63 && DNS1123_LABEL.test(name);
}

/** True if `name` is an RFC 1123 subdomain (the name rule of most kinds): at most 253 chars. @internal */
export function isDns1123Subdomain(name: string): boolean {
  return typeof name === 'string' && name.length <= 253 && DNS1123_SUBDOMAIN.test(name);
}

/** True if `name` is an RFC 1035 label (Service names): starts with a letter, at most 63 chars. @internal */
export function isDns1035Label(name: string): boolean {
  return typeof name === 'string' && name.length <= 63 && DNS1035_LABEL.test(name);
}

/** True if `name` is a valid RBAC object name (a path segment: not `.` or `..`, no `/` or `%`). @internal */
export function isPathSegmentName(name: string): boolean {
  return typeof name === 'string' && name.length > 0 && name !== '.' && name !== '..' && !/[/%]/.test(name);
}

/** The reason a label or annotation key is invalid, or undefined when it is valid. @internal */
export function qualifiedNameProblem(key: string): string | undefined {
  if (typeof key !== 'string' || key.length === 0) return 'a non-empty key';
  const slash = key.indexOf('/');
  if (slash >= 0 && key.indexOf('/', slash + 1) >= 0) return 'a key of the form [prefix/]name with at most one "/"';
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (slash >= 0) {
    const prefix = key.slice(0, slash);
    if (prefix.length === 0 || !isDns1123Subdomain(prefix))
      return 'a key prefix that is a DNS-1123 subdomain (lowercase alphanumerics, "-" and ".")';
  }
  if (name.length === 0 || name.length > 63 || !QUALIFIED_NAME.test(name)) {
    return 'a key name of at most 63 characters: alphanumerics, "-", "_" or ".", starting and ending with an alphanumeric';
  }
  return undefined;
}

/** The reason a label value is invalid, or undefined when it is valid. @internal */
export function labelValueProblem(value: string): string | undefined {
  if (typeof value !== 'string') return 'a string label value';
  if (value.length > 63 || !LABEL_VALUE.test(value)) {
    return 'a label value of at most 63 characters: empty, or alphanumerics, "-", "_" or ".", starting and ending with an alphanumeric';
  }
  return undefined;
}

/** Throws unless every key and value of `labels` is valid by the Kubernetes label rules. @internal */
export function validateLabels(scope: IConstruct | string, field: string, labels: Record<string, string> | undefined): void {
  for (const [key, value] of Object.entries(labels ?? {})) {
    const keyProblem = qualifiedNameProblem(key);
    if (keyProblem) fail(scope, `${field} key`, key, keyProblem);
    const valueProblem = labelValueProblem(value);
    if (valueProblem) fail(scope, `${field}["${key}"]`, value, valueProblem);
  }
}

/** Throws unless every annotation key is a valid qualified name. @internal */
export function validateAnnotationKeys(scope: IConstruct | string, field: string, annotations: Record<string, string> | undefined): void {
  for (const key of Object.keys(annotations ?? {})) {
    const keyProblem = qualifiedNameProblem(key);
    if (keyProblem) fail(scope, `${field} key`, key, keyProblem);
  }
}

/** Throws unless `name` is a DNS-1123 subdomain. @internal */
export function validateSubdomainName(scope: ErrorScope, field: string, name: string): void {
  if (!isDns1123Subdomain(name)) {
    fail(
      scope,
      field,
      name,
      'a DNS-1123 subdomain: at most 253 lowercase alphanumerics, "-" or ".", starting and ending with an alphanumeric',
    );
  }
}

/** Throws unless `name` is a DNS-1123 label. @internal */
export function validateLabelName(scope: ErrorScope, field: string, name: string): void {
  if (!isDns1123Label(name)) {
    fail(scope, field, name, 'a DNS-1123 label: at most 63 lowercase alphanumerics or "-", starting and ending with an alphanumeric');
  }
}
