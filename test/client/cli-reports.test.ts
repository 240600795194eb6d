/**
 * The CLI's report formats. The JUnit XML is parsed by a real XML parser (Chromium's
 * `DOMParser`, strict for `application/xml`), so "valid and escaped" is the parser's verdict;
 * the Markdown is read back by the spec's rules for what it uses (no Markdown parser is a
 * dependency), strictly: unescaped markup fails the read.
 */
import type { Browser } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { evaluateGates, type Gates } from '../../client/cli-gates.js';
import {
  formatBatchTable,
  formatJunit,
  formatMarkdown,
  type BatchReport,
  type ModelReport,
} from '../../client/cli-reports.js';
import { markdownCode, markdownRow, markdownText } from '../../client/markdown.js';
import { readInline, tableCells } from '../support/markdown-reader.js';
import { createPalette } from '../../client/cli-output.js';
import type { Certification } from '../../shared/types.js';
import { CHROMIUM_INSTALL_TIMEOUT_MS, launchChromium } from '../support/chromium.js';
import { sampleCertification } from './fake-service.js';
import { toolUseFailedCertification } from '../support/certification-fixture.js';

const NOVA = 'amazon.nova-pro-v1:0';
const DEEPSEEK = 'us.deepseek.r1-v1:0';
const BROKEN = 'acme.broken-v1:0';
/** Everything XML and Markdown must escape, a control character XML 1.0 forbids, and a CDATA end. */
const NASTY = 'Tool <call> & "quote" \'apos\' | pipe `tick` ]]> bell\u0007 line\nbreak';

function failing(modelId: string, message: string): Certification {
  return toolUseFailedCertification(message, { modelId });
}

function report(gates: Gates): BatchReport {
  const certified = sampleCertification({ modelId: NOVA });
  const failed = failing(DEEPSEEK, NASTY);
  const models: ModelReport[] = [
    { modelId: NOVA, certification: certified, verdict: evaluateGates(certified, gates) },
    { modelId: DEEPSEEK, certification: failed, verdict: evaluateGates(failed, gates) },
    { modelId: BROKEN, failure: { code: 'NETWORK_ERROR', message: `Connection reset <${NASTY}>` } },
  ];
  return { models, gates };
}

interface ParsedJunit {
  error: string | null;
  root: Record<string, string | null>;
  suites: {
    attributes: Record<string, string | null>;
    properties: Record<string, string | null>;
    cases: {
      name: string | null;
      classname: string | null;
      time: string | null;
      failure: { message: string | null; type: string | null; text: string } | null;
      error: { message: string | null; type: string | null } | null;
    }[];
  }[];
}

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
  return () => browser.close();
}, CHROMIUM_INSTALL_TIMEOUT_MS);

async function parseJunit(xml: string): Promise<ParsedJunit> {
  const page = await browser.newPage();
  try {
    return await page.evaluate((text) => {
      const doc = new DOMParser().parseFromString(text, 'application/xml');
      const error = doc.querySelector('parsererror');
      const attributes = (element: Element, names: string[]) =>
        Object.fromEntries(names.map((name) => [name, element.getAttribute(name)]));
      const root = doc.documentElement;
      return {
        error: error ? error.textContent : null,
        root: {
          tag: root.tagName,
          ...attributes(root, ['name', 'tests', 'failures', 'errors', 'time']),
        },
        suites: [...root.querySelectorAll(':scope > testsuite')].map((suite) => ({
          attributes: attributes(suite, [
            'name',
            'tests',
            'failures',
            'errors',
            'skipped',
            'time',
            'timestamp',
          ]),
          properties: Object.fromEntries(
            [...suite.querySelectorAll('properties > property')].map((p) => [
              p.getAttribute('name') ?? '',
              p.getAttribute('value'),
            ]),
          ),
          cases: [...suite.querySelectorAll(':scope > testcase')].map((testcase) => {
            const failure = testcase.querySelector('failure');
            const caseError = testcase.querySelector('error');
            return {
              name: testcase.getAttribute('name'),
              classname: testcase.getAttribute('classname'),
              time: testcase.getAttribute('time'),
              failure: failure
                ? {
                    message: failure.getAttribute('message'),
                    type: failure.getAttribute('type'),
                    text: failure.textContent,
                  }
                : null,
              error: caseError
                ? {
                    message: caseError.getAttribute('message'),
                    type: caseError.getAttribute('type'),
                  }
                : null,
            };
          }),
        })),
      };
    }, xml);
  } finally {
    await page.close();
  }
}

describe('JUnit report', () => {
  it('is well-formed XML with one testsuite per model and one testcase per probe; messages survive escaping', async () => {
    const xml = formatJunit(report({}), { explicitGates: false });

    const parsed = await parseJunit(xml);

    expect(parsed.error).toBeNull();
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites ')).toBe(true);
    expect(parsed.root).toMatchObject({
      tag: 'testsuites',
      name: 'bedrock-model-certification',
      tests: '13',
      failures: '1',
      errors: '1',
    });
    expect(parsed.suites.map((suite) => suite.attributes.name)).toEqual([NOVA, DEEPSEEK, BROKEN]);

    const [nova, deepseek, broken] = parsed.suites;
    expect(nova?.attributes).toMatchObject({
      tests: '6',
      failures: '0',
      errors: '0',
      timestamp: '2026-11-24T12:00:00',
      time: '0.650',
    });
    expect(
      nova?.cases.map((testcase) => [testcase.name, testcase.classname, testcase.failure]),
    ).toEqual(
      [
        'basic-completion',
        'streaming-test',
        'system-prompt',
        'multi-turn',
        'tool-use',
        'json-output',
      ].map((name) => [name, NOVA, null]),
    );
    expect(nova?.cases[0]?.time).toBe('0.600');
    expect(nova?.properties).toMatchObject({
      status: 'certified',
      region: 'us-east-1',
      ttftMs: '210',
      capabilities: 'streaming,systemPrompt,multiTurn,toolUse,jsonOutput',
    });

    expect(deepseek?.attributes).toMatchObject({ tests: '6', failures: '1' });
    const toolUse = deepseek?.cases.find((testcase) => testcase.name === 'tool-use');
    // The bell cannot appear in XML 1.0, even escaped; everything else comes back as sent.
    const expected = NASTY.replace('\u0007', '\uFFFD');
    expect(toolUse?.failure).toEqual({
      message: expected,
      type: 'FEATURE_UNSUPPORTED',
      text: `FEATURE_UNSUPPORTED: ${expected}`,
    });

    expect(broken?.attributes).toMatchObject({ tests: '1', errors: '1', failures: '0' });
    expect(broken?.cases).toEqual([
      {
        name: 'certification',
        classname: BROKEN,
        time: '0',
        failure: null,
        error: { message: `Connection reset <${expected}>`, type: 'NETWORK_ERROR' },
      },
    ]);
  });

  it('adds one testcase per explicit gate, failing with what the model showed', async () => {
    const parsed = await parseJunit(
      formatJunit(report({ require: ['streaming', 'toolUse'], maxTtftMs: 100 }), {
        explicitGates: true,
      }),
    );

    expect(parsed.error).toBeNull();
    const deepseek = parsed.suites[1];
    const gates = deepseek?.cases.filter((testcase) => testcase.name?.startsWith('gate: '));
    expect(gates?.map((testcase) => [testcase.name, testcase.failure?.message ?? null])).toEqual([
      ['gate: streaming', null],
      ['gate: toolUse', 'toolUse: false'],
      ['gate: TTFT ≤ 100 ms', 'TTFT ≤ 100 ms: 210 ms'],
    ]);
    expect(deepseek?.attributes).toMatchObject({ tests: '9', failures: '3' });
    expect(deepseek?.properties.passesGates).toBe('false');
  });

  it('is still a document with no models', async () => {
    const parsed = await parseJunit(
      formatJunit({ models: [], gates: {} }, { explicitGates: false }),
    );

    expect(parsed.error).toBeNull();
    expect(parsed.root).toMatchObject({ tests: '0', failures: '0', errors: '0' });
  });
});

describe('Markdown report', () => {
  /** The report of {@link report}, plus a hint quoting a command (with a pipe) and Markdown-like text. */
  function markdownReport(gates: Gates): string {
    const base = report(gates);
    const deepseek = base.models[1];
    if (deepseek?.certification === undefined) throw new Error('fixture changed');
    const certification: Certification = {
      ...deepseek.certification,
      diagnosis: [
        {
          code: 'FEATURE_UNSUPPORTED',
          tests: ['tool-use'],
          hint: 'Check with `aws bedrock list-foundation-models | jq`; *not* [this].',
        },
      ],
    };
    base.models[1] = { ...deepseek, certification };
    return formatMarkdown(base);
  }

  it('is a comparison table with the capability matrix, one status word per model and one gate verdict', () => {
    const markdown = markdownReport({ require: ['streaming', 'jsonOutput'] });
    const lines = markdown.split('\n');

    expect(lines[0]).toBe('## Bedrock model certification');
    expect(markdown).toContain(
      '**2 of 3 models pass (requires streaming, jsonOutput)** in us-east-1.',
    );
    const table = lines.filter((line) => line.startsWith('| '));
    expect(table.map(tableCells)).toEqual([
      [
        'Model',
        'Status',
        'Gate',
        'Tests',
        'Streaming',
        'System prompt',
        'Multi-turn',
        'Tool use',
        'Streaming tool use',
        'JSON output',
        'TTFT',
        'Avg latency',
        'Est. cost',
      ],
      ['---', '---', '---', '---:', ...Array<string>(6).fill(':---:'), '---:', '---:', '---:'],
      [
        `\`${NOVA}\``,
        'certified',
        '✅ pass',
        '6/6',
        '✓',
        '✓',
        '✓',
        '✓',
        '✗',
        '✓',
        '210 ms',
        '640 ms',
        '$0.0018',
      ],
      [
        `\`${DEEPSEEK}\``,
        'failed',
        '✅ pass',
        '5/6',
        '✓',
        '✓',
        '✓',
        '✗',
        '✗',
        '✓',
        '210 ms',
        '640 ms',
        '$0.0018',
      ],
      [`\`${BROKEN}\``, '⚠️ error (`NETWORK_ERROR`)', '—', ...Array<string>(10).fill('')],
    ]);
    // ✓, ✗ and ? are explained where they are shown.
    expect(markdown).toContain(
      '\n✓ the probes showed the capability, ✗ they did not, ? they could not tell (not determined).\n',
    );
  });

  it("escapes text from the wire and keeps the hints' own code spans as code", () => {
    const markdown = markdownReport({});
    const lines = markdown.split('\n');

    expect(markdown).toContain('<details><summary>Why 2 models do not pass</summary>');
    const items = lines.filter((line) => line.startsWith('  - '));
    const read = items.map((line) => readInline(line.slice('  - '.length)));
    // Read back, every message is the text sent (its control character and line break as spaces).
    const nasty = 'Tool <call> & "quote" \'apos\' | pipe `tick` ]]> bell  line break'.replace(
      /\s+/g,
      ' ',
    );
    expect(read.map((item) => item.text)).toEqual([
      'gate: fail — failed (5/6 passed)',
      `FEATURE_UNSUPPORTED (tool-use): ${nasty} Hint: Check with aws bedrock list-foundation-models | jq; *not* [this].`,
      `NETWORK_ERROR: Connection reset <${nasty}>`,
    ]);
    // The message's backticks are text; the hint's code spans are code, fenced past their backticks.
    expect(read[1]?.code).toEqual([
      'FEATURE_UNSUPPORTED',
      'aws bedrock list-foundation-models | jq',
    ]);
    expect(read[2]?.code).toEqual(['NETWORK_ERROR']);
    expect(items[1]).toContain('\\`tick\\`');
  });

  it('keeps a table cell whole whatever an id holds, and writes code spans as CommonMark reads them', () => {
    const cell = { inTable: true };
    const cases = [
      'plain.id-v1:0',
      'a|b',
      'tick`in',
      '`starts',
      'ends`',
      'two``runs',
      '  spaced  ',
    ];
    for (const text of cases) {
      const row = markdownRow(['first', markdownCode(text, cell), 'last']);
      const cells = tableCells(row);
      expect(cells, row).toHaveLength(3);
      expect(readInline(cells[1] ?? '').code, row).toEqual([text.trim()]);
    }
    // A backslash before a pipe cannot be written in a cell's code span: it is escaped text instead.
    const awkward = tableCells(markdownRow(['x', markdownCode('a\\|b', cell), 'y']));
    expect(awkward).toHaveLength(3);
    expect(readInline(awkward[1] ?? '')).toEqual({ text: 'a\\|b', code: [] });
    // Outside a table a pipe needs no escape.
    expect(markdownCode('a|b')).toBe('`a|b`');
    // A list item's text cannot start a heading, a list or a quote.
    expect(['# no', '- no', '1. no', '> no'].map(markdownText)).toEqual([
      '\\# no',
      '\\- no',
      '1\\. no',
      '&gt; no',
    ]);
  });

  it("shows the full suite's capabilities when a model ran it: ? for not determined, blank for not tested", () => {
    const full = sampleCertification({
      modelId: NOVA,
      suite: 'full',
      capabilities: {
        ...sampleCertification().capabilities,
        imageInput: true,
        documentInput: true,
        citations: false,
        reasoning: null,
        promptCaching: true,
        structuredOutput: false,
        toolChoice: true,
      },
    });
    const core = sampleCertification({ modelId: DEEPSEEK });
    const gates = {};
    const markdown = formatMarkdown({
      gates,
      models: [
        { modelId: NOVA, certification: full, verdict: evaluateGates(full, gates) },
        { modelId: DEEPSEEK, certification: core, verdict: evaluateGates(core, gates) },
      ],
    });
    const table = markdown.split('\n').filter((line) => line.startsWith('| '));
    expect(table[0]).toContain(
      '| JSON output | Image input | Document input | Citations | Reasoning | Prompt caching | Structured output | Tool choice | TTFT |',
    );
    expect(table[2]).toContain('| ✓ | ✓ | ✗ | ? | ✓ | ✗ | ✓ | 210 ms |');
    expect(table[3]).toContain('| ✓ |  |  |  |  |  |  |  | 210 ms |');
  });
});

describe('comparison table', () => {
  it('lines up one row per model with its status and gate verdict, and says why each that did not pass did not', () => {
    const text = formatBatchTable(report({}), createPalette({ write: () => true }, {}));

    expect(text.split('\n').slice(0, 4)).toEqual([
      'MODEL                 STATUS     GATE  TESTS    TTFT  AVG LATENCY  EST. COST',
      'amazon.nova-pro-v1:0  certified  pass    6/6  210 ms       640 ms    $0.0018',
      'us.deepseek.r1-v1:0   failed     fail    5/6  210 ms       640 ms    $0.0018',
      'acme.broken-v1:0      error      —',
    ]);
    expect(text).toContain('\n1 of 3 models pass (certified).\n');
    // The wire's control character is written out, never sent to the terminal.
    expect(text).toContain(
      `\nWhy not:\n  ${DEEPSEEK}\n    gate: fail — failed (5/6 passed)\n    FEATURE_UNSUPPORTED (tool-use): Tool <call> & "quote" 'apos' | pipe \`tick\` ]]> bell\\u0007 line\n      break\n`,
    );
    expect(text).not.toMatch(/\p{Cc}(?<!\n)/u);
  });

  it('fits the width it is given: long ids wrap at their separators, columns go last-first, reasons are cut', () => {
    const arn = 'arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abcdef123456';
    const long = sampleCertification({ modelId: arn });
    const wordy = failing(
      DEEPSEEK,
      `The model refused. ${'Bedrock said something long. '.repeat(30)}`,
    );
    const wide: BatchReport = {
      gates: {},
      models: [
        { modelId: arn, certification: long, verdict: evaluateGates(long, {}) },
        { modelId: DEEPSEEK, certification: wordy, verdict: evaluateGates(wordy, {}) },
      ],
    };
    const color = createPalette({ write: () => true }, {});

    for (const width of [120, 80, 60, 40]) {
      const text = formatBatchTable(wide, color, { width });
      const lines = text.split('\n');
      for (const line of lines) expect(line.length, `${width}: ${line}`).toBeLessThanOrEqual(width);
      // The id is all there, broken only after a separator; continuation lines are indented.
      const idLines: string[] = [];
      for (const line of lines.slice(1)) {
        if (idLines.length > 0 && !line.startsWith('  ')) break;
        idLines.push(
          line
            .split(/ {2,}/)
            .find((part) => part.trim() !== '')
            ?.trim() ?? '',
        );
      }
      expect(idLines.join(''), `${width}`).toBe(arn);
      for (const piece of idLines.slice(0, -1)) expect(piece, `${width}`).toMatch(/[.\-/:]$/);
      // A 500-character reason takes a few lines, not a screenful, and says where the rest is.
      const reason = lines.filter(
        (line) => line.startsWith('    FEATURE') || line.startsWith('      '),
      );
      expect(reason.length).toBeLessThanOrEqual(4);
      expect(reason.at(-1)).toMatch(/…$/);
      expect(text.replace(/\s+/g, ' ')).toContain(
        'Text marked … was cut to fit: --format json has it in full.',
      );
    }
    expect(formatBatchTable(wide, color, { width: 120 })).not.toContain('left out');
    expect(formatBatchTable(wide, color, { width: 40 }).replace(/\s+/g, ' ')).toContain(
      '(AVG LATENCY, EST. COST, TTFT left out to fit; --format json has them)',
    );
  });
});
