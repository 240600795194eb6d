/** `npm run certify -- --list`: the catalog in each format, without certifying anything. */
import { describe, expect, it } from 'vitest';
import { EXIT_CODES, runCertifyCli } from '../../client/certify-cli.js';
import type { CatalogEntry, CatalogResponse } from '../../shared/types.js';
import { captureOutput } from '../support/captured-output.js';
import { readInline, tableCells } from '../support/markdown-reader.js';
import {
  errorResponse,
  fakeCertificationService,
  jsonResponse,
  sampleCertification,
} from './fake-service.js';

const ARN = 'arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abcdef123456';

function entry(overrides: Partial<CatalogEntry> & Pick<CatalogEntry, 'modelId'>): CatalogEntry {
  return {
    modelName: overrides.modelId,
    provider: 'Amazon',
    kind: 'foundation-model',
    lifecycle: 'ACTIVE',
    onDemand: true,
    inferenceProfiles: [],
    baseModelId: null,
    access: 'AVAILABLE',
    certification: null,
    lastChangedAt: null,
    ...overrides,
  };
}

const certified = sampleCertification();
const CATALOG: CatalogResponse = {
  region: 'us-east-1',
  models: [
    entry({
      modelId: 'amazon.nova-pro-v1:0',
      modelName: 'Nova Pro',
      certification: {
        status: 'certified',
        certifiedAt: '2026-11-24T12:00:00.000Z',
        expiresAt: '2026-11-25T12:00:00.000Z',
        capabilities: certified.capabilities,
        ttftMs: 90,
        estimatedCostUsd: 0.0689275,
        successRate: 100,
      },
    }),
    entry({
      modelId: 'anthropic.claude-sonnet-4-5-20250929-v1:0',
      modelName: 'Claude Sonnet 4.5',
      provider: 'Anthropic',
      onDemand: false,
      access: 'NOT_AVAILABLE',
    }),
    entry({
      modelId: ARN,
      modelName: 'Team profile | with a pipe',
      kind: 'inference-profile',
      baseModelId: 'amazon.nova-pro-v1:0',
      access: 'UNKNOWN',
      certification: {
        status: 'failed',
        certifiedAt: '2026-11-24T13:00:00.000Z',
        expiresAt: '2026-11-25T13:00:00.000Z',
        capabilities: { ...certified.capabilities, toolUse: false },
        ttftMs: 1234,
        estimatedCostUsd: null,
        successRate: 83,
      },
    }),
  ],
};

async function list(
  argv: string[],
  fetch = fakeCertificationService({ catalog: () => jsonResponse(CATALOG) }),
) {
  const stdout = captureOutput();
  const stderr = captureOutput();
  const code = await runCertifyCli(['--list', ...argv], {
    stdout,
    stderr,
    env: {},
    fetch,
    mintLocalToken: () => 'token',
  });
  return { code, stdout: stdout.text, stderr: stderr.text, fetch };
}

describe('certify CLI: --list', () => {
  it('prints the catalog as a table that fits, asking only the catalog route', async () => {
    const result = await list([]);

    expect(result.code).toBe(EXIT_CODES.certified);
    expect(result.stderr).toBe('');
    expect(result.fetch.requests.map((request) => new URL(request.url).pathname)).toEqual([
      '/api/certification/catalog',
    ]);
    const lines = result.stdout.split('\n');
    for (const line of lines) expect(line.length, line).toBeLessThanOrEqual(100);
    // The ids wrap at their separators rather than push the table past 100 columns.
    expect(lines.slice(0, 10)).toEqual([
      'MODEL                      NAME                       KIND     STATUS     ACCESS     TTFT  EST. COST',
      'amazon.nova-pro-v1:0       Nova Pro                   model    certified  yes       90 ms     $0.069',
      'anthropic.claude-sonnet-   Claude Sonnet 4.5          model*   —          no',
      '  4-5-20250929-v1:0',
      'arn:aws:bedrock:us-east-   Team profile | with a pi…  profile  failed     unknown  1.23 s    unknown',
      '  1:123456789012:',
      '  application-inference-',
      '  profile/abcdef123456',
      '(CHECKED AT left out to fit; --format json has them)',
      'Text marked … was cut to fit: --format json has it in full.',
    ]);
    expect(result.stdout).toContain(
      '\n3 models in us-east-1: 1 certified, 1 failed, 1 without a result.\n* served only through inference profiles: certify one of its profiles instead.\n',
    );
  });

  it('--format json is the route body, in full', async () => {
    const result = await list(['--format', 'json']);

    expect(result.code).toBe(EXIT_CODES.certified);
    expect(JSON.parse(result.stdout)).toEqual(CATALOG);
  });

  it('--format markdown is a table whose cells hold whatever the names hold', async () => {
    const result = await list(['--format', 'markdown']);

    expect(result.code).toBe(EXIT_CODES.certified);
    const rows = result.stdout.split('\n').filter((line) => line.startsWith('| '));
    const cells = rows.map(tableCells);
    for (const row of cells) expect(row).toHaveLength(cells[0]?.length ?? 0);
    expect(cells[0]?.slice(0, 4)).toEqual(['Model', 'Name', 'Kind', 'Status']);
    expect(cells.slice(2).map((row) => readInline(row[0] ?? '').code)).toEqual(
      CATALOG.models.map((model) => [model.modelId]),
    );
    expect(cells.slice(2).map((row) => readInline(row[1] ?? '').text)).toEqual(
      CATALOG.models.map((model) => model.modelName),
    );
    expect(cells[4]?.slice(2, 5)).toEqual(['profile', 'failed', 'unknown']);
    expect(cells.slice(2).map((row) => row[4])).toEqual(['yes', 'no', 'unknown']);
    expect(result.stdout).toContain(
      '**3 models in us-east-1: 1 certified, 1 failed, 1 without a result.**',
    );
  });

  it('--status asks the catalog route for that status only', async () => {
    const fetch = fakeCertificationService({
      catalog: () => jsonResponse({ ...CATALOG, models: CATALOG.models.slice(0, 1) }),
    });

    const result = await list(['--status', 'certified', '--json'], fetch);

    expect(result.code).toBe(EXIT_CODES.certified);
    expect(new URL(fetch.requests[0]?.url ?? '').search).toBe('?status=certified');
    expect(JSON.parse(result.stdout)).toMatchObject({
      models: [{ modelId: 'amazon.nova-pro-v1:0' }],
    });
  });

  it('exits 2 with the service error, and says when the service predates the catalog', async () => {
    const missing = await list(
      [],
      fakeCertificationService({
        catalog: () => errorResponse(404, 'NOT_FOUND', 'No such route.'),
      }),
    );
    const down = await list(
      [],
      fakeCertificationService({
        catalog: () =>
          errorResponse(503, 'CATALOG_UNAVAILABLE', 'Bedrock could not list the models.'),
      }),
    );

    expect([missing.code, down.code]).toEqual([EXIT_CODES.error, EXIT_CODES.error]);
    expect(missing.stdout + down.stdout).toBe('');
    expect(missing.stderr).toContain('has no catalog route');
    expect(down.stderr).toBe(
      'error: CATALOG_UNAVAILABLE (503): Bedrock could not list the models.\n',
    );
  });
});
