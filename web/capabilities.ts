/**
 * The capability matrix: which Converse features a certification showed, as ✓ (works), ✗ (does
 * not), ? (not determined: throttled, timed out) or · (not tested by its suite), with words for
 * screen readers. One order and one set of labels, the registry's, for the result card and the
 * catalog rows.
 */
import {
  CAPABILITIES,
  type Capabilities,
  type CapabilityName,
  type CapabilityValue,
} from '../shared/suites.js';
import { el, hiddenText } from './dom.js';
import { t } from './i18n.js';

/** A capability's label in the page's language ("Tool use", "Uso de ferramentas"). */
export function capabilityLabel(key: CapabilityName): string {
  return t(`web.capability.${key}`);
}

/** How one capability reads: the mark, and the words after its label. */
function state(value: CapabilityValue | undefined): {
  mark: string;
  words: string;
  short: string;
  ok: string;
} {
  if (value === true)
    return { mark: '✓', words: t('web.mark.works'), short: t('web.mark.yes'), ok: 'true' };
  if (value === false)
    return { mark: '✗', words: t('web.mark.doesNotWork'), short: t('web.mark.no'), ok: 'false' };
  const undetermined = t('web.mark.notDetermined');
  if (value === null) return { mark: '?', words: undetermined, short: undetermined, ok: 'null' };
  const untested = t('web.mark.notTested');
  return { mark: '·', words: untested, short: untested, ok: 'untested' };
}

/**
 * The full matrix: one labelled item per capability the certification holds (the core suite's,
 * and the full suite's when it ran).
 */
export function capabilityList(capabilities: Capabilities): HTMLUListElement {
  const list = el('ul', undefined, 'caps');
  list.setAttribute('aria-label', t('web.result.capabilities'));
  for (const { key } of CAPABILITIES) {
    if (!(key in capabilities)) continue;
    const label = capabilityLabel(key);
    const { mark, words, ok } = state(capabilities[key]);
    const item = el('li');
    item.dataset.ok = ok;
    item.dataset.capability = key;
    item.append(el('span', mark, 'mark'), ` ${label}`, hiddenText(`: ${words}`));
    item.firstElementChild?.setAttribute('aria-hidden', 'true');
    list.append(item);
  }
  return list;
}

/**
 * The compact matrix of a catalog row: one mark per capability of the registry, in its order
 * (those the row's suite did not test as ·), so the columns line up; named on hover and for
 * screen readers.
 */
export function compactCapabilities(capabilities: Capabilities): HTMLSpanElement {
  const matrix = el('span', undefined, 'caps-compact');
  for (const { key } of CAPABILITIES) {
    const label = capabilityLabel(key);
    const { mark: symbolText, short, ok } = state(capabilities[key]);
    const mark = el('span', undefined, 'cap');
    mark.dataset.ok = ok;
    mark.dataset.capability = key;
    mark.title = `${label}: ${short}`;
    const symbol = el('span', symbolText);
    symbol.setAttribute('aria-hidden', 'true');
    mark.append(symbol, hiddenText(`${label} ${short}`));
    matrix.append(mark);
  }
  return matrix;
}
