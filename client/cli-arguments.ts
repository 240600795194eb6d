/**
 * The command line of `npm run certify`: parsed and checked before any request, so a typo
 * costs neither a request nor a rate-limit slot.
 */
import { isValidModelId } from '../shared/model-id.js';
import { isMonth } from '../shared/month.js';
import { isRegionName } from '../shared/regions.js';
import { CATALOG_STATUS_FILTERS, type CatalogStatusFilter } from '../shared/types.js';
import {
  SUITE_NAMES,
  capabilitiesOf,
  isSuiteName,
  suiteCovers,
  suiteFor,
  type SuiteName,
} from '../shared/suites.js';
import {
  CAPABILITY_NAMES,
  hasExplicitGates,
  isCapabilityName,
  type CapabilityName,
  type Gates,
} from './cli-gates.js';
import { parseCommandLine, parseTimeout, resolveTarget, type CliOptions } from './cli-harness.js';
import { InvalidModelIdUsageError, InvalidMonthUsageError, UsageError } from './errors.js';
import { message, type MessageParam } from '../shared/i18n/translate.js';

/** What the CLI writes to stdout. */
export type OutputFormat = 'table' | 'json' | 'junit' | 'markdown';

const FORMATS: readonly OutputFormat[] = ['table', 'json', 'junit', 'markdown'];

/** Where the service is and how to authenticate to it. */
export interface ServiceArguments {
  url: string;
  /** True when the URL is this machine's (a token may be minted; a refused connection gets a hint). */
  local: boolean;
  token: string | undefined;
  sub: string;
  /** Per model: a check, or a run to its result. */
  timeoutSeconds: number;
}

/** A parsed command line. */
export type CliCommand =
  | { kind: 'help' }
  | {
      kind: 'certify';
      service: ServiceArguments;
      modelIds: string[];
      catalog: boolean;
      fresh: boolean;
      /** The suite to certify: `--suite`, else the smallest that determines every `--require`d capability. */
      suite: SuiteName;
      gates: Gates;
      format: OutputFormat;
      /**
       * Where to certify: one Region (`--region`), several (`--regions a,b`), every one the
       * service lists (`--regions all`), or its default Region (unset).
       */
      regions?: { list: string[] } | 'all';
    }
  | {
      kind: 'usage';
      service: ServiceArguments;
      month: string | undefined;
      format: Exclude<OutputFormat, 'junit'>;
    }
  | {
      /** `--list`: print the catalog, certify nothing. */
      kind: 'list';
      service: ServiceArguments;
      /** Only the entries with this status, or without a result (`--status`). */
      status: CatalogStatusFilter | undefined;
      /** The Region whose catalog to list (`--region`); unset: the service's default Region. */
      region?: string;
      format: Exclude<OutputFormat, 'junit'>;
    };

/** Defaults of the command line. */
export const CLI_DEFAULTS = {
  timeoutSeconds: 90,
  /** `--concurrency`, accepted for old scripts: the service runs a batch's items itself. */
  maxConcurrency: 10,
  sub: 'cli',
} as const;

const OPTIONS = {
  url: { type: 'string' },
  token: { type: 'string' },
  sub: { type: 'string', default: CLI_DEFAULTS.sub },
  timeout: { type: 'string' },
  json: { type: 'boolean', default: false },
  format: { type: 'string' },
  fresh: { type: 'boolean', default: false },
  'reuse-cache': { type: 'boolean', default: false },
  catalog: { type: 'boolean', default: false },
  suite: { type: 'string' },
  concurrency: { type: 'string' },
  region: { type: 'string' },
  regions: { type: 'string' },
  require: { type: 'string' },
  'max-ttft-ms': { type: 'string' },
  'max-latency-ms': { type: 'string' },
  'max-cost-usd': { type: 'string' },
  usage: { type: 'boolean', default: false },
  month: { type: 'string' },
  list: { type: 'boolean', default: false },
  status: { type: 'string' },
} as const;

/** Where to look for a service when neither `--url` nor the environment says. */
export type ArgumentContext = Pick<CliOptions, 'env' | 'findLocalStack'>;

/** Parses `argv`; throws {@link UsageError} for anything it cannot run. */
export function parseArguments(argv: readonly string[], context: ArgumentContext): CliCommand {
  const { values, positionals } = parseCommandLine(argv, OPTIONS, { allowPositionals: true });
  if (values.help) return { kind: 'help' };

  const format = outputFormat(values.format, values.json);
  const gates = parseGates(values);

  if (values.list) return listCommand(values, positionals, gates, format, context);
  if (values.status !== undefined) throw new UsageError(message('cli.usage.statusWithoutList'));

  if (values.usage) {
    const conflicting = [
      positionals.length > 0 ? message('cli.usage.conflict.modelIds') : undefined,
      values.catalog ? '--catalog' : undefined,
      values.fresh ? '--fresh' : undefined,
      values.suite !== undefined ? '--suite' : undefined,
      values.region !== undefined ? '--region' : undefined,
      values.regions !== undefined ? '--regions' : undefined,
      gates.require !== undefined ||
      gates.maxTtftMs !== undefined ||
      gates.maxLatencyMs !== undefined ||
      gates.maxCostUsd !== undefined
        ? message('cli.usage.conflict.gates')
        : undefined,
    ].filter((item) => item !== undefined);
    if (conflicting.length > 0)
      throw new UsageError(message('cli.usage.usageTakesNo', { options: listOf(conflicting) }));
    if (format === 'junit') throw new UsageError(message('cli.usage.usageFormat'));
    if (values.month !== undefined && !isMonth(values.month))
      throw new InvalidMonthUsageError(message('cli.usage.month', { value: values.month }));
    return {
      kind: 'usage',
      service: serviceArguments(values, context),
      month: values.month,
      format,
    };
  }

  if (values.month !== undefined) throw new UsageError(message('cli.usage.monthWithoutUsage'));
  if (values.fresh && values['reuse-cache'])
    throw new UsageError(message('cli.usage.freshAndReuse'));
  if (values.catalog && positionals.length > 0)
    throw new UsageError(message('cli.usage.modelIdsAndCatalog'));
  if (!values.catalog && positionals.length === 0)
    throw new UsageError(message('cli.usage.modelIdRequired'));
  // The same check the service applies: fail before spending a request or a rate-limit slot.
  const invalid = positionals.find((modelId) => !isValidModelId(modelId));
  if (invalid !== undefined)
    throw new InvalidModelIdUsageError(message('cli.usage.invalidModelId', { modelId: invalid }));

  // Accepted for old scripts; the service certifies a batch a few items at a time itself.
  if (values.concurrency !== undefined) {
    const concurrency = Number(values.concurrency);
    if (
      !Number.isInteger(concurrency) ||
      concurrency < 1 ||
      concurrency > CLI_DEFAULTS.maxConcurrency
    ) {
      throw new UsageError(
        message('cli.usage.concurrency', {
          max: CLI_DEFAULTS.maxConcurrency,
          value: values.concurrency,
        }),
      );
    }
  }
  const regions = parseRegions(values.region, values.regions);

  return {
    kind: 'certify',
    service: serviceArguments(values, context),
    // Asked twice, certified once.
    modelIds: [...new Set(positionals)],
    catalog: values.catalog,
    fresh: values.fresh,
    suite: suiteArgument(values.suite, gates),
    gates,
    format,
    ...(regions === undefined ? {} : { regions }),
  };
}

function listCommand(
  values: {
    url?: string;
    token?: string;
    sub: string;
    timeout?: string;
    status?: string;
    catalog: boolean;
    fresh: boolean;
    usage: boolean;
    month?: string;
    concurrency?: string;
    region?: string;
    regions?: string;
  },
  positionals: readonly string[],
  gates: Gates,
  format: OutputFormat,
  context: ArgumentContext,
): CliCommand {
  const conflicting = [
    positionals.length > 0 ? message('cli.usage.conflict.modelIds') : undefined,
    values.catalog ? '--catalog' : undefined,
    values.usage ? '--usage' : undefined,
    values.fresh ? '--fresh' : undefined,
    values.month !== undefined ? '--month' : undefined,
    values.concurrency !== undefined ? '--concurrency' : undefined,
    values.regions !== undefined ? message('cli.usage.conflict.regions') : undefined,
    hasExplicitGates(gates) ? message('cli.usage.conflict.gates') : undefined,
  ].filter((item) => item !== undefined);
  if (conflicting.length > 0)
    throw new UsageError(message('cli.usage.listTakesNo', { options: listOf(conflicting) }));
  if (format === 'junit') throw new UsageError(message('cli.usage.listFormat'));
  const status = values.status;
  if (status !== undefined && !isCatalogStatusFilter(status))
    throw new UsageError(
      message('cli.usage.status', { values: CATALOG_STATUS_FILTERS.join(', '), value: status }),
    );
  // --region names one Region (parseRegions refuses several and "all" is only for --regions).
  const regions = parseRegions(values.region, undefined);
  const region = regions === undefined || regions === 'all' ? undefined : regions.list[0];
  return {
    kind: 'list',
    service: serviceArguments(values, context),
    status,
    ...(region === undefined ? {} : { region }),
    format,
  };
}

/** `a, b, c` of flags and words, each word in the reader's language. */
function listOf(items: readonly MessageParam[]): MessageParam {
  const [first = '', ...rest] = items;
  return rest.length === 0 ? first : message('cli.listJoin', { first, rest: listOf(rest) });
}

function isCatalogStatusFilter(value: string): value is CatalogStatusFilter {
  return (CATALOG_STATUS_FILTERS as readonly string[]).includes(value);
}

/**
 * `--suite core|full`; without it the smallest suite that determines every `--require`d
 * capability (`--require imageInput` runs the full suite), which an explicit smaller one cannot.
 */
function suiteArgument(value: string | undefined, gates: Gates): SuiteName {
  const needed = suiteFor(gates.require ?? []);
  if (value === undefined) return needed;
  if (!isSuiteName(value))
    throw new UsageError(message('cli.usage.suite', { suites: SUITE_NAMES.join(', '), value }));
  if (!suiteCovers(value, needed)) {
    const missing = (gates.require ?? []).filter(
      (name) => !capabilitiesOf(value).some((capability) => capability.key === name),
    );
    throw new UsageError(
      message(
        missing.length === 1 ? 'cli.usage.suiteTooSmallOne' : 'cli.usage.suiteTooSmallOther',
        {
          capabilities: missing.join(', '),
          needed,
          suite: value,
        },
      ),
    );
  }
  return value;
}

/** `--region R` or `--regions all|a,b`, checked as the service checks Region names. */
function parseRegions(
  region: string | undefined,
  regions: string | undefined,
): { list: string[] } | 'all' | undefined {
  if (region !== undefined && regions !== undefined)
    throw new UsageError(message('cli.usage.regionAndRegions'));
  if (regions?.trim() === 'all') return 'all';
  const raw = region ?? regions;
  if (raw === undefined) return undefined;
  const list = [
    ...new Set(
      raw
        .split(',')
        .map((name) => name.trim())
        .filter((name) => name !== ''),
    ),
  ];
  const flag = region === undefined ? '--regions' : '--region';
  if (list.length === 0 || (region !== undefined && list.length > 1))
    throw new UsageError(
      message(region === undefined ? 'cli.usage.regionsEmpty' : 'cli.usage.regionOne'),
    );
  const bad = list.find((name) => !isRegionName(name));
  if (bad !== undefined)
    throw new UsageError(message('cli.usage.regionName', { flag, value: bad }));
  return { list };
}

function outputFormat(format: string | undefined, json: boolean): OutputFormat {
  if (format === undefined) return json ? 'json' : 'table';
  if (!(FORMATS as readonly string[]).includes(format))
    throw new UsageError(
      message('cli.usage.format', { formats: FORMATS.join(', '), value: format }),
    );
  if (json && format !== 'json')
    throw new UsageError(message('cli.usage.jsonAndFormat', { format }));
  return format as OutputFormat;
}

function parseGates(values: {
  require?: string;
  'max-ttft-ms'?: string;
  'max-latency-ms'?: string;
  'max-cost-usd'?: string;
}): Gates {
  const gates: Gates = {};
  if (values.require !== undefined) {
    const names = values.require
      .split(',')
      .map((name) => name.trim())
      .filter((name) => name !== '');
    if (names.length === 0)
      throw new UsageError(
        message('cli.usage.requireEmpty', { capabilities: CAPABILITY_NAMES.join(', ') }),
      );
    const unknown = names.filter((name) => !isCapabilityName(name));
    if (unknown.length > 0) {
      throw new UsageError(
        message('cli.usage.requireUnknown', {
          unknown: unknown.map((name) => `"${name}"`).join(', '),
          capabilities: CAPABILITY_NAMES.join(', '),
        }),
      );
    }
    gates.require = [...new Set(names as CapabilityName[])];
  }
  const limit = (flag: string, value: string | undefined): number | undefined => {
    if (value === undefined) return undefined;
    const number = Number(value);
    if (value.trim() === '' || !Number.isFinite(number) || number < 0)
      throw new UsageError(message('cli.usage.limit', { flag, value }));
    return number;
  };
  const maxTtftMs = limit('--max-ttft-ms', values['max-ttft-ms']);
  const maxLatencyMs = limit('--max-latency-ms', values['max-latency-ms']);
  const maxCostUsd = limit('--max-cost-usd', values['max-cost-usd']);
  if (maxTtftMs !== undefined) gates.maxTtftMs = maxTtftMs;
  if (maxLatencyMs !== undefined) gates.maxLatencyMs = maxLatencyMs;
  if (maxCostUsd !== undefined) gates.maxCostUsd = maxCostUsd;
  return gates;
}

function serviceArguments(
  values: { url?: string; token?: string; sub: string; timeout?: string },
  context: ArgumentContext,
): ServiceArguments {
  const { url, local, token } = resolveTarget(values, context, { discoverLocal: true });
  const timeoutSeconds = parseTimeout(values.timeout, CLI_DEFAULTS.timeoutSeconds);
  return { url, local, token, sub: values.sub, timeoutSeconds };
}
