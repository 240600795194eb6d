import { translate } from '../i18n/index.js';
import { DEFAULT_SUITE, probesOf, SUITE_NAMES, type SuiteName } from '../suites.js';
import { PAGE_IDS } from './page-ids.js';
import { catalogCaption, pageLead } from './page-text.js';
import {
  PAGE_SCRIPT,
  PAGE_SCRIPT_SHA256,
  PAGE_STYLES,
  PAGE_STYLES_SHA256,
} from './page-assets.generated.js';

export { PAGE_SCRIPT_SHA256, PAGE_STYLES_SHA256 };

/** Options of {@link renderPage}. */
export interface RenderPageOptions {
  /** Model ids offered in the model field's `<datalist>` (locally: the simulator's catalog). */
  modelSuggestions: string[];
}

/** `Core (6 probes)`: a suite as the page's select names it (in English; the script translates it). */
export function suiteLabel(suite: SuiteName): string {
  return translate('en', `web.suite.${suite}`, { count: probesOf(suite).length });
}

/**
 * A Content-Security-Policy that lets exactly the page's own inline script and styles run and
 * lets it talk only to the origin that served it. The page needs nothing else: no inline
 * handlers, no external resources, no `eval`.
 */
export const PAGE_CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  `script-src 'sha256-${PAGE_SCRIPT_SHA256}'`,
  `style-src 'sha256-${PAGE_STYLES_SHA256}'`,
  "connect-src 'self'",
  "img-src 'self' data:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for an HTML text node or a quoted attribute value. */
function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ESCAPES[char] ?? char);
}

/**
 * The complete HTML of the certification page: markup, inline styles and the inline script
 * (see web/ for their sources). Served at `GET /` without authentication; the token is typed
 * in (or passed in the URL fragment, which never reaches a server) and sent by the script.
 */
export function renderPage(options: RenderPageOptions): string {
  const suggestions = [
    ...new Set(options.modelSuggestions.map((id) => id.trim()).filter((id) => id.length > 0)),
  ]
    .map((id) => `<option value="${escapeHtml(id)}"></option>`)
    .join('');
  const placeholder = escapeHtml(
    options.modelSuggestions[0] ?? 'us.anthropic.claude-sonnet-4-5-20250929-v1:0',
  );
  const total = probesOf(DEFAULT_SUITE).length;
  // Each suite's label is translated by the script, with its count as the parameter.
  const suiteOptions = SUITE_NAMES.map(
    (suite) =>
      `<option value="${suite}"${suite === DEFAULT_SUITE ? ' selected' : ''} data-i18n="web.suite.${suite}" data-i18n-params="${escapeHtml(JSON.stringify({ count: String(probesOf(suite).length) }))}">${escapeHtml(suiteLabel(suite))}</option>`,
  ).join('');

  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>Bedrock model certification</title>
<link rel="icon" href="data:,">
<style>${PAGE_STYLES}</style>
</head>
<body>
<a class="skip-link" href="#${PAGE_IDS.catalogHeading}" id="${PAGE_IDS.skipLink}" data-i18n="web.skipLink">Skip to the models</a>
<main>
<header>
<h1 data-i18n="web.title">Bedrock model certification</h1>
<p class="language"><label class="inline" for="${PAGE_IDS.language}"><span data-i18n="web.language">Language</span> <select id="${PAGE_IDS.language}"><option value="en" lang="en">English</option><option value="pt-BR" lang="pt-BR">Português (Brasil)</option></select></label></p>
<p class="lead" id="${PAGE_IDS.lead}">${escapeHtml(pageLead('en'))}</p>
<p class="usage" id="${PAGE_IDS.usage}" hidden></p>
</header>
<form id="${PAGE_IDS.form}" novalidate>
<div class="field">
<label for="${PAGE_IDS.token}" data-i18n="web.token.label">Access token</label>
<input type="password" id="${PAGE_IDS.token}" name="token" required autocomplete="off" spellcheck="false" aria-describedby="token-help">
<p class="help" id="token-help" data-i18n="web.token.help">A Cognito access token, sent as <code>Authorization: Bearer</code>. Kept in this browser tab only.</p>
</div>
<div class="field">
<label for="${PAGE_IDS.modelId}" data-i18n="web.modelId.label">Model id</label>
<input type="text" id="${PAGE_IDS.modelId}" name="modelId" list="${PAGE_IDS.suggestions}" required autocomplete="off" autocapitalize="off" spellcheck="false" placeholder="${placeholder}" aria-describedby="model-id-help">
<datalist id="${PAGE_IDS.suggestions}">${suggestions}</datalist>
<p class="help" id="model-id-help" data-i18n="web.modelId.help">A foundation model id, an inference profile id (<code>us.…</code>, <code>global.…</code>) or a model ARN; or pick a model below.</p>
</div>
<div class="options">
<label class="inline"><input type="checkbox" id="${PAGE_IDS.reuseCache}" checked> <span data-i18n="web.reuseCache">Reuse a cached result when there is one</span></label>
<label class="inline" for="${PAGE_IDS.suite}"><span data-i18n="web.suite">Suite</span> <select id="${PAGE_IDS.suite}">${suiteOptions}</select></label>
<label class="inline" for="${PAGE_IDS.transport}"><span data-i18n="web.streamWith">Stream with</span> <select id="${PAGE_IDS.transport}"><option value="fetch" selected>fetch</option><option value="eventsource" data-i18n="web.eventSource">EventSource (ticket)</option></select></label>
</div>
<div class="actions">
<button type="submit" id="${PAGE_IDS.submit}" data-i18n="web.certify">Certify</button>
</div>
</form>
<div class="message" id="${PAGE_IDS.message}" role="alert" hidden></div>
<p class="visually-hidden" id="${PAGE_IDS.announcer}" aria-live="polite"></p>
<section id="${PAGE_IDS.catalogView}" aria-labelledby="${PAGE_IDS.catalogHeading}">
<h2 id="${PAGE_IDS.catalogHeading}" tabindex="-1" data-i18n="web.models">Models</h2>
<p class="muted" id="${PAGE_IDS.catalogSummary}" data-i18n="web.catalog.needToken">Enter an access token to see the models this account can use.</p>
<div class="toolbar">
<label class="inline" for="${PAGE_IDS.statusFilter}"><span data-i18n="web.filter.status">Status</span> <select id="${PAGE_IDS.statusFilter}"><option value="" selected data-i18n="web.filter.all">All</option><option value="certified" data-i18n="web.filter.certified">Certified</option><option value="failed" data-i18n="web.filter.failed">Failed</option><option value="unavailable" data-i18n="web.filter.unavailable">Unavailable</option><option value="uncertified" data-i18n="web.filter.uncertified">Not certified</option></select></label>
<label class="inline" for="${PAGE_IDS.providerFilter}"><span data-i18n="web.filter.provider">Provider</span> <select id="${PAGE_IDS.providerFilter}"><option value="" selected data-i18n="web.filter.allProviders">All providers</option></select></label>
<button type="button" id="${PAGE_IDS.certifyAll}" disabled data-i18n="web.certifyAll">Certify all uncertified</button>
</div>
<div class="batch-bar">
<p class="small" id="${PAGE_IDS.batchStatus}"></p>
<button type="button" class="secondary small" id="${PAGE_IDS.batchStop}" hidden data-i18n="web.stop">Stop</button>
</div>
<table class="catalog" id="${PAGE_IDS.catalogTable}" hidden><caption class="visually-hidden" id="${PAGE_IDS.catalogCaption}">${escapeHtml(catalogCaption('en'))}</caption><tbody></tbody></table>
<p class="legend small muted" data-i18n="web.catalog.legend">Capabilities: ✓ works, ✗ does not, ? not determined, · not tested (core suite).</p>
<p id="${PAGE_IDS.catalogEmpty}" hidden data-i18n="web.catalog.noMatch">No model matches these filters.</p>
</section>
<section id="${PAGE_IDS.regionView}" aria-labelledby="regions-heading" hidden>
<h2 id="regions-heading" data-i18n="web.regions.heading">Where each model runs</h2>
<p class="muted" id="${PAGE_IDS.regionSummary}"></p>
<table class="regions stack" id="${PAGE_IDS.regionTable}"><caption class="visually-hidden" data-i18n="web.regions.caption">Each model's certification in each Region this service certifies in; a cell certifies the model there.</caption><tbody></tbody></table>
</section>
<section id="${PAGE_IDS.recent}" aria-labelledby="recent-heading" hidden>
<h2 id="recent-heading" data-i18n="web.recent.heading">Recent results</h2>
<p class="muted small" data-i18n="web.recent.help">Cached results of this service, newest first.</p>
<ul class="recent" id="${PAGE_IDS.recentList}"></ul>
<button type="button" class="secondary" id="${PAGE_IDS.recentMore}" hidden data-i18n="web.recent.more">More</button>
</section>
<div id="${PAGE_IDS.detailView}" hidden>
<p><a href="#" id="${PAGE_IDS.backLink}" data-i18n="web.back">← All models</a></p>
<section id="${PAGE_IDS.progressSection}" aria-labelledby="progress-heading" hidden>
<div class="section-head">
<h2 id="progress-heading" data-i18n="web.progress.heading">Progress</h2>
<button type="button" class="secondary" id="${PAGE_IDS.cancel}" hidden data-i18n="web.cancel">Cancel</button>
</div>
<div class="bar-row">
<div class="bar" id="${PAGE_IDS.progressBar}" role="progressbar" aria-labelledby="progress-heading" aria-valuemin="0" aria-valuemax="${total}" aria-valuenow="0" aria-valuetext="0 of ${total} probes finished"><div class="bar-fill" id="${PAGE_IDS.progressFill}"></div></div>
<span class="count" id="${PAGE_IDS.progressCount}" aria-hidden="true">0/${total}</span>
<span class="elapsed"><span class="visually-hidden"><span data-i18n="web.progress.elapsed">Elapsed</span> </span><span id="${PAGE_IDS.progressElapsed}"></span></span>
</div>
<p class="status-line" id="${PAGE_IDS.progressStatus}"></p>
<ol class="probes" id="${PAGE_IDS.probeList}" aria-label="Probes" data-i18n-label="web.progress.probes"></ol>
</section>
<section id="${PAGE_IDS.result}" aria-labelledby="result-heading" hidden></section>
<section id="${PAGE_IDS.history}" aria-labelledby="history-heading" hidden></section>
</div>
</main>
<script>${PAGE_SCRIPT}</script>
</body>
</html>
`;
}
