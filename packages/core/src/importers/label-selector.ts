import { isRecord } from './source-document.js';

/**
 * Evaluates a Kubernetes `metav1.LabelSelector` (`matchLabels` and `matchExpressions` with `In`,
 * `NotIn`, `Exists`, `DoesNotExist`) against a set of labels. An empty selector selects
 * everything; a missing one (`undefined`) selects nothing, as in the App Mesh controller.
 *
 * @example
 * ```ts
 * import { matchesLabelSelector } from '@meshplane/core';
 * matchesLabelSelector({ matchLabels: { mesh: 'shop' } }, { mesh: 'shop', team: 'a' }); // true
 * ```
 */
export function matchesLabelSelector(selector: unknown, labels: Record<string, string>): boolean {
  if (!isRecord(selector)) return false;
  if (isRecord(selector.matchLabels)) {
    for (const [key, value] of Object.entries(selector.matchLabels)) {
      if (labels[key] !== String(value)) return false;
    }
  }
  if (Array.isArray(selector.matchExpressions)) {
    for (const expression of selector.matchExpressions) {
      if (!isRecord(expression) || typeof expression.key !== 'string') return false;
      const has = Object.hasOwn(labels, expression.key);
      const values = Array.isArray(expression.values) ? expression.values.map(String) : [];
      const value = labels[expression.key];
      switch (expression.operator) {
        case 'In':
          if (!has || !values.includes(value!)) return false;
          break;
        case 'NotIn':
          if (has && values.includes(value!)) return false;
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
  }
  return true;
}
