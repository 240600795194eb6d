/**
 * The CLIs in Brazilian Portuguese, end to end through the local stack: `--lang`, else `LC_ALL`,
 * `LC_MESSAGES`, `LANG` (POSIX order). Words, numbers, money and dates change with the language;
 * codes, exit codes and `--format json` (and CSV) do not, byte for byte; the service's own
 * messages come back in the CLI's language (it sends `Accept-Language`).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { EXIT_CODES, runCertifyCli } from '../../client/certify-cli.js';
import { runSmokeCli, SMOKE_EXIT_CODES } from '../../client/smoke-cli.js';
import { SMOKE_CHECKS } from '../../client/smoke.js';
import { runUsageReportCli } from '../../client/usage-report-cli.js';
import type { CliMain, CliOptions } from '../../client/cli-harness.js';
import { loadTokenMinter } from '../../local/jwt-issuer.js';
import { startLocalStack, type LocalStack } from '../../local/stack.js';
import { translate } from '../../shared/i18n/translate.js';
import type { CertificationEvent } from '../../shared/types.js';
import { captureOutput } from '../support/captured-output.js';
import { eventsResponse, fakeFetch, sampleCertification } from './fake-service.js';

const NOVA = 'amazon.nova-pro-v1:0';
/** Fails its tool-use probe: DeepSeek-R1 has no tool use through Converse. */
const R1 = 'us.deepseek.r1-v1:0';
const PT = { LANG: 'pt_BR.UTF-8' };

let stack: LocalStack;
let keyFile: string;

beforeAll(async () => {
  const keyDir = await mkdtemp(join(tmpdir(), 'cli-languages-'));
  keyFile = join(keyDir, 'dev-issuer.json');
  stack = await startLocalStack({
    issuerKeyFile: keyFile,
    env: { POWERTOOLS_LOG_LEVEL: 'SILENT', MONTHLY_CERTIFICATION_QUOTA: '50' },
  });
  return async () => {
    await stack.close();
    await rm(keyDir, { recursive: true, force: true });
  };
});

interface Run {
  code: number;
  stdout: string;
  stderr: string;
  /** The `Accept-Language` of every request the CLI sent. */
  languages: (string | null)[];
}

/** Runs `cli` in process against the stack, minting tokens with its key as the entry points do. */
async function run(
  cli: CliMain,
  argv: string[],
  env: Record<string, string> = {},
  /** `null`: no `--url` (the CLI reads it from the command line or the environment). */
  url: string | null = stack.url,
): Promise<Run> {
  const stdout = captureOutput();
  const stderr = captureOutput();
  const languages: (string | null)[] = [];
  const options: CliOptions = {
    stdout,
    stderr,
    env,
    fetch: (input, init) => {
      languages.push(new Headers(init.headers).get('accept-language'));
      return fetch(input, init);
    },
    mintLocalToken: (sub, groups) =>
      loadTokenMinter(keyFile).mint({
        sub,
        ...(groups.length > 0 ? { 'cognito:groups': [...groups] } : {}),
      }),
  };
  const code = await cli(url === null ? argv : [...argv, '--url', url], options);
  return { code, stdout: stdout.text, stderr: stderr.text, languages };
}

const certify = (argv: string[], env?: Record<string, string>) => run(runCertifyCli, argv, env);

describe('npm run certify in Brazilian Portuguese', () => {
  it('certifies with Portuguese words, Brazilian numbers, money and dates, and the same exit code', async () => {
    const result = await certify([NOVA, '--fresh', '--sub', 'pt-one'], PT);

    expect(result.code).toBe(EXIT_CODES.certified);
    expect(result.stderr).toContain(`Certificando ${NOVA} no serviço ${stack.url}\n`);
    expect(result.stderr).toContain('  Iniciando 6 testes de certificação\n');
    expect(result.stderr).toMatch(/^ {2}basic-completion\s+passed\s+\d+ ms$/m);
    expect(result.stdout).toMatch(/^TESTE\s+RESULTADO\s+LATÊNCIA\s+DETALHE$/m);
    // Test names and statuses are the API's vocabulary, the same in both languages.
    expect(result.stdout).toMatch(/^basic-completion\s+passed\s+\d+ ms$/m);
    expect(result.stdout).toMatch(/^Status\s+certified \(6\/6 aprovados, 100%\)$/m);
    expect(result.stdout).toMatch(
      new RegExp(`^Modelo\\s+${NOVA.replace(/\./g, '\\.')} em us-east-1$`, 'm'),
    );
    expect(result.stdout).toMatch(/^Latência média\s+\d+ ms$/m);
    expect(result.stdout).toMatch(/^Custo estimado\s+US\$\s0,\d+$/m);
    expect(result.stdout).toMatch(/^Certificado em\s+\d\d\/\d\d\/\d{4}, \d\d:\d\d:\d\d UTC$/m);
    expect(result.stdout).not.toMatch(/Avg latency|Est\. cost|Expires at/);
    expect(result.languages.every((language) => language === 'pt-BR')).toBe(true);
  });

  it('--format json is the same bytes in both languages, for one model and for a batch', async () => {
    // Certified once first, so both languages read the same cached results.
    await certify([NOVA, R1, '--sub', 'pt-json']);

    const one = [await certify([NOVA, '--json']), await certify([NOVA, '--json'], PT)];
    const batch = [
      await certify([NOVA, R1, '--format', 'json', '--require', 'toolUse,streaming']),
      await certify([NOVA, R1, '--format', 'json', '--require', 'toolUse,streaming'], PT),
    ];

    expect(one[1]?.stdout).toBe(one[0]?.stdout);
    expect(JSON.parse(one[0]?.stdout ?? '')).toMatchObject({ modelId: NOVA, cached: true });
    expect(batch[1]?.stdout).toBe(batch[0]?.stdout);
    expect(batch[1]?.code).toBe(batch[0]?.code);
    expect(batch[0]?.code).toBe(EXIT_CODES.notCertified);
    const body = JSON.parse(batch[0]?.stdout ?? '') as {
      models: { modelId: string; checks: { gate: string; actual: string }[] }[];
    };
    expect(body.models[1]?.checks).toContainEqual(
      expect.objectContaining({ gate: 'toolUse', actual: 'false' }),
    );
    // Only stderr changed language.
    expect(batch[1]?.stderr).toContain(
      `${R1}: failed (5/6 aprovados, do cache); critério: fail — toolUse: false`,
    );
  });

  it('the batch table and Markdown in Portuguese', async () => {
    const table = await certify([NOVA, R1], PT);
    const markdown = await certify([NOVA, R1, '--format', 'markdown'], PT);

    expect(table.code).toBe(EXIT_CODES.notCertified);
    expect(table.stderr).toContain('Certificando 2 modelos no serviço');
    expect(table.stderr).toContain('em um lote');
    expect(table.stdout).toMatch(/^MODELO\s+STATUS\s+CRITÉRIO\s+TESTES\s+TTFT/m);
    expect(table.stdout).toContain('1 de 2 modelos passam (certified).');
    expect(table.stdout).toContain('Por que não:');
    expect(table.stdout).toContain('critério: fail — failed (5/6 aprovados)');
    expect(table.stdout).toContain('FEATURE_UNSUPPORTED (tool-use): ');
    expect(markdown.stdout).toContain('## Certificação de modelos do Bedrock');
    expect(markdown.stdout).toContain(
      '| Modelo | Status | Critério | Testes | Streaming | Prompt de sistema |',
    );
    expect(markdown.stdout).toContain('<summary>Por que um modelo não passa</summary>');
    expect(markdown.stdout).toMatch(/<sub>Resultados de \d\d\/\d\d\/\d{4}, /);
  });

  it('--list and --usage in Portuguese; their JSON the same in both languages', async () => {
    const list = await certify(['--list'], PT);
    const usage = await certify(['--usage', '--sub', 'pt-one'], PT);
    const listJson = [
      await certify(['--list', '--format', 'json']),
      await certify(['--list', '--format', 'json'], PT),
    ];
    const usageJson = [
      await certify(['--usage', '--json', '--sub', 'pt-one']),
      await certify(['--usage', '--json', '--sub', 'pt-one'], PT),
    ];

    expect(list.stdout).toMatch(/^MODELO\s+NOME\s+TIPO\s+STATUS/m);
    expect(list.stdout).toMatch(/^\d+ modelos em us-east-1: .*\d+ sem resultado\.$/m);
    expect(list.stdout).toContain('* servido só por perfis de inferência');
    expect(usage.stdout).toMatch(/^Mês\s+\d{4}-\d\d$/m);
    expect(usage.stdout).toMatch(/^Certificações\s+1 \(respostas do cache são grátis\)$/m);
    expect(usage.stdout).toMatch(/^Cota\s+1 de 50 usadas, 49 restantes neste mês$/m);
    expect(listJson[1]?.stdout).toBe(listJson[0]?.stdout);
    expect(usageJson[1]?.stdout).toBe(usageJson[0]?.stdout);
  });

  it('a usage error and a service error in Portuguese, with the same codes and exit codes', async () => {
    const usage = await certify([NOVA, '--requires', 'toolUse'], PT);
    const month = await certify(['--usage', '--month', '2026-13'], PT);
    const refused = await certify([NOVA, '--token', stack.token('pt-expired', -60)], PT);

    expect(usage).toMatchObject({ code: EXIT_CODES.error, stdout: '' });
    expect(usage.stderr).toBe(
      'erro: USAGE_ERROR: opção desconhecida --requires; você quis dizer --require?\nExecute com --help para ver como usar.\n',
    );
    expect(month.code).toBe(EXIT_CODES.error);
    expect(month.stderr).toMatch(/^erro: INVALID_MONTH: --month deve ser um mês UTC/);
    expect(refused.code).toBe(EXIT_CODES.error);
    // The service's own message, in Portuguese because the CLI asked for it.
    expect(refused.stderr).toContain(
      `erro: UNAUTHORIZED (401): ${translate('pt-BR', 'api.unauthorized')}\n`,
    );
  });

  it('--help in Portuguese, naming --lang', async () => {
    const help = await certify(['--help'], PT);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Uso: npm run -s certify -- <modelId>\.\.\. \[opções\]$/m);
    expect(help.stdout).toContain('--suite S           core (6 testes) ou full (13 testes);');
    expect(help.stdout).toContain('--lang L            en ou pt-BR');
    expect((await certify(['--help'])).stdout).toContain('--lang L            en or pt-BR');
  });
});

describe('machine formats with an item the service could not run', () => {
  it('JSON and JUnit keep English, and ask the service for English; the table asks for Portuguese', async () => {
    // The service answers in the language asked for, as the real one does.
    const fetch = fakeFetch((request) => {
      const portuguese = request.headers.get('accept-language') === 'pt-BR';
      const cached = { ...sampleCertification({ modelId: NOVA }), cached: true };
      return eventsResponse([
        { type: 'complete', certification: cached, modelId: NOVA, region: 'us-east-1' },
        {
          type: 'error',
          code: 'QUOTA_EXCEEDED',
          message: portuguese ? 'A cota mensal acabou.' : 'The monthly quota is used up.',
          modelId: R1,
          region: 'us-east-1',
        },
        {
          type: 'batch-complete',
          summary: { certified: 1, failed: 0, unavailable: 0, cached: 1, errors: 1 },
        },
      ] as unknown as CertificationEvent[]);
    });
    const cli = async (argv: string[], env: Record<string, string> = {}) => {
      const stdout = captureOutput();
      const stderr = captureOutput();
      const code = await runCertifyCli([NOVA, R1, '--token', 'T', ...argv], {
        stdout,
        stderr,
        env,
        fetch,
      });
      return { code, stdout: stdout.text, stderr: stderr.text };
    };

    const json = [await cli(['--format', 'json']), await cli(['--format', 'json'], PT)];
    const junit = [await cli(['--format', 'junit']), await cli(['--format', 'junit'], PT)];
    const table = await cli([], PT);

    expect(json[1]?.stdout).toBe(json[0]?.stdout);
    expect(JSON.parse(json[0]?.stdout ?? '')).toMatchObject({
      models: [
        { modelId: NOVA, outcome: 'pass' },
        {
          modelId: R1,
          outcome: 'error',
          error: { code: 'QUOTA_EXCEEDED', message: 'The monthly quota is used up.' },
        },
      ],
    });
    expect(junit[1]?.stdout).toBe(junit[0]?.stdout);
    expect(json.map((result) => result.code)).toEqual([EXIT_CODES.error, EXIT_CODES.error]);
    // stderr still speaks the CLI's language around the service's words.
    expect(json[1]?.stderr).toContain(`${R1}: error (QUOTA_EXCEEDED, não executado)\n`);
    expect(table.stderr).toContain('erro: QUOTA_EXCEEDED: A cota mensal acabou.');
    expect(table.stdout).toContain(`  ${R1}\n    QUOTA_EXCEEDED: A cota mensal acabou.`);
    const languages = fetch.requests.map((request) => request.headers.get('accept-language'));
    expect(languages).toEqual([null, null, null, null, 'pt-BR']);
  });
});

describe('choosing the language', () => {
  const words = async (env: Record<string, string>, argv: string[] = []) =>
    (await run(runCertifyCli, ['--bogus', ...argv], env, null)).stderr;
  const english = /^error: USAGE_ERROR: unknown option --bogus\.\nRun with --help for usage\.\n$/;
  const portuguese = /^erro: USAGE_ERROR: opção desconhecida --bogus\./;

  it('--lang first, then LC_ALL, LC_MESSAGES and LANG; anything else is English', async () => {
    expect(await words({})).toMatch(english);
    expect(await words({ LANG: 'pt_BR.UTF-8' })).toMatch(portuguese);
    expect(await words({ LANG: 'pt_BR.UTF-8' }, ['--lang', 'en'])).toMatch(english);
    expect(await words({}, ['--lang=pt-BR'])).toMatch(portuguese);
    expect(await words({ LANG: 'pt_BR.UTF-8', LC_ALL: 'en_US.UTF-8' })).toMatch(english);
    expect(await words({ LANG: 'en_US.UTF-8', LC_MESSAGES: 'pt_BR.UTF-8' })).toMatch(portuguese);
    expect(await words({ LANG: 'fr_FR.UTF-8' })).toMatch(english);
    expect(await words({}, ['--lang', 'fr'])).toMatch(english);
  });
});

describe('npm run usage-report in Brazilian Portuguese', () => {
  it('the table in Portuguese, CSV and JSON the same in both languages, a refusal with its hint', async () => {
    await certify([NOVA, '--sub', 'pt-report']);

    const table = await run(runUsageReportCli, [], PT);
    const csv = [
      await run(runUsageReportCli, ['--format', 'csv']),
      await run(runUsageReportCli, ['--format', 'csv'], PT),
    ];
    const json = [
      await run(runUsageReportCli, ['--format', 'json']),
      await run(runUsageReportCli, ['--format', 'json'], PT),
    ];
    const refused = await run(runUsageReportCli, ['--token', stack.token('pt-not-admin')], PT);

    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^Uso em \d{4}-\d\d \(\d+ usuários?\)$/m);
    expect(table.stdout).toMatch(
      /^usuário \(sub\)\s+certificações\s+tokens de entrada\s+tokens de saída\s+custo est\. \(USD\)$/m,
    );
    expect(table.stdout).toMatch(/^total geral\s+\d+\s+[\d.]+\s+[\d.]+\s+US\$\s0,\d+$/m);
    expect(csv[1]?.stdout).toBe(csv[0]?.stdout);
    expect(json[1]?.stdout).toBe(json[0]?.stdout);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe(
      `erro: FORBIDDEN (403): ${translate('pt-BR', 'api.adminsOnly', { group: 'admins' })} ${translate('pt-BR', 'cli.usageReport.operators')}\n`,
    );
  });
});

describe('npm run smoke in Brazilian Portuguese', () => {
  it('one Portuguese line per check, the same checks and exit codes', async () => {
    const result = await run(
      runSmokeCli,
      ['--url', stack.url, '--token', stack.token('pt-smoke'), '--model', NOVA],
      PT,
      null,
    );
    const lines = result.stdout.split('\n').filter((line) => /^[✓✗-] /.test(line));

    expect(result.code).toBe(SMOKE_EXIT_CODES.passed);
    expect(result.stdout.startsWith(`Teste de fumaça de ${stack.url} com ${NOVA}\n`)).toBe(true);
    expect(lines.map((line) => line.slice(0, 2))).toEqual(SMOKE_CHECKS.map(() => '✓ '));
    expect(lines.map((line) => line.slice(2).split(/\s{2,}/)[0])).toEqual([
      'saúde',
      'recusa sem token',
      'token aceito',
      'formato do stream',
      'certificação',
      'resposta do cache',
      'stream com ticket',
      'catálogo',
      'uso',
    ]);
    expect(result.stdout).toContain(`${NOVA} certificado em us-east-1, 6/6 testes`);
    expect(result.stdout).toMatch(/✓ uso\s+\d+ certificaç(ão|ões) em \d{4}-\d\d, ~US\$\s0,\d{4}\n/);
    expect(result.stdout).toContain('As 9 verificações passaram.');

    const refused = await run(runSmokeCli, ['--url', stack.url, '--token', 'nope'], PT, null);
    expect(refused.code).toBe(SMOKE_EXIT_CODES.failed);
    expect(refused.stdout).toContain(
      '✗ token aceito       401 UNAUTHORIZED, esperado 200 (o token não foi aceito)',
    );
    expect(refused.stdout).toContain('- formato do stream  pulada: depende de token aceito');
    expect(refused.stdout).toContain('2 passaram, 1 falharam, 6 puladas.');

    const usage = await run(runSmokeCli, ['--token', 't'], PT, null);
    expect(usage.code).toBe(SMOKE_EXIT_CODES.usage);
    expect(usage.stderr).toBe(
      'erro: USAGE_ERROR: informe a URL do serviço com --url (ou CERTIFICATION_URL).\nExecute com --help para ver como usar.\n',
    );
  });
});
