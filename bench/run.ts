import { benchBatch } from './batch-bench.js';
import { benchCatalogGrowth, benchColdBurst, benchModelsPage } from './bounded-cost-bench.js';
import { benchCatalog } from './catalog-bench.js';
import { benchCertification } from './certification-bench.js';
import { benchBundle } from './infra-bench.js';
import { benchService } from './service-bench.js';

/**
 * `npm run bench`: speed and size targets, printed as measured value, goal and ratio
 * (value ÷ goal; ≤ 1.00 meets it; a goal of 0 is met by 0 alone). Numbers, not pass/fail tests:
 * timing belongs here, not in the unit suite. The simulator runs at realistic timing (scale 1)
 * unless a figure says otherwise.
 */
interface Row {
  name: string;
  value: number;
  goal: number;
  unit: string;
}

const rows: Row[] = [];
const print = (row: Row): void => {
  rows.push(row);
  const met = row.value <= row.goal;
  const ratio = row.goal === 0 ? (met ? '-' : 'inf') : (row.value / row.goal).toFixed(2);
  process.stdout.write(
    `${row.name.padEnd(44)} ${row.value.toFixed(row.unit === '' ? 3 : 1).padStart(10)} ${row.unit.padEnd(6)} goal ≤ ${String(row.goal).padEnd(6)} ratio ${ratio} ${met ? 'ok' : 'MISSED'}\n`,
  );
};

process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
// As in the local stack: this machine's Node 20 is known and planned for (README, "Node versions").
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const certification = await benchCertification();
print({
  name: 'certification wall time ÷ slowest probe',
  value: certification.ratio,
  goal: 1.1,
  unit: '',
});
print({
  name: 'Bedrock tokens per certification',
  value: certification.tokens,
  goal: 1500,
  unit: 'tok',
});

// The suites on the Claude Sonnet 4.5 profile: the full suite's 13 probes run as concurrently as
// the core suite's 6 (prompt caching's two calls are one probe), within their token budgets.
const SONNET_45 = 'us.anthropic.claude-sonnet-4-5-20250929-v1:0';
const sonnetCore = await benchCertification({ modelId: SONNET_45, suite: 'core' });
print({
  name: 'core suite tokens, Claude Sonnet 4.5',
  value: sonnetCore.tokens,
  goal: 700,
  unit: 'tok',
});
const sonnetFull = await benchCertification({ modelId: SONNET_45, suite: 'full' });
print({
  name: 'full suite wall time ÷ slowest probe',
  value: sonnetFull.ratio,
  goal: 1.1,
  unit: '',
});
print({
  name: 'full suite tokens, Claude Sonnet 4.5',
  value: sonnetFull.tokens,
  goal: 5000,
  unit: 'tok',
});

const service = await benchService();
print({ name: 'time to first SSE byte, p50', value: service.firstByteP50Ms, goal: 15, unit: 'ms' });
print({
  name: 'store round trips before the first byte',
  value: service.roundTripsBeforeFirstByte,
  goal: 2,
  unit: 'trips',
});
print({ name: 'cached answer latency, p50', value: service.cachedP50Ms, goal: 10, unit: 'ms' });
print({
  name: 'peak RSS of one environment, 20 runs',
  value: service.peakRssMb,
  goal: 128,
  unit: 'MB',
});

const catalog = await benchCatalog();
print({
  name: `catalog answer, p50 (${catalog.entries} entries, ${catalog.certified} certified)`,
  value: catalog.p50Ms,
  goal: 30,
  unit: 'ms',
});

const growth = await benchCatalogGrowth();
print({
  name: `catalog p50 after ${growth.unknownIds} unknown ids ÷ before`,
  value: growth.afterP50Ms / growth.beforeP50Ms,
  goal: 1.3,
  unit: '',
});

const page = await benchModelsPage();
print({
  name: `/models page, gzip (${(page.pageBytesIdentity / 1024).toFixed(0)} KB plain), ${page.cached} cached`,
  value: page.pageBytes / 1024,
  goal: 64,
  unit: 'KB',
});
print({ name: `/models page p50, ${page.cached} cached`, value: page.p50Ms, goal: 20, unit: 'ms' });

const burst = await benchColdBurst();
print({
  name: `cold burst of ${burst.streams} streams (${burst.environments} envs): 5xx`,
  value: burst.serverErrors,
  goal: 0,
  unit: '',
});

const batch = await benchBatch();
print({
  name: `${batch.items}-item batch wall time ÷ slowest item`,
  value: batch.ratio,
  goal: 5.5,
  unit: '',
});
print({
  name: `CLI --catalog (${batch.catalogEntries} entries): batch requests`,
  value: batch.catalogRequests,
  goal: 1,
  unit: 'req',
});
print({
  name: 'CLI --catalog: rate-limit waits',
  value: batch.catalogRateLimited,
  goal: 0,
  unit: '429s',
});
print({
  name: 'GET /regions/{id}, 4 Regions, warm p50',
  value: batch.regionsP50Ms,
  goal: 30,
  unit: 'ms',
});

const bundle = await benchBundle();
print({
  name: 'bundled handler size',
  value: bundle.bundleBytes / 1024 / 1024,
  goal: 1,
  unit: 'MB',
});
print({ name: 'handler module init time', value: bundle.initMs, goal: 150, unit: 'ms' });

const missed = rows.filter((row) => row.value > row.goal).length;
process.stdout.write(`\n${rows.length - missed} of ${rows.length} goals met\n`);
