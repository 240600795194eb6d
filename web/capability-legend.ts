/**
 * The catalog's capability legend: one label per tick column, set upright-sideways in the
 * Capabilities header right above the ticks it names, instead of a sentence under a long table.
 */
import { CAPABILITIES } from '../shared/suites.js';
import { capabilityLabel } from './capabilities.js';
import { el } from './dom.js';

/**
 * The legend strip for the Capabilities header, in the registry's order (the order of the
 * compact ticks). Hidden from screen readers: each tick already says its own name.
 */
export function capabilityLegend(): HTMLSpanElement {
  const legend = el('span', undefined, 'caps-legend');
  legend.setAttribute('aria-hidden', 'true');
  for (const { key } of CAPABILITIES) {
    const label = capabilityLabel(key);
    const item = el('span', undefined, 'caps-legend-item');
    item.append(el('span', label));
    item.title = label;
    legend.append(item);
  }
  return legend;
}
