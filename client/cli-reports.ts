/**
 * The reports `npm run certify` writes to stdout for several models (or one with
 * `--format junit|markdown`): a comparison table, JSON, JUnit XML for CI test reports, and
 * Markdown for a pull-request comment. Pure functions of a {@link BatchReport}.
 */
import type {
  CatalogEntry,
  CatalogResponse,
  Certification,
  UsageResponse,
} from '../shared/types.js';
import type { Translator } from '../shared/i18n/translate.js';
import { capabilitiesOf, suiteOf, type RegisteredCapability } from '../shared/suites.js';
import {
  CAPABILITY_NAMES,
  describeGates,
  evaluateGates,
  type GateCheck,
  type GateVerdict,
  type Gates,
} from './cli-gates.js';
import { ENGLISH, plural, type Failure } from './cli-harness.js';
import {
  describeTests,
  formatNote,
  describeVerdict,
  failureReasons,
  oneLine,
  paintStatus,
  paintVerdict,
  REASON_MAX_LINES,
  type Palette,
} from './cli-output.js';
import {
  DEFAULT_WIDTH,
  displayWidth,
  pad,
  printable,
  renderTable,
  wrapBlock,
  wrapId,
} from './cli-table.js';
import { formatCost, formatCount, formatDuration, formatTimestamp } from './format.js';
import {
  markdownCode,
  markdownRow,
  markdownText,
  markdownWithCode,
  type MarkdownContext,
} from './markdown.js';

/** One model's line in a report. */
export type ModelReport = {
  modelId: string;
  /**
   * The Region it was certified in, set when a report spans several: the table gives it a
   * column, the other formats name the model `<id> in <region>`.
   */
  region?: string;
} & (
  | { certification: Certification; verdict: GateVerdict; failure?: undefined }
  /** The service (not the model) failed, or the run was not attempted. */
  | { failure: Failure; certification?: undefined; verdict?: undefined }
);

/** The model's name in a report: its id, with its Region when the report spans several. */
export function reportName(
  model: Pick<ModelReport, 'modelId' | 'region'>,
  t: Translator = ENGLISH,
): string {
  return model.region === undefined
    ? model.modelId
    : t.t('cli.report.inRegion', { modelId: model.modelId, region: model.region });
}

/** {@link reportName} in Markdown: the id as code, the Region as text. */
function markdownName(model: ModelReport, t: Translator, context: MarkdownContext = {}): string {
  const id = markdownCode(model.modelId, context);
  return model.region === undefined
    ? id
    : t.t('cli.report.inRegion', { modelId: id, region: markdownText(model.region) });
}

/**
 * The checks of a model's gates in English, as the machine formats (JSON, JUnit) keep them in
 * every language: `gate`, `passed` and `actual`.
 */
function englishChecks(
  model: ModelReport,
  gates: Gates,
): Pick<GateCheck, 'gate' | 'passed' | 'actual'>[] {
  if (model.certification === undefined) return [];
  return evaluateGates(model.certification, gates).checks.map(({ gate, passed, actual }) => ({
    gate,
    passed,
    actual,
  }));
}

/** Everything a report shows. */
export interface BatchReport {
  models: ModelReport[];
  gates: Gates;
}

/** True when the model has a certification that passes its gates. */
export function modelPasses(model: ModelReport): boolean {
  return model.verdict?.passed === true;
}

/** `pass`, `fail` or `error`. */
export function outcomeOf(model: ModelReport): 'pass' | 'fail' | 'error' {
  if (model.failure) return 'error';
  return model.verdict.passed ? 'pass' : 'fail';
}

/** The capabilities a report's table shows: those of the largest suite any of its models ran. */
function reportedCapabilities(report: BatchReport): readonly RegisteredCapability[] {
  const suites = report.models.flatMap((model) =>
    model.certification ? [suiteOf(model.certification)] : [],
  );
  return capabilitiesOf(suites.includes('full') ? 'full' : 'core');
}

/** The capabilities a catalog's table shows: the core suite's, which every listed result ran. */
const CATALOG_CAPABILITIES = capabilitiesOf('core');

/** A capability's cell: ✓ true, ✗ false, ? not determined, empty when not tested. */
function capabilityMark(value: boolean | null | undefined): string {
  if (value === true) return '✓';
  if (value === false) return '✗';
  return value === null ? '?' : '';
}

/** `2 of 3 models pass (requires streaming, toolUse)`. */
function verdictLine(report: BatchReport, t: Translator): string {
  const passing = report.models.filter(modelPasses).length;
  const count = report.models.length;
  const key = plural(t, count) === 'one' ? 'cli.report.verdictOne' : 'cli.report.verdictOther';
  return t.t(key, { passing, count, gates: describeGates(report.gates, t) });
}

/** Why a model did not pass, one line per reason, as plain text (each format escapes it). */
function whyNot(model: ModelReport, t: Translator): string[] {
  if (model.failure)
    return [
      `${model.failure.code}${model.failure.status === undefined ? '' : ` (${model.failure.status})`}: ${oneLine(model.failure.message)}`,
    ];
  if (model.verdict.passed) return [];
  const lines = [describeVerdict(model.verdict, t)];
  for (const reason of failureReasons(model.certification)) {
    const line = `${reason.code} (${describeTests(reason.tests, model.certification, t)}): ${reason.message}`;
    lines.push(
      reason.hint === undefined
        ? line
        : t.t('cli.report.hint', { reason: line, hint: reason.hint }),
    );
  }
  return lines;
}

/** Under a table that left columns out to fit: which, and where they are. */
function droppedNote(
  dropped: readonly string[],
  width: number,
  color: Palette,
  t: Translator,
): string {
  if (dropped.length === 0) return '';
  return formatNote(t.t('cli.report.dropped', { columns: dropped.join(', ') }), width, color);
}

/** Options of the terminal table. */
export interface TableOptions {
  /** Cells per line; default {@link DEFAULT_WIDTH}. */
  width?: number;
  /** The language of the words around the data; default English. */
  t?: Translator;
}

/**
 * The comparison table of several models, for a terminal or a log, at most `width` cells wide:
 * long ids wrap at their separators, the least useful columns go first on a narrow terminal, and
 * each reason below is wrapped and cut after a few lines (`--format json` has the full text).
 */
export function formatBatchTable(
  report: BatchReport,
  color: Palette,
  options: TableOptions = {},
): string {
  const width = options.width ?? DEFAULT_WIDTH;
  const { t = ENGLISH } = options;
  const { locale } = t;
  // A column of its own rather than in the id's cell, where it would wrap with the id.
  const regions = report.models.some((model) => model.region !== undefined);
  const rows = report.models.map((model) => {
    const certification = model.certification;
    const name = regions ? [model.modelId, model.region ?? ''] : [model.modelId];
    // The code and message follow under "Why not".
    if (certification === undefined) return [...name, 'error', '—', '', '', '', ''];
    const finished = certification.testsPassed + certification.testsFailed;
    return [
      ...name,
      certification.status,
      model.verdict.passed ? 'pass' : 'fail',
      `${certification.testsPassed}/${finished}`,
      formatDuration(certification.ttftMs, locale),
      formatDuration(certification.avgLatencyMs, locale),
      formatCost(certification.estimatedCostUsd, locale),
    ];
  });
  const table = renderTable(
    [
      { title: t.t('cli.report.model'), shrink: 'id', minWidth: 16, preferredWidth: 24 },
      ...(regions ? [{ title: t.t('cli.report.region') }] : []),
      {
        title: t.t('cli.report.status'),
        paint: (cell, padded) => paintStatus(color, cell, padded),
      },
      { title: t.t('cli.report.gate'), paint: (cell, padded) => paintVerdict(color, cell, padded) },
      { title: t.t('cli.report.tests'), align: 'right' },
      { title: t.t('cli.report.ttft'), align: 'right', dropOrder: 3 },
      { title: t.t('cli.report.avgLatency'), align: 'right', dropOrder: 1 },
      { title: t.t('cli.report.cost'), align: 'right', dropOrder: 2 },
    ],
    rows,
    { width, header: color.bold },
  );

  let text = `${table.lines.join('\n')}\n${droppedNote(table.dropped, width, color, t)}`;
  text += `\n${verdictLine(report, t)}.\n`;
  const failing = report.models.filter((model) => !modelPasses(model));
  let cut = false;
  if (failing.length > 0) {
    text += `\n${t.t('cli.report.whyNot')}\n`;
    for (const model of failing) {
      for (const line of wrapId(printable(reportName(model, t)), width - 2)) text += `  ${line}\n`;
      for (const reason of whyNot(model, t)) {
        const wrapped = wrapBlock(printable(reason), {
          width,
          first: '    ',
          indent: '      ',
          maxLines: REASON_MAX_LINES,
        });
        cut ||= wrapped.cut;
        for (const line of wrapped.lines) text += `${line}\n`;
      }
    }
  }
  if (cut) text += `\n${formatNote(t.t('cli.summary.cutNote'), width, color)}`;
  return text;
}

/** Where the model was certified: its certification's Region, else the one it was asked in. */
function regionOf(model: ModelReport): { region?: string } {
  const region = model.certification?.region ?? model.region;
  return region === undefined ? {} : { region };
}

/**
 * JSON of several models: `passed` overall, the gates, and per model its outcome, the reasons
 * it did not pass, and its certification (or the service's error). The same in every language:
 * the checks are worded in English.
 */
export function formatBatchJson(report: BatchReport): string {
  const body = {
    passed: report.models.every(modelPasses),
    gates: report.gates,
    models: report.models.map((model) => ({
      modelId: model.modelId,
      ...regionOf(model),
      outcome: outcomeOf(model),
      ...(model.verdict ? { checks: englishChecks(model, report.gates) } : {}),
      certification: model.certification ?? null,
      error: model.failure ?? null,
    })),
  };
  return `${JSON.stringify(body, null, 2)}\n`;
}

/**
 * JUnit XML, as CI systems read test reports: one `testsuite` per model, one `testcase` per
 * probe (a failed probe's `failure` carries its error), plus one `testcase` per explicit gate;
 * a model the service could not certify is a suite with one `error`. Probe cases report what
 * the model does; with `--require`, a failed probe may still leave the model passing its gate,
 * so the gate cases and the exit code are what a pipeline should gate on. A machine format:
 * English in every language, as the names of its cases must not change under a pipeline.
 */
export function formatJunit(report: BatchReport, options: { explicitGates: boolean }): string {
  const suites: string[] = [];
  let tests = 0;
  let failures = 0;
  let errors = 0;
  let totalSeconds = 0;
  for (const model of report.models) {
    const name = xmlAttribute(reportName(model));
    if (model.failure) {
      tests++;
      errors++;
      const { code, message } = model.failure;
      suites.push(
        `  <testsuite name="${name}" tests="1" failures="0" errors="1" skipped="0" time="0">\n` +
          `    <testcase classname="${name}" name="certification" time="0">\n` +
          `      <error message="${xmlAttribute(message)}" type="${xmlAttribute(code)}">${xmlText(`${code}: ${message}`)}</error>\n` +
          `    </testcase>\n` +
          `  </testsuite>`,
      );
      continue;
    }
    const { certification, verdict } = model;
    const cases: string[] = [];
    let suiteFailures = 0;
    for (const result of certification.results) {
      const time = seconds(result.latencyMs);
      if (result.error === undefined && result.status === 'passed') {
        cases.push(
          `    <testcase classname="${name}" name="${xmlAttribute(result.testName)}" time="${time}"/>`,
        );
        continue;
      }
      suiteFailures++;
      const code = result.error?.code ?? 'FAILED';
      const message = result.error?.message ?? 'The probe failed.';
      cases.push(
        `    <testcase classname="${name}" name="${xmlAttribute(result.testName)}" time="${time}">\n` +
          `      <failure message="${xmlAttribute(message)}" type="${xmlAttribute(code)}">${xmlText(`${code}: ${message}`)}</failure>\n` +
          `    </testcase>`,
      );
    }
    if (options.explicitGates) {
      for (const check of englishChecks(model, report.gates)) {
        const caseName = xmlAttribute(`gate: ${check.gate}`);
        if (check.passed) {
          cases.push(`    <testcase classname="${name}" name="${caseName}" time="0"/>`);
        } else {
          suiteFailures++;
          const message = `${check.gate}: ${check.actual}`;
          cases.push(
            `    <testcase classname="${name}" name="${caseName}" time="0">\n` +
              `      <failure message="${xmlAttribute(message)}" type="GATE">${xmlText(message)}</failure>\n` +
              `    </testcase>`,
          );
        }
      }
    }
    // The probes run concurrently: the slowest one is the suite's duration.
    const suiteSeconds =
      Math.max(0, ...certification.results.map((result) => result.latencyMs)) / 1000;
    totalSeconds += suiteSeconds;
    tests += cases.length;
    failures += suiteFailures;
    const properties = [
      ['region', certification.region],
      ['status', certification.status],
      ['passesGates', String(verdict.passed)],
      ['cached', String(certification.cached)],
      ['certifiedAt', certification.certifiedAt],
      ['expiresAt', certification.expiresAt],
      [
        'capabilities',
        CAPABILITY_NAMES.filter(
          (capability) => certification.capabilities[capability] === true,
        ).join(','),
      ],
      ['ttftMs', certification.ttftMs === null ? '' : String(certification.ttftMs)],
      ['avgLatencyMs', String(certification.avgLatencyMs)],
      [
        'estimatedCostUsd',
        certification.estimatedCostUsd === null ? '' : String(certification.estimatedCostUsd),
      ],
    ]
      .map(
        ([key, value]) =>
          `      <property name="${xmlAttribute(key ?? '')}" value="${xmlAttribute(value ?? '')}"/>`,
      )
      .join('\n');
    suites.push(
      `  <testsuite name="${name}" tests="${cases.length}" failures="${suiteFailures}" errors="0" skipped="0" ` +
        `time="${suiteSeconds.toFixed(3)}" timestamp="${xmlAttribute(junitTimestamp(certification.certifiedAt))}">\n` +
        `    <properties>\n${properties}\n    </properties>\n` +
        `${cases.join('\n')}\n` +
        `  </testsuite>`,
    );
  }
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<testsuites name="bedrock-model-certification" tests="${tests}" failures="${failures}" errors="${errors}" time="${totalSeconds.toFixed(3)}">\n` +
    (suites.length > 0 ? `${suites.join('\n')}\n` : '') +
    '</testsuites>\n'
  );
}

/**
 * Markdown for a pull-request comment: the verdict, a comparison table with the capability
 * matrix, and why each model that did not pass did not, folded away. Text from the wire is
 * escaped; the hints' own code spans stay code.
 */
export function formatMarkdown(report: BatchReport, t: Translator = ENGLISH): string {
  const { locale } = t;
  const capabilities = reportedCapabilities(report);
  const header = [
    t.t('cli.report.md.model'),
    t.t('cli.report.md.status'),
    t.t('cli.report.md.gate'),
    t.t('cli.report.md.tests'),
    ...capabilities.map(({ key }) => capabilityLabel(key, t)),
    t.t('cli.report.md.ttft'),
    t.t('cli.report.md.avgLatency'),
    t.t('cli.report.md.cost'),
  ];
  const align = [
    '---',
    '---',
    '---',
    '---:',
    ...capabilities.map(() => ':---:'),
    '---:',
    '---:',
    '---:',
  ];
  const cell = { inTable: true };
  const rows = report.models.map((model) => {
    const id = markdownName(model, t, cell);
    if (model.failure)
      return [
        id,
        `⚠️ error (${markdownCode(model.failure.code, cell)})`,
        '—',
        '',
        ...capabilities.map(() => ''),
        '',
        '',
        '',
      ];
    const { certification, verdict } = model;
    const finished = certification.testsPassed + certification.testsFailed;
    return [
      id,
      markdownText(certification.status),
      verdict.passed ? '✅ pass' : '❌ fail',
      `${certification.testsPassed}/${finished}`,
      ...capabilities.map(({ key }) => capabilityMark(certification.capabilities[key])),
      markdownText(formatDuration(certification.ttftMs, locale)),
      markdownText(formatDuration(certification.avgLatencyMs, locale)),
      markdownText(formatCost(certification.estimatedCostUsd, locale)),
    ];
  });
  let text = `${t.t('cli.report.md.title')}\n\n`;
  const verdict = `**${markdownText(verdictLine(report, t))}**`;
  const regions = [
    ...new Set(
      report.models.flatMap((model) => (model.certification ? [model.certification.region] : [])),
    ),
  ];
  text +=
    regions.length > 0
      ? t.t('cli.report.md.inRegions', {
          verdict,
          regions: regions.map((region) => markdownText(region)).join(', '),
        })
      : verdict;
  text += '.\n\n';
  text += `${markdownRow(header)}\n${markdownRow(align)}\n`;
  for (const row of rows) text += `${markdownRow(row)}\n`;
  if (rows.length > 0) text += `\n${t.t('cli.report.md.legend')}\n`;
  const failing = report.models.filter((model) => !modelPasses(model));
  if (failing.length > 0) {
    const summary =
      failing.length === 1
        ? t.t('cli.report.md.whyOne')
        : t.t('cli.report.md.whyOther', { count: failing.length });
    text += `\n<details><summary>${summary}</summary>\n\n`;
    for (const model of failing) {
      text += `- ${markdownName(model, t)}\n`;
      for (const reason of markdownWhyNot(model, t)) text += `  - ${reason}\n`;
    }
    text += '\n</details>\n';
  }
  const certifiedAt = report.models
    .flatMap((model) => (model.certification ? [model.certification.certifiedAt] : []))
    .sort();
  if (certifiedAt.length > 0) {
    const range = t.t('cli.report.md.resultsFrom', {
      from: markdownText(formatTimestamp(certifiedAt[0] ?? '', locale)),
      to: markdownText(formatTimestamp(certifiedAt.at(-1) ?? '', locale)),
    });
    text += `\n<sub>${range}</sub>\n`;
  }
  return text;
}

/** A capability's name for people, in `t`'s language (the key is what JSON and gates use). */
function capabilityLabel(key: RegisteredCapability['key'], t: Translator): string {
  return t.t(`cli.capability.${key}`);
}

/** {@link whyNot} as Markdown: codes as code, messages escaped, hints with their code spans. */
function markdownWhyNot(model: ModelReport, t: Translator): string[] {
  if (model.failure)
    return [
      `${markdownCode(model.failure.code)}${model.failure.status === undefined ? '' : ` (${model.failure.status})`}: ${markdownText(model.failure.message)}`,
    ];
  if (model.verdict.passed) return [];
  const lines = [markdownText(describeVerdict(model.verdict, t))];
  for (const reason of failureReasons(model.certification)) {
    const line = `${markdownCode(reason.code)} (${markdownText(describeTests(reason.tests, model.certification, t))}): ${markdownText(reason.message)}`;
    lines.push(
      reason.hint === undefined
        ? line
        : t.t('cli.report.hint', { reason: line, hint: markdownWithCode(reason.hint) }),
    );
  }
  return lines;
}

/** The caller's month, for `--usage`. */
export function formatUsage(
  usage: UsageResponse,
  format: 'table' | 'json' | 'markdown',
  t: Translator = ENGLISH,
): string {
  if (format === 'json') return `${JSON.stringify(usage, null, 2)}\n`;
  const { locale } = t;
  const quota =
    usage.quota === null
      ? t.t('cli.myUsage.quotaNone')
      : t.t('cli.myUsage.quotaValue', {
          used: formatCount(usage.quota.used, locale),
          limit: formatCount(usage.quota.limit, locale),
          remaining: formatCount(usage.quota.remaining, locale),
        });
  const figures: [string, string][] = [
    [t.t('cli.myUsage.month'), usage.month],
    [
      t.t('cli.myUsage.certifications'),
      t.t('cli.myUsage.certificationsValue', { count: formatCount(usage.certifications, locale) }),
    ],
    [
      t.t('cli.myUsage.tokens'),
      t.t('cli.summary.tokensValue', {
        input: formatCount(usage.inputTokens, locale),
        output: formatCount(usage.outputTokens, locale),
      }),
    ],
    [t.t('cli.myUsage.cost'), formatCost(usage.estimatedCostUsd, locale)],
    [t.t('cli.myUsage.quota'), quota],
  ];
  if (format === 'markdown') {
    const cell = (text: string): string => markdownText(text);
    return `${[
      markdownRow(['', cell(usage.month)]),
      markdownRow(['---', '---:']),
      ...figures.slice(1).map(([label, value]) => markdownRow([cell(label), cell(value)])),
    ].join('\n')}\n`;
  }
  const width = Math.max(...figures.map(([label]) => displayWidth(label))) + 2;
  return figures.map(([label, value]) => `${pad(label, width)}${printable(value)}\n`).join('');
}

/** Formats of `--list`. */
export type CatalogFormat = 'table' | 'json' | 'markdown';

/** A foundation model Bedrock serves only through inference profiles: its bare id cannot be certified. */
function profileOnly(entry: CatalogEntry): boolean {
  return entry.kind === 'foundation-model' && !entry.onDemand;
}

/** `12 models in us-east-1: 3 certified, 1 failed, 8 without a result.` */
function catalogSummary(catalog: CatalogResponse, t: Translator): string {
  const { locale } = t;
  const counts = new Map<string, number>();
  // Entries without a result are counted under the empty status.
  for (const entry of catalog.models) {
    const key = entry.certification?.status ?? '';
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const order = ['certified', 'failed', 'unavailable', ''];
  const parts = order
    .filter((key) => counts.has(key))
    .map((key) => {
      const count = formatCount(counts.get(key), locale);
      return key === '' ? t.t('cli.catalog.withoutResult', { count }) : `${count} ${key}`;
    });
  const count = catalog.models.length;
  const summary = t.t(
    plural(t, count) === 'one' ? 'cli.catalog.summaryOne' : 'cli.catalog.summaryOther',
    { count: formatCount(count, locale), region: catalog.region },
  );
  return parts.length > 0 ? `${summary}: ${parts.join(', ')}` : summary;
}

/**
 * `--list`: the catalog as the service answers it, without certifying anything. JSON is the
 * route's body; the table and Markdown show each entry's latest unexpired result.
 */
export function formatCatalog(
  catalog: CatalogResponse,
  format: CatalogFormat,
  color: Palette,
  options: TableOptions = {},
): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(catalog, null, 2)}\n`;
    case 'markdown':
      return formatCatalogMarkdown(catalog, options.t ?? ENGLISH);
    case 'table':
      return formatCatalogTable(catalog, color, options);
  }
}

function formatCatalogTable(
  catalog: CatalogResponse,
  color: Palette,
  options: TableOptions,
): string {
  const width = options.width ?? DEFAULT_WIDTH;
  const { t = ENGLISH } = options;
  const { locale } = t;
  if (catalog.models.length === 0) return `${catalogSummary(catalog, t)}.\n`;
  const rows = catalog.models.map((entry) => {
    const result = entry.certification;
    return [
      entry.modelId,
      entry.modelName,
      `${t.t(`cli.catalog.kind.${entry.kind}`)}${profileOnly(entry) ? '*' : ''}`,
      result?.status ?? '—',
      t.t(`cli.catalog.access.${entry.access}`),
      result ? formatDuration(result.ttftMs, locale) : '',
      result ? formatCost(result.estimatedCostUsd, locale) : '',
      result ? formatTimestamp(result.certifiedAt, locale) : '',
    ];
  });
  const table = renderTable(
    [
      { title: t.t('cli.catalog.model'), shrink: 'id', minWidth: 16, preferredWidth: 24 },
      {
        title: t.t('cli.catalog.name'),
        shrink: 'truncate',
        minWidth: 12,
        preferredWidth: 16,
        dropOrder: 2,
      },
      { title: t.t('cli.catalog.kind') },
      {
        title: t.t('cli.catalog.status'),
        paint: (cell, padded) => (cell === '—' ? padded : paintStatus(color, cell, padded)),
      },
      { title: t.t('cli.catalog.access'), dropOrder: 5 },
      { title: t.t('cli.catalog.ttft'), align: 'right', dropOrder: 3 },
      { title: t.t('cli.catalog.cost'), align: 'right', dropOrder: 4 },
      { title: t.t('cli.catalog.checkedAt'), dropOrder: 1 },
    ],
    rows,
    { width, header: color.bold },
  );
  let text = `${table.lines.join('\n')}\n${droppedNote(table.dropped, width, color, t)}`;
  if (table.cut) text += formatNote(t.t('cli.summary.cutNote'), width, color);
  text += `\n${catalogSummary(catalog, t)}.\n`;
  if (catalog.models.some(profileOnly)) text += `${t.t('cli.catalog.profileOnly')}\n`;
  return text;
}

function formatCatalogMarkdown(catalog: CatalogResponse, t: Translator): string {
  const { locale } = t;
  const cell = { inTable: true };
  let text = `${t.t('cli.catalog.md.title')}\n\n**${markdownText(catalogSummary(catalog, t))}.**\n`;
  if (catalog.models.length === 0) return text;
  const header = [
    t.t('cli.catalog.md.model'),
    t.t('cli.catalog.md.name'),
    t.t('cli.catalog.md.kind'),
    t.t('cli.catalog.md.status'),
    t.t('cli.catalog.md.access'),
    ...CATALOG_CAPABILITIES.map(({ key }) => capabilityLabel(key, t)),
    t.t('cli.catalog.md.ttft'),
    t.t('cli.catalog.md.cost'),
  ];
  const align = [
    '---',
    '---',
    '---',
    '---',
    '---',
    ...CATALOG_CAPABILITIES.map(() => ':---:'),
    '---:',
    '---:',
  ];
  text += `\n${markdownRow(header)}\n${markdownRow(align)}\n`;
  for (const entry of catalog.models) {
    const result = entry.certification;
    text += `${markdownRow([
      markdownCode(entry.modelId, cell),
      markdownText(entry.modelName),
      `${t.t(`cli.catalog.kind.${entry.kind}`)}${profileOnly(entry) ? '\\*' : ''}`,
      result ? markdownText(result.status) : '—',
      t.t(`cli.catalog.access.${entry.access}`),
      ...CATALOG_CAPABILITIES.map(({ key }) => capabilityMark(result?.capabilities[key])),
      result ? markdownText(formatDuration(result.ttftMs, locale)) : '',
      result ? markdownText(formatCost(result.estimatedCostUsd, locale)) : '',
    ])}\n`;
  }
  text += `\n${t.t('cli.report.md.legend')}`;
  if (catalog.models.some(profileOnly)) text += ` ${markdownText(t.t('cli.catalog.profileOnly'))}`;
  return `${text}\n`;
}

function seconds(ms: number): string {
  return (Math.max(0, ms) / 1000).toFixed(3);
}

/** The JUnit schema's timestamp: ISO 8601 without a zone (the time is UTC). */
function junitTimestamp(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '' : date.toISOString().slice(0, 19);
}

/** XML 1.0 forbids most control characters, even escaped, and lone surrogates; a message from the wire could hold one. */
function isXmlCharacter(codePoint: number): boolean {
  return (
    codePoint === 0x9 ||
    codePoint === 0xa ||
    codePoint === 0xd ||
    (codePoint >= 0x20 && codePoint <= 0xd7ff) ||
    (codePoint >= 0xe000 && codePoint <= 0xfffd) ||
    codePoint >= 0x10000
  );
}

function xmlText(text: string): string {
  let valid = '';
  for (const character of text)
    valid += isXmlCharacter(character.codePointAt(0) ?? 0) ? character : '\uFFFD';
  return valid.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Also escapes quotes, and line breaks, which an attribute would otherwise normalise to spaces. */
function xmlAttribute(text: string): string {
  return xmlText(text)
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;')
    .replace(/\t/g, '&#9;');
}
