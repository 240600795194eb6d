import { benchBatch } from './batch-bench.js';
import { benchCatalog } from './catalog-bench.js';
import { benchCertification } from './certification-bench.js';
import { benchBundle } from './infra-bench.js';
import { benchService } from './service-bench.js';

/**
 * `npm run bench`: speed and size targets, printed as measured value, goal and ratio
 * (value ÷ goal; ≤ 1.00 meets it). Numbers, not pass/fail tests: timing belongs here, not in
 * the unit suite. The simulator runs at realistic timing (scale 1).
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
  // A goal of 0 (none at all) is met only by 0.
  const ratio = row.goal === 0 ? (row.value === 0 ? 0 : Infinity) : row.value / row.goal;
  process.stdout.write(
    `${row.name.padEnd(44)} ${row.value.toFixed(row.unit === '' ? 3 : 1).padStart(10)} ${row.unit.padEnd(6)} goal ≤ ${String(row.goal).padEnd(6)} ratio ${ratio.toFixed(2)} ${ratio <= 1 ? 'ok' : 'MISSED'}\n`,
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

const service = await benchService();
print({ name: 'time to first SSE byte, p50', value: service.firstByteP50Ms, goal: 20, unit: 'ms' });
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
