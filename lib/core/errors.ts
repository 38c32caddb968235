import { IConstruct, IValidation } from 'constructs';

/**
 * The error every construct in this library throws for bad input.
 *
 * The message always names the construct path, the field, the bad value and what is allowed:
 * `[<construct path>] <field>: got <value>, expected <what is allowed>`.
 */
export class ValidationError extends Error {
  /** The construct path (or config file location) the error is about. */
  public readonly path: string;
  /** The field (prop, key or JSON path) that holds the bad value. */
  public readonly field: string;
  /** The bad value, as given. */
  public readonly value: unknown;
  /** What would have been accepted. */
  public readonly allowed: string;

  public constructor(path: string, field: string, value: unknown, allowed: string) {
    super(`[${path}] ${field}: got ${renderValue(value)}, expected ${allowed}`);
    this.name = 'ValidationError';
    this.path = path;
    this.field = field;
    this.value = value;
    this.allowed = allowed;
  }
}

/** Renders a bad value for an error message: strings quoted, objects as compact JSON, long values cut. @internal */
export function renderValue(value: unknown): string {
  let text: string;
  if (value === undefined) text = 'undefined';
  else if (typeof value === 'string') text = JSON.stringify(value);
  else if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') text = String(value);
  else {
    try {
      text = JSON.stringify(value) ?? String(value);
    } catch {
      text = String(value);
    }
  }
  return text.length > 200 ? `${text.slice(0, 197)}...` : text;
}

/** The path used in messages for a construct (its full construct path), or the string given. @internal */
export function pathOf(scope: IConstruct | string): string {
  if (typeof scope === 'string') return scope;
  return scope.node.path || '<root>';
}

/**
 * A receiver of field errors that is not a construct: a props reader called by the config loader passes one, so that
 * the rule reports at the loader's key (`nodePools[0].cpu`) without a second copy of the rule and without catching
 * and rethrowing the construct's error.
 */
export interface FieldFailer {
  /** Throws for `field` (as the rule names it, e.g. `dnsServers[1]`). */
  fail(field: string, value: unknown, allowed: string): never;
}

/** Where an error is reported: a construct, a name used in messages, or a {@link FieldFailer}. */
export type ErrorScope = IConstruct | string | FieldFailer;

function isFieldFailer(scope: ErrorScope): scope is FieldFailer {
  return typeof scope === 'object' && scope !== null && !('node' in scope) && typeof (scope as FieldFailer).fail === 'function';
}

/**
 * Throws a {@link ValidationError} for `scope` (or hands the error to a {@link FieldFailer}).
 *
 * @param scope the construct (or a path string) the bad value was given to
 * @param field the prop or key name, e.g. `priority` or `vcenters[0].user`
 * @param value the bad value
 * @param allowed what is allowed, phrased to follow "expected", e.g. `an integer from 0 to 255`
 * @internal
 */
export function fail(scope: ErrorScope, field: string, value: unknown, allowed: string): never {
  if (isFieldFailer(scope)) scope.fail(field, value, allowed);
  throw new ValidationError(pathOf(scope as IConstruct | string), field, value, allowed);
}

/** One object per check (a large App registers one or more per construct): no closure around `check`. */
class SynthCheck implements IValidation {
  public constructor(private readonly check: () => Array<{ field: string; value: unknown; allowed: string }>) {}

  public validate(): string[] {
    const errors = this.check();
    return errors.length === 0 ? [] : errors.map((e) => `${e.field}: got ${renderValue(e.value)}, expected ${e.allowed}`);
  }
}

/**
 * Registers a check that runs at synth time (cdk8s `node.addValidation`), for rules that depend on other
 * constructs added later (uniqueness, cross-object rules). The check returns the errors it found as
 * `{ field, value, allowed }`; cdk8s prefixes each with the construct path.
 * @internal
 */
export function addSynthCheck(scope: IConstruct, check: () => Array<{ field: string; value: unknown; allowed: string }>): void {
  scope.node.addValidation(new SynthCheck(check));
}
