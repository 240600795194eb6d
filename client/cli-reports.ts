/**
 * The reports `npm run certify` writes to stdout for several models (or one with
 * `--format junit|markdown`): a comparison table, JSON, JUnit XML for CI test reports, and
 * Markdown for a pull-request comment. Pure functions of a {@link BatchReport}.
 */
import type { Certification } from '../shared/types.js';
import {
  CAPABILITY_NAMES,
  describeFailedChecks,
  describeGates,
  type CapabilityName,
  type GateVerdict,
  type Gates,
} from './cli-gates.js';
import { describeTests, failureReasons, oneLine, type Palette } from './cli-output.js';
import { formatCost, formatDuration, formatTimestamp } from './format.js';
import type { UsageResponse } from '../shared/types.js';

/** Why a model has no certification: the service (not the model) failed, or the run was not attempted. */
export interface Failure {
  code: string;
  message: string;
  /** HTTP status, for an answer before the stream. */
  status?: number;
}

/** One model's line in a report. */
export type ModelReport = {
  modelId: string;
  /** How the report names it: the model id, with its Region when a report spans several. Default the id. */
  label?: string;
} & (
  | { certification: Certification; verdict: GateVerdict; failure?: undefined }
  | { failure: Failure; certification?: undefined; verdict?: undefined }
);

/** The model's name in a report. */
function nameOf(model: ModelReport): string {
  return model.label ?? model.modelId;
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

const CAPABILITY_TITLES: Record<CapabilityName, string> = {
  streaming: 'Streaming',
  systemPrompt: 'System prompt',
  toolUse: 'Tool use',
  streamingToolUse: 'Streaming tool use',
  jsonOutput: 'JSON',
  multiTurn: 'Multi-turn',
};

/** `2 of 3 models pass (requires streaming, toolUse)`. */
function verdictLine(report: BatchReport): string {
  const passing = report.models.filter(modelPasses).length;
  const count = report.models.length;
  return `${passing} of ${count} ${count === 1 ? 'model passes' : 'models pass'} (${describeGates(report.gates)})`;
}

/** Why a model did not pass, one line per reason. */
function whyNot(model: ModelReport): string[] {
  if (model.failure)
    return [
      `${model.failure.code}${model.failure.status === undefined ? '' : ` (${model.failure.status})`}: ${oneLine(model.failure.message)}`,
    ];
  if (model.verdict.passed) return [];
  const lines = [`gate: ${describeFailedChecks(model.verdict)}`];
  for (const reason of failureReasons(model.certification)) {
    lines.push(
      `${reason.code} (${describeTests(reason.tests, model.certification)}): ${reason.message}${reason.hint === undefined ? '' : ` Hint: ${reason.hint}`}`,
    );
  }
  return lines;
}

/** The comparison table of several models, for a terminal or a log. */
export function formatBatchTable(report: BatchReport, color: Palette): string {
  const header = ['MODEL', 'RESULT', 'STATUS', 'TESTS', 'TTFT', 'AVG LATENCY', 'EST. COST'];
  const rows = report.models.map((model) => {
    const certification = model.certification;
    // The code and message follow under "Why not".
    if (certification === undefined) return [nameOf(model), 'error', '—', '', '', '', ''];
    const finished = certification.testsPassed + certification.testsFailed;
    return [
      nameOf(model),
      outcomeOf(model),
      certification.status,
      `${certification.testsPassed}/${finished}`,
      formatDuration(certification.ttftMs),
      formatDuration(certification.avgLatencyMs),
      formatCost(certification.estimatedCostUsd),
    ];
  });
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const paint = (cell: string, padded: string): string =>
    cell === 'pass'
      ? color.pass(padded)
      : cell === 'fail' || cell === 'error'
        ? color.fail(padded)
        : padded;
  const format = (row: string[], isHeader = false): string =>
    row
      .map((cell, column) => {
        const width = widths[column] ?? 0;
        // Numbers right-aligned, with their titles, so their units line up.
        const padded = column >= 3 ? cell.padStart(width) : cell.padEnd(width);
        return column === 1 && !isHeader ? paint(cell, padded) : padded;
      })
      .join('  ')
      .trimEnd();

  let text = `${color.bold(format(header, true))}\n`;
  for (const row of rows) text += `${format(row)}\n`;
  text += `\n${verdictLine(report)}.\n`;
  const failing = report.models.filter((model) => !modelPasses(model));
  if (failing.length > 0) {
    text += '\nWhy not:\n';
    for (const model of failing) {
      for (const line of whyNot(model)) text += `  ${nameOf(model)}: ${line}\n`;
    }
  }
  return text;
}

/**
 * JSON of several models: `passed` overall, the gates, and per model its outcome, the reasons
 * it did not pass, and its certification (or the service's error).
 */
export function formatBatchJson(report: BatchReport): string {
  const body = {
    passed: report.models.every(modelPasses),
    gates: report.gates,
    models: report.models.map((model) => ({
      modelId: model.modelId,
      ...(model.certification ? { region: model.certification.region } : {}),
      outcome: outcomeOf(model),
      ...(model.verdict ? { checks: model.verdict.checks } : {}),
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
 * so the gate cases and the exit code are what a pipeline should gate on.
 */
export function formatJunit(report: BatchReport, options: { explicitGates: boolean }): string {
  const suites: string[] = [];
  let tests = 0;
  let failures = 0;
  let errors = 0;
  let totalSeconds = 0;
  for (const model of report.models) {
    const name = xmlAttribute(nameOf(model));
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
      for (const check of verdict.checks) {
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
        CAPABILITY_NAMES.filter((capability) => certification.capabilities[capability]).join(','),
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
 * matrix, and why each model that did not pass did not, folded away.
 */
export function formatMarkdown(report: BatchReport): string {
  const header = [
    'Model',
    'Result',
    'Status',
    'Tests',
    ...CAPABILITY_NAMES.map((name) => CAPABILITY_TITLES[name]),
    'TTFT',
    'Avg latency',
    'Est. cost',
  ];
  const align = [
    '---',
    '---',
    '---',
    '---:',
    ...CAPABILITY_NAMES.map(() => ':---:'),
    '---:',
    '---:',
    '---:',
  ];
  const rows = report.models.map((model) => {
    const id = `\`${nameOf(model)}\``;
    if (model.failure)
      return [
        id,
        '⚠️ error',
        markdownText(model.failure.code),
        '',
        ...CAPABILITY_NAMES.map(() => ''),
        '',
        '',
        '',
      ];
    const { certification, verdict } = model;
    const finished = certification.testsPassed + certification.testsFailed;
    return [
      id,
      verdict.passed ? '✅ pass' : '❌ fail',
      certification.status,
      `${certification.testsPassed}/${finished}`,
      ...CAPABILITY_NAMES.map((name) => (certification.capabilities[name] ? '✓' : '✗')),
      formatDuration(certification.ttftMs),
      formatDuration(certification.avgLatencyMs),
      formatCost(certification.estimatedCostUsd),
    ];
  });
  const line = (cells: string[]): string => `| ${cells.join(' | ')} |`;
  let text = '## Bedrock model certification\n\n';
  text += `**${markdownText(verdictLine(report))}**`;
  const regions = [
    ...new Set(
      report.models.flatMap((model) => (model.certification ? [model.certification.region] : [])),
    ),
  ];
  if (regions.length > 0) text += ` in ${regions.join(', ')}`;
  text += '.\n\n';
  text += `${line(header)}\n${line(align)}\n`;
  for (const row of rows) text += `${line(row)}\n`;
  const failing = report.models.filter((model) => !modelPasses(model));
  if (failing.length > 0) {
    text += `\n<details><summary>Why ${failing.length === 1 ? 'one model does' : `${failing.length} models do`} not pass</summary>\n\n`;
    for (const model of failing) {
      text += `- \`${nameOf(model)}\`\n`;
      for (const reason of whyNot(model)) text += `  - ${markdownText(reason)}\n`;
    }
    text += '\n</details>\n';
  }
  const certifiedAt = report.models
    .flatMap((model) => (model.certification ? [model.certification.certifiedAt] : []))
    .sort();
  if (certifiedAt.length > 0)
    text += `\n<sub>Results from ${formatTimestamp(certifiedAt[0] ?? '')} to ${formatTimestamp(certifiedAt.at(-1) ?? '')}.</sub>\n`;
  return text;
}

/** The caller's month, for `--usage`. */
export function formatUsage(usage: UsageResponse, format: 'table' | 'json' | 'markdown'): string {
  if (format === 'json') return `${JSON.stringify(usage, null, 2)}\n`;
  const quota =
    usage.quota === null
      ? 'none'
      : `${usage.quota.used} of ${usage.quota.limit} used, ${usage.quota.remaining} left this month`;
  const figures: [string, string][] = [
    ['Month', usage.month],
    ['Certifications', `${usage.certifications} (cache hits are free)`],
    ['Tokens', `${usage.inputTokens} in / ${usage.outputTokens} out`],
    ['Est. cost', formatCost(usage.estimatedCostUsd)],
    ['Quota', quota],
  ];
  if (format === 'markdown') {
    return `| | ${markdownText(usage.month)} |\n| --- | ---: |\n${figures
      .slice(1)
      .map(([label, value]) => `| ${label} | ${markdownText(value)} |`)
      .join('\n')}\n`;
  }
  const width = Math.max(...figures.map(([label]) => label.length)) + 2;
  return figures.map(([label, value]) => `${label.padEnd(width)}${value}\n`).join('');
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

/** Text where Markdown and HTML must not be interpreted (a message from the wire). */
function markdownText(text: string): string {
  let printable = '';
  for (const character of text) {
    const codePoint = character.codePointAt(0) ?? 0;
    printable += codePoint < 0x20 || codePoint === 0x7f ? ' ' : character;
  }
  return oneLine(printable)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_[\]|])/g, '\\$1');
}
