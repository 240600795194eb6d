import { translate, type Locale } from '../i18n/index.js';
import { CAPABILITIES, DEFAULT_SUITE, probesOf } from '../suites.js';

/**
 * The page's texts that are built from the probe registry: the server renders them in English
 * into the markup, and the page's script renders them again in the reader's language. One home,
 * so the two cannot drift apart.
 */

/** The lead under the title: both suites, by their probes' features. */
export function pageLead(locale: Locale): string {
  const core = probesOf(DEFAULT_SUITE);
  const full = probesOf('full');
  const feature = (probe: (typeof full)[number]): string =>
    translate(locale, `web.feature.${probe.testName}`);
  return translate(locale, 'web.lead', {
    core: core.length,
    coreFeatures: core.map(feature).join(', '),
    full: full.length,
    added: full
      .filter((probe) => probe.suite !== DEFAULT_SUITE)
      .map(feature)
      .join(', '),
  });
}

/** The catalog table's caption: what it lists, and the order of its capability ticks. */
export function catalogCaption(locale: Locale): string {
  return translate(locale, 'web.catalog.caption', {
    order: CAPABILITIES.map(({ key }) =>
      translate(locale, `web.capability.${key}`).toLocaleLowerCase(locale),
    ).join(', '),
  });
}
