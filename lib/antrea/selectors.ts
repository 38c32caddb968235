import { IConstruct } from 'constructs';
import { fail } from '../core/errors';
import { labelValueProblem, qualifiedNameProblem } from '../core/names';

/** The pattern every label value in the Antrea CRD selectors must match (no length limit in the CRD). */
const CRD_LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** Operators of a label selector requirement. */
export enum LabelSelectorOperator {
  /** The label value is one of the values. */
  IN = 'In',
  /** The label value is none of the values (or the label is missing). */
  NOT_IN = 'NotIn',
  /** The label is present. */
  EXISTS = 'Exists',
  /** The label is absent. */
  DOES_NOT_EXIST = 'DoesNotExist',
}

/** One `matchExpressions` requirement of a label selector. Create it with the static factories. */
export class LabelExpression {
  /** The label value of `key` is one of `values`. */
  public static in(key: string, values: string[]): LabelExpression {
    return new LabelExpression(key, LabelSelectorOperator.IN, values);
  }

  /** The label value of `key` is none of `values` (or the label is missing). */
  public static notIn(key: string, values: string[]): LabelExpression {
    return new LabelExpression(key, LabelSelectorOperator.NOT_IN, values);
  }

  /** The label `key` is present, whatever its value. */
  public static exists(key: string): LabelExpression {
    return new LabelExpression(key, LabelSelectorOperator.EXISTS, undefined);
  }

  /** The label `key` is absent. */
  public static doesNotExist(key: string): LabelExpression {
    return new LabelExpression(key, LabelSelectorOperator.DOES_NOT_EXIST, undefined);
  }

  private constructor(
    /** The label key. */
    public readonly key: string,
    /** The operator. */
    public readonly operator: LabelSelectorOperator,
    /** The values (only for In and NotIn). */
    public readonly values: string[] | undefined,
  ) {}
}

/** Options of {@link LabelSelector.of}. */
export interface LabelSelectorOptions {
  /**
   * Labels that must all match exactly (`matchLabels`).
   * @default - no label must match
   */
  readonly labels?: { readonly [key: string]: string };
  /**
   * Requirements that must all hold (`matchExpressions`).
   * @default - no requirement
   */
  readonly expressions?: LabelExpression[];
}

/**
 * A Kubernetes label selector as used by the Antrea CRDs (`podSelector`, `namespaceSelector`, `nodeSelector`,
 * `externalEntitySelector`). An empty selector (`LabelSelector.all()`) selects everything.
 */
export class LabelSelector {
  /** Selects everything (`{}`). */
  public static all(): LabelSelector {
    return new LabelSelector({}, []);
  }

  /** Selects the objects that carry all of `labels` (`matchLabels`). */
  public static matchLabels(labels: { readonly [key: string]: string }): LabelSelector {
    return new LabelSelector({ ...labels }, []);
  }

  /** A selector from labels and expressions. */
  public static of(options: LabelSelectorOptions = {}): LabelSelector {
    return new LabelSelector({ ...(options.labels ?? {}) }, [...(options.expressions ?? [])]);
  }

  private constructor(
    private readonly labels: { readonly [key: string]: string },
    private readonly expressions: LabelExpression[],
  ) {}

  /** True when the selector has neither labels nor expressions (it selects everything). */
  public get isEmpty(): boolean {
    return Object.keys(this.labels).length === 0 && this.expressions.length === 0;
  }

  /**
   * Validates the selector for `scope` and renders it as JSON. `field` is used in error messages.
   * @internal
   */
  public _render(scope: IConstruct, field: string): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const keys = Object.keys(this.labels).sort();
    if (keys.length > 0) {
      const matchLabels: Record<string, string> = {};
      for (const key of keys) {
        const value = this.labels[key];
        const keyProblem = qualifiedNameProblem(key);
        if (keyProblem) fail(scope, `${field}.matchLabels`, key, `a valid label key: ${keyProblem} (Invalid label key)`);
        const valueProblem = labelValueProblem(value);
        if (valueProblem) fail(scope, `${field}.matchLabels["${key}"]`, value, `${valueProblem} (Invalid label value)`);
        matchLabels[key] = value;
      }
      out.matchLabels = matchLabels;
    }
    if (this.expressions.length > 0) {
      out.matchExpressions = this.expressions.map((e, i) => {
        const f = `${field}.matchExpressions[${i}]`;
        const keyProblem = qualifiedNameProblem(e.key);
        if (keyProblem) fail(scope, `${f}.key`, e.key, `a valid label key: ${keyProblem}`);
        const r: Record<string, unknown> = { key: e.key, operator: e.operator };
        if (e.operator === LabelSelectorOperator.IN || e.operator === LabelSelectorOperator.NOT_IN) {
          if (!e.values || e.values.length === 0)
            fail(scope, `${f}.values`, e.values ?? [], `at least one value for operator ${e.operator}`);
          e.values.forEach((v, j) => {
            if (typeof v !== 'string' || !CRD_LABEL_VALUE.test(v)) {
              fail(
                scope,
                `${f}.values[${j}]`,
                v,
                'a label value: empty, or alphanumerics, "-", "_" or ".", starting and ending with an alphanumeric',
              );
            }
          });
          r.values = [...e.values];
        }
        return r;
      });
    }
    return out;
  }
}

/**
 * The default object name derived from a construct id: kebab-case, lowercase (`AcnpDemo` → `acnp-demo`).
 * Throws when the result is not a DNS-1123 subdomain (then a `name` prop must be given).
 * @internal
 */
export function objectNameFromId(scope: IConstruct, id: string): string {
  const name = id
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1-$2')
    .toLowerCase();
  if (!/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(name) || name.length > 253) {
    fail(scope, 'name', name, 'a DNS-1123 subdomain; the construct id does not give one, so set the name prop');
  }
  return name;
}
