/**
 * The capability matrix: which Converse features a certification proved, as ✓/✗ with words for
 * screen readers. One order and one set of labels for the result card and the catalog rows.
 */
import type { Capabilities } from '../shared/types.js';
import { el, hiddenText } from './dom.js';

/** Display order and labels. */
export const CAPABILITY_LABELS: readonly (readonly [keyof Capabilities, string])[] = [
  ['streaming', 'Streaming'],
  ['systemPrompt', 'System prompt'],
  ['toolUse', 'Tool use'],
  ['streamingToolUse', 'Streaming tool use'],
  ['jsonOutput', 'JSON output'],
  ['multiTurn', 'Multi-turn'],
];

/** The full matrix: one labelled item per capability. */
export function capabilityList(capabilities: Capabilities): HTMLUListElement {
  const list = el('ul', undefined, 'caps');
  list.setAttribute('aria-label', 'Capabilities');
  for (const [key, label] of CAPABILITY_LABELS) {
    const ok = capabilities[key];
    const item = el('li');
    item.dataset.ok = String(ok);
    item.append(
      el('span', ok ? '✓' : '✗', 'mark'),
      ` ${label}`,
      hiddenText(ok ? ': works' : ': does not work'),
    );
    item.firstElementChild?.setAttribute('aria-hidden', 'true');
    list.append(item);
  }
  return list;
}

/** The compact matrix of a catalog row: six marks in {@link CAPABILITY_LABELS} order, named on hover and for screen readers. */
export function compactCapabilities(capabilities: Capabilities): HTMLSpanElement {
  const matrix = el('span', undefined, 'caps-compact');
  for (const [key, label] of CAPABILITY_LABELS) {
    const ok = capabilities[key];
    const mark = el('span', undefined, 'cap');
    mark.dataset.ok = String(ok);
    mark.title = `${label}: ${ok ? 'yes' : 'no'}`;
    const symbol = el('span', ok ? '✓' : '✗');
    symbol.setAttribute('aria-hidden', 'true');
    mark.append(symbol, hiddenText(`${label} ${ok ? 'yes' : 'no'}`));
    matrix.append(mark);
  }
  return matrix;
}
