/**
 * `npm run -s certify -- <modelId>...`: certifies models from a terminal or a pipeline, and
 * gates a pipeline on the result. The core is {@link runCertifyCli}, with its streams,
 * environment, `fetch`, clock and token source injected, so tests run it in-process;
 * `scripts/certify.ts` wires it to the real process (and to the local stack's token minter).
 *
 * Streams: live progress and notes go to stderr, the result (table, JSON, JUnit, Markdown) to
 * stdout, so `> report.xml` and pipes get the result alone; errors go to stderr.
 */
import { setTimeout as sleepFor } from 'node:timers/promises';
import { DEFAULT_SUITE, SUITE_NAMES, probesOf, testNamesOf } from '../shared/suites.js';
import {
  CATALOG_STATUS_FILTERS,
  MAX_BATCH_ITEMS,
  type BatchItemEvent,
  type CatalogEntry,
  type Certification,
} from '../shared/types.js';
import { certifyBatch } from './batch-client.js';
import { getCatalog } from './catalog-client.js';
import { certifyModel, checkCertification, type ClientOptions } from './certification-client.js';
import { CAPABILITY_NAMES, evaluateGates, hasExplicitGates, type Gates } from './cli-gates.js';
import {
  CLI_DEFAULTS,
  parseArguments,
  type CliCommand,
  type OutputFormat,
  type ServiceArguments,
} from './cli-arguments.js';
import {
  CLI_EXIT_CODES,
  describeFailure,
  ENGLISH,
  errorLine,
  failureHints,
  interruptedLine,
  plural,
  requestSignal,
  resolveToken,
  runCli,
  type CliOptions,
} from './cli-harness.js';
import {
  createBatchProgressView,
  createPalette,
  createProgressView,
  describeVerdict,
  formatSummary,
  type CliOutput,
  type ProgressClock,
} from './cli-output.js';
import {
  formatBatchJson,
  formatBatchTable,
  formatCatalog,
  formatJunit,
  formatMarkdown,
  formatUsage,
  modelPasses,
  reportName,
  type BatchReport,
  type ModelReport,
} from './cli-reports.js';
import { outputWidth } from './cli-table.js';
import {
  ItemNotRunEventError,
  RateLimitedApiError,
  streamErrorFrom,
  UnauthorizedApiError,
} from './errors.js';
import { formatCount, formatTimestamp, formatWait } from './format.js';
import { formatList } from '../shared/i18n/format.js';
import type { Translator } from '../shared/i18n/translate.js';
import type { Failure } from './cli-harness.js';
import { getRegions } from './regions-client.js';
import { getUsage } from './usage-client.js';

/** Time, injectable so tests wait out a `Retry-After` without waiting. */
export interface CliClock {
  now(): number;
  /** Resolves after `ms`, rejects with the signal's reason when it aborts first. */
  sleep(ms: number, signal: AbortSignal | undefined): Promise<void>;
}

export type { CliOutput } from './cli-output.js';

/** Exit codes, for pipelines. */
export const EXIT_CODES = {
  /** Every model passed its gates (without gates: was certified). */
  certified: 0,
  /** A model did not pass: it failed a probe or a gate, or could not be invoked at all. */
  notCertified: 1,
  /** Bad arguments, or the service (not the model) failed: auth, rate limit, quota, network, timeout. */
  error: CLI_EXIT_CODES.error,
  /** Interrupted (Ctrl+C), as shells report SIGINT. */
  interrupted: CLI_EXIT_CODES.interrupted,
} as const;

/** Everything {@link runCertifyCli} takes from its process: what every CLI takes, and time. */
export interface CertifyCliOptions extends CliOptions {
  /** Waiting out a `429`; tests pass a clock that does not wait. */
  clock?: CliClock;
  /** Drives the spinners and timers of live progress on a terminal; tests pass one they tick by hand. */
  progressClock?: ProgressClock;
}

/** The help, in `t`'s language. */
function helpText(t: Translator): string {
  const statuses = CATALOG_STATUS_FILTERS.slice(0, -1).join(', ');
  return t.t('cli.certify.help', {
    suites: formatList(
      t.locale,
      SUITE_NAMES.map((suite) =>
        t.t('cli.certify.suiteSize', { suite, count: probesOf(suite).length }),
      ),
      'disjunction',
    ),
    capabilities: wrap(CAPABILITY_NAMES.join(', '), 22, 80),
    statuses: t.t('cli.certify.statusList', {
      statuses,
      last: CATALOG_STATUS_FILTERS.at(-1) ?? '',
    }),
    sub: CLI_DEFAULTS.sub,
    timeout: CLI_DEFAULTS.timeoutSeconds,
  });
}

/** `text` broken at spaces into lines of at most `width` columns, each indented by `indent`. */
function wrap(text: string, indent: number, width: number): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && indent + line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(line);
  return lines.map((part) => `${' '.repeat(indent)}${part}`).join('\n');
}

/**
 * Runs the CLI and resolves with its exit code; never throws for expected failures and
 * never calls `process.exit`, so it can run inside a test.
 */
export function runCertifyCli(
  argv: readonly string[],
  options: CertifyCliOptions,
): Promise<number> {
  return runCli(argv, options, async ({ t, hints }) => {
    const command = parseArguments(argv, options);
    if (command.kind === 'help') {
      options.stdout.write(helpText(t));
      return EXIT_CODES.certified;
    }
    hints.target = command.service;
    const token = await resolveToken(command.service, options, { sub: command.service.sub });
    // The service's own messages come back in the CLI's language, except into a machine format
    // (JSON, JUnit), whose bytes must not depend on the language.
    const client: ClientOptions = {
      baseUrl: command.service.url,
      token,
      fetch: options.fetch,
      ...(MACHINE_FORMATS.has(command.format) ? {} : { language: t.locale }),
    };
    if (command.kind === 'usage') {
      hints.route = 'usage';
      const usage = await getUsage({
        ...client,
        month: command.month,
        signal: requestSignal(command.service.timeoutSeconds, options.signal),
      });
      options.stdout.write(formatUsage(usage, command.format, t));
      return EXIT_CODES.certified;
    }
    if (command.kind === 'list') {
      hints.route = 'catalog';
      return list(command, client, options, t);
    }
    hints.route = command.catalog ? 'catalog' : 'regions';
    return certify(command, client, options, t);
  });
}

/** `--list`: the catalog, in the chosen format, without certifying anything. */
async function list(
  command: Extract<CliCommand, { kind: 'list' }>,
  client: ClientOptions,
  options: CertifyCliOptions,
  t: Translator,
): Promise<number> {
  const { stdout, env } = options;
  const catalog = await getCatalog({
    ...client,
    ...(command.status === undefined ? {} : { status: command.status }),
    ...(command.region === undefined ? {} : { region: command.region }),
    signal: requestSignal(command.service.timeoutSeconds, options.signal),
  });
  stdout.write(
    formatCatalog(catalog, command.format, createPalette(stdout, env), {
      width: outputWidth(stdout, env),
      t,
    }),
  );
  return EXIT_CODES.certified;
}

type CertifyCommand = Extract<CliCommand, { kind: 'certify' }>;

/** One model to certify, in one Region (unset: the service's default Region). */
interface Target {
  modelId: string;
  region?: string;
  /** Known from the catalog: the service has a cached result (a single model then reads it free). */
  cached?: boolean;
}

/** What the CLI got for one target. */
type Outcome = Target &
  (
    | { certification: Certification; error?: undefined }
    | { error: unknown; certification?: undefined; notRun?: boolean }
  );

/** Output formats for machines: English in every language, byte for byte. */
const MACHINE_FORMATS: ReadonlySet<string> = new Set<OutputFormat>(['json', 'junit']);

/** A rate-limit 429 is waited out at most this often per request ... */
const MAX_RATE_LIMIT_WAITS = 5;
/** ... and not when it asks for longer than this. */
const MAX_WAIT_SECONDS = 600;

const DEFAULT_CLOCK: CliClock = {
  now: () => Date.now(),
  sleep: (ms, signal) => sleepFor(ms, undefined, { signal }),
};

async function certify(
  command: CertifyCommand,
  client: ClientOptions,
  options: CertifyCliOptions,
  t: Translator,
): Promise<number> {
  const { stdout, stderr, env } = options;
  const { service } = command;
  const { locale } = t;

  // A failure here (the catalog, the Region list) is reported by the harness, with its route.
  const targets = await targetsOf(command, client, options, t);

  // One model id in one Region, as before: the per-probe view and, for table and JSON, today's output.
  const single = !command.catalog && targets.length === 1;
  const explicitGates = hasExplicitGates(command.gates);
  const several = new Set(targets.map((target) => target.region ?? '')).size > 1;
  const named = (target: Target): Pick<ModelReport, 'modelId' | 'region'> => ({
    modelId: target.modelId,
    ...(several && target.region !== undefined ? { region: target.region } : {}),
  });
  const label = (target: Target): string => reportName(named(target), t);
  const runsStarted = new Set<string>();
  const finished = new Set<string>();

  const suiteNote =
    command.suite === DEFAULT_SUITE ? '' : t.t('cli.certify.suiteNote', { suite: command.suite });
  let outcomes: Outcome[];
  try {
    if (single) {
      const [target] = targets as [Target];
      const where =
        target.region === undefined ? '' : t.t('cli.certify.inRegion', { region: target.region });
      stderr.write(
        `${t.t('cli.certify.one', { modelId: target.modelId, region: where, suite: suiteNote, url: service.url })}\n`,
      );
      outcomes = [await certifyOne(target, command, client, options, runsStarted, t)];
      const [outcome] = outcomes;
      if (outcome?.certification?.cached) {
        const at = formatTimestamp(outcome.certification.certifiedAt, locale);
        stderr.write(`${t.t('cli.certify.cached', { at })}\n`);
      }
    } else {
      const requests = Math.ceil(targets.length / MAX_BATCH_ITEMS);
      const count = formatCount(targets.length, locale);
      const models = t.t(
        plural(t, targets.length) === 'one' ? 'cli.certify.modelsOne' : 'cli.certify.modelsOther',
        { count },
      );
      const batches =
        requests === 1
          ? t.t('cli.certify.oneBatch')
          : t.t('cli.certify.batches', { count: requests });
      stderr.write(
        `${t.t('cli.certify.batch', { models, suite: suiteNote, url: service.url, batches })}\n`,
      );
      const view = createBatchProgressView(stderr, env, targets.length, options.progressClock, t);
      try {
        outcomes = await certifyInBatches(targets, command, client, options, {
          onEvent: (target, event) => {
            const key = label(target);
            if (event.type === 'progress') {
              if (!runsStarted.has(key)) {
                runsStarted.add(key);
                view.onRunStart(key);
              }
              view.onProgress(key, event);
            }
          },
          onWait: (seconds) => view.onWait(seconds),
          onDone: (outcome) => {
            const key = label(outcome);
            finished.add(key);
            if (outcome.certification) {
              const verdict = evaluateGates(outcome.certification, command.gates, t);
              view.done(key, verdict.passed, progressLine(outcome.certification, command.gates, t));
            } else {
              const { code } = describeFailure(outcome.error, t);
              view.done(
                key,
                false,
                t.t(outcome.notRun ? 'cli.certify.itemNotRun' : 'cli.certify.itemError', { code }),
              );
            }
          },
        });
      } finally {
        view.finish();
      }
    }
  } catch (error) {
    if (!options.signal?.aborted) throw error;
    const inFlight = [...runsStarted].filter((key) => !finished.has(key));
    stderr.write(`${interruptedMessage(inFlight, command.fresh, !single, t)}\n`);
    return EXIT_CODES.interrupted;
  }

  // JSON and JUnit are the same bytes in every language: their words are English.
  const reportT = MACHINE_FORMATS.has(command.format) ? ENGLISH : t;
  const models: ModelReport[] = outcomes.map((outcome) => {
    const base = named(outcome);
    return outcome.certification
      ? {
          ...base,
          certification: outcome.certification,
          verdict: evaluateGates(outcome.certification, command.gates, t),
        }
      : { ...base, failure: describeFailure(outcome.error, reportT) };
  });
  reportFailures(models, outcomes, service, stderr, t);

  const report: BatchReport = { models, gates: command.gates };
  const first = models[0];
  if (single && first && (command.format === 'table' || command.format === 'json')) {
    // As before: nothing on stdout when the service failed (the error is on stderr).
    if (first.certification) {
      if (command.format === 'json')
        stdout.write(`${JSON.stringify(first.certification, null, 2)}\n`);
      else
        stdout.write(
          formatSummary(
            first.certification,
            createPalette(stdout, env),
            explicitGates ? first.verdict : undefined,
            { width: outputWidth(stdout, env), t },
          ),
        );
    }
  } else {
    stdout.write(renderReport(report, command.format, stdout, env, explicitGates, t));
  }
  return exitCode(models);
}

/**
 * One model in one Region, with live per-probe progress: a cached result through the check
 * route (free, not rate limited), else a run through the stream, waiting out a rate-limit 429.
 */
async function certifyOne(
  target: Target,
  command: CertifyCommand,
  client: ClientOptions,
  options: CertifyCliOptions,
  runsStarted: Set<string>,
  t: Translator,
): Promise<Outcome> {
  const { service, suite } = command;
  const probeView = createProgressView(
    options.stderr,
    options.env,
    options.progressClock,
    testNamesOf(suite),
    t,
  );
  const region = target.region === undefined ? {} : { region: target.region };
  try {
    if (!command.fresh && target.cached !== false) {
      const check = await checkCertification(target.modelId, {
        ...client,
        ...region,
        suite,
        signal: requestSignal(service.timeoutSeconds, options.signal),
      });
      if (check.cached) return { ...target, certification: check.certification };
    }
    const certification = await withRateLimitWaits(
      () => {
        runsStarted.add(target.modelId);
        return certifyModel(target.modelId, {
          ...client,
          ...region,
          suite,
          fresh: command.fresh,
          signal: requestSignal(service.timeoutSeconds, options.signal),
          onProgress: (event) => probeView.update(event),
        });
      },
      options,
      (seconds) => {
        // Refused before it started: nothing runs on the service while the CLI waits.
        runsStarted.delete(target.modelId);
        probeView.finish();
        const wait = formatWait(seconds, t.locale);
        options.stderr.write(`${t.t('cli.certify.rateLimitedWait', { wait })}\n`);
      },
    );
    return { ...target, certification };
  } catch (error) {
    options.signal?.throwIfAborted();
    return { ...target, error };
  } finally {
    probeView.finish();
  }
}

/**
 * Many targets through the service's batch route: one request per 50 (each one rate-limit
 * slot, a 429 waited out), the service certifying a few at a time, cached ones free. A refused
 * token or a failed request fails its items; a refused token stops the later requests too.
 */
async function certifyInBatches(
  targets: readonly Target[],
  command: CertifyCommand,
  client: ClientOptions,
  options: CertifyCliOptions,
  listener: {
    onEvent: (target: Target, event: BatchItemEvent) => void;
    onWait: (seconds: number) => void;
    onDone: (outcome: Outcome) => void;
  },
): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  let refused: UnauthorizedApiError | undefined;
  for (let start = 0; start < targets.length; start += MAX_BATCH_ITEMS) {
    const chunk = targets.slice(start, start + MAX_BATCH_ITEMS);
    // Each item's line goes out as its terminal event arrives, not when the batch ends.
    const reported = new Set<number>();
    const report = (index: number, outcome: Outcome): Outcome => {
      if (!reported.has(index)) listener.onDone(outcome);
      reported.add(index);
      return outcome;
    };
    let results: Outcome[];
    if (refused) {
      const error = refused;
      results = chunk.map((target, index) => report(index, { ...target, error, notRun: true }));
    } else {
      try {
        const signal = requestSignal(
          Math.min(BATCH_TIMEOUT_SECONDS, command.service.timeoutSeconds * chunk.length),
          options.signal,
        );
        const batch = await withRateLimitWaits(
          () =>
            certifyBatch(chunk, {
              ...client,
              fresh: command.fresh,
              // Left out for the default suite, as the single routes' requests are.
              ...(command.suite === DEFAULT_SUITE ? {} : { suite: command.suite }),
              signal,
              onEvent: (event) => {
                const index = chunk.findIndex(
                  (candidate) =>
                    candidate.modelId === event.modelId &&
                    (candidate.region ?? event.region) === event.region,
                );
                const target = chunk[index];
                if (target === undefined) return;
                const here = { ...target, region: event.region };
                if (event.type === 'progress') listener.onEvent(here, event);
                else if (event.type === 'complete')
                  report(index, { ...here, certification: event.certification });
                else {
                  const error = streamErrorFrom(event.code, event.message);
                  report(index, { ...here, error, notRun: error instanceof ItemNotRunEventError });
                }
              },
            }),
          options,
          listener.onWait,
        );
        results = batch.items.map((item, index) => {
          const target = { ...chunk[index], modelId: item.modelId, region: item.region };
          return report(
            index,
            item.certification
              ? { ...target, certification: item.certification }
              : {
                  ...target,
                  error: item.error,
                  notRun: item.error instanceof ItemNotRunEventError,
                },
          );
        });
      } catch (error) {
        options.signal?.throwIfAborted();
        if (error instanceof UnauthorizedApiError) refused = error;
        results = chunk.map((target, index) => report(index, { ...target, error, notRun: true }));
      }
    }
    outcomes.push(...results);
  }
  return outcomes;
}

/** A batch request gives up after this at most: the function's own timeout and a minute. */
const BATCH_TIMEOUT_SECONDS = 16 * 60;

/**
 * Calls `request` again after each rate-limit 429, as long as its `Retry-After` (within
 * {@link MAX_WAIT_SECONDS}) says, at most {@link MAX_RATE_LIMIT_WAITS} times. The quota's 429
 * (`QuotaExceededApiError`) is not waited out: its `Retry-After` runs to the end of the month.
 */
async function withRateLimitWaits<T>(
  request: () => Promise<T>,
  options: CertifyCliOptions,
  onWait: (seconds: number) => void,
): Promise<T> {
  const clock = options.clock ?? DEFAULT_CLOCK;
  for (let waits = 0; ; waits++) {
    try {
      return await request();
    } catch (error) {
      if (
        !(error instanceof RateLimitedApiError) ||
        waits >= MAX_RATE_LIMIT_WAITS ||
        error.retryAfterSeconds > MAX_WAIT_SECONDS
      )
        throw error;
      onWait(error.retryAfterSeconds);
      await clock.sleep(error.retryAfterSeconds * 1000, options.signal);
    }
  }
}

function renderReport(
  report: BatchReport,
  format: CertifyCommand['format'],
  stdout: CliOutput,
  env: CertifyCliOptions['env'],
  explicitGates: boolean,
  t: Translator,
): string {
  switch (format) {
    case 'table':
      return formatBatchTable(report, createPalette(stdout, env), {
        width: outputWidth(stdout, env),
        t,
      });
    // Machine formats: the same bytes in every language.
    case 'json':
      return formatBatchJson(report);
    case 'junit':
      return formatJunit(report, { explicitGates });
    case 'markdown':
      return formatMarkdown(report, t);
  }
}

/** 2 when the service failed for any model (its verdict is unknown), else 1 when any did not pass. */
function exitCode(models: readonly ModelReport[]): number {
  if (models.some((model) => model.failure !== undefined)) return EXIT_CODES.error;
  return models.every(modelPasses) ? EXIT_CODES.certified : EXIT_CODES.notCertified;
}

/**
 * What to certify: the model ids, or the catalog's models, in each Region asked for (`--regions
 * all`: every Region the service lists). Foundation models Bedrock serves only through inference
 * profiles are left out of the catalog: a run of the bare id can only come back unavailable,
 * and their profiles are entries of their own.
 */
async function targetsOf(
  command: CertifyCommand,
  client: ClientOptions,
  options: CertifyCliOptions,
  t: Translator,
): Promise<Target[]> {
  const signal = requestSignal(command.service.timeoutSeconds, options.signal);
  const regions: (string | undefined)[] =
    command.regions === undefined
      ? [undefined]
      : command.regions === 'all'
        ? (await getRegions({ ...client, signal })).regions
        : command.regions.list;
  if (!command.catalog)
    return command.modelIds.flatMap((modelId) =>
      regions.map((region) => ({ modelId, ...(region === undefined ? {} : { region }) })),
    );
  const targets: Target[] = [];
  const left: string[] = [];
  for (const region of regions) {
    const catalog = await getCatalog({
      ...client,
      signal,
      ...(region === undefined ? {} : { region }),
    });
    for (const entry of catalog.models) {
      if (isProfileOnly(entry)) left.push(entry.modelId);
      else
        targets.push({
          modelId: entry.modelId,
          ...(region === undefined ? {} : { region }),
          cached: entry.certification !== null,
        });
    }
  }
  const profileOnly = [...new Set(left)];
  if (profileOnly.length > 0) {
    const key =
      plural(t, profileOnly.length) === 'one'
        ? 'cli.certify.leavingOutOne'
        : 'cli.certify.leavingOutOther';
    options.stderr.write(
      `${t.t(key, { count: profileOnly.length, modelIds: profileOnly.join(', ') })}\n`,
    );
  }
  return targets;
}

function isProfileOnly(entry: CatalogEntry): boolean {
  return entry.kind === 'foundation-model' && !entry.onDemand;
}

/** `certified (6/6 passed)`, `failed (5/6 passed, cached); gate: fail — toolUse: false`. */
function progressLine(certification: Certification, gates: Gates, t: Translator): string {
  const line = t.t(certification.cached ? 'cli.certify.progressCached' : 'cli.certify.progress', {
    status: certification.status,
    passed: certification.testsPassed,
    finished: certification.testsPassed + certification.testsFailed,
  });
  if (!hasExplicitGates(gates)) return line;
  return `${line}; ${describeVerdict(evaluateGates(certification, gates, t), t)}`;
}

/**
 * Errors to stderr, each distinct one once: a refused token or a used-up quota is the same
 * answer for every model, and is said once with the models it stopped.
 */
function reportFailures(
  models: readonly ModelReport[],
  outcomes: readonly Outcome[],
  service: ServiceArguments,
  stderr: CliOutput,
  t: Translator,
): void {
  const seen = new Map<string, { failure: Failure; modelIds: string[]; error: unknown }>();
  models.forEach((model, index) => {
    if (!model.failure) return;
    // In the CLI's language, whatever the report's.
    const error = outcomes[index]?.error;
    const failure = describeFailure(error, t);
    const key = `${failure.code}\n${failure.message}`;
    const entry = seen.get(key) ?? { failure, modelIds: [], error };
    entry.modelIds.push(reportName(model, t));
    seen.set(key, entry);
  });
  const several = models.length > 1;
  for (const { failure, modelIds, error } of seen.values()) {
    const which = !several
      ? ''
      : modelIds.length === models.length
        ? ` ${t.t('cli.certify.failureAll', { count: modelIds.length })}`
        : ` [${modelIds.join(', ')}]`;
    stderr.write(
      `${errorLine(failure, t)}${which}${failureHints(error, { target: service }, t)}\n`,
    );
  }
}

/**
 * The truth about Ctrl+C: the CLI stops listening, but in AWS the function is not told that its
 * client left (the Lambda runtime's response stream does not report it), so a run goes on to
 * its end and its result is cached, and counted.
 */
function interruptedMessage(
  inFlight: readonly string[],
  fresh: boolean,
  batch: boolean,
  t: Translator,
): string {
  const again = t.t(fresh ? 'cli.certify.againWithoutFresh' : 'cli.certify.again');
  const one = inFlight.length === 1;
  const modelIds = inFlight.join(', ');
  // A batch is one request: in AWS the function goes on with every item it has not started.
  if (batch && inFlight.length > 0)
    return interruptedLine(
      t,
      t.t(one ? 'cli.certify.interruptedBatchOne' : 'cli.certify.interruptedBatchMany', {
        modelIds,
        again,
      }),
    );
  if (inFlight.length === 0) return interruptedLine(t, t.t('cli.certify.interruptedIdle'));
  return interruptedLine(
    t,
    one
      ? t.t('cli.certify.interruptedOne', { modelId: modelIds, again })
      : t.t('cli.certify.interruptedMany', { modelIds, again }),
  );
}
