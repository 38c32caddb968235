// Kubernetes label selectors, once for every reader of synthesized objects (the preflight's scheduling check and the
// offline policy evaluator): `matchLabels` AND every `matchExpressions` entry (In, NotIn, Exists, DoesNotExist).

/** A compiled Kubernetes label selector. @internal */
export type LabelMatcher = (labels: Readonly<Record<string, unknown>>) => boolean;

const MATCH_ALL: LabelMatcher = () => true;

/**
 * Compiles a `LabelSelector`; `{}` (or an absent selector) matches everything. An unknown operator, which the API
 * server refuses, selects nothing. Malformed JSON (not an object, `values` not a list) is read as absent.
 * @internal
 */
export function compileSelector(selector: unknown): LabelMatcher {
  const sel = isObject(selector) ? selector : {};
  const labels = Object.entries(isObject(sel.matchLabels) ? sel.matchLabels : {});
  const exprs = (Array.isArray(sel.matchExpressions) ? sel.matchExpressions : []).map((e: unknown) => {
    const x = isObject(e) ? e : {};
    return {
      key: typeof x.key === 'string' ? x.key : '',
      op: x.operator,
      values: new Set<unknown>(Array.isArray(x.values) ? x.values : []),
    };
  });
  if (labels.length === 0 && exprs.length === 0) return MATCH_ALL;
  return (l) => {
    for (const [k, v] of labels) if (l[k] !== v) return false;
    for (const e of exprs) {
      const has = Object.prototype.hasOwnProperty.call(l, e.key);
      switch (e.op) {
        case 'In':
          if (!has || !e.values.has(l[e.key])) return false;
          break;
        case 'NotIn':
          if (has && e.values.has(l[e.key])) return false;
          break;
        case 'Exists':
          if (!has) return false;
          break;
        case 'DoesNotExist':
          if (has) return false;
          break;
        default:
          return false;
      }
    }
    return true;
  };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
