/**
 * The texts the page's script builds, in Brazilian Portuguese: messages, the batch status line
 * and row markers, the usage line and the output speed, with numbers, money, dates and relative
 * times as Intl writes them in pt-BR. DOM-free, so they run in Node; the browser test checks the
 * same views on a live page.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RateLimitedApiError, UnauthorizedApiError } from '../../client/index.js';
import {
  createBatch,
  reduceBatch,
  type BatchEvent,
  type BatchState,
} from '../../web/batch-state.js';
import { setPageLocale } from '../../web/i18n.js';
import {
  badModelLinkMessage,
  batchRowText,
  batchStatusText,
  batchWaitAnnouncement,
  CANCELLED_MESSAGE,
  describeError,
  progressValueText,
} from '../../web/messages.js';
import { describeOutputSpeed } from '../../web/output-speed.js';
import { usageText } from '../../web/usage-view.js';

const T0 = Date.parse('2026-11-24T12:00:00Z');
const NOVA = 'amazon.nova-lite-v1:0';
const SONNET = 'anthropic.claude-sonnet-4-5-20250929-v1:0';
const LLAMA = 'meta.llama3-3-70b-instruct-v1:0';
const ITEMS = [NOVA, SONNET, LLAMA].map((key) => ({ key, target: key }));

const apply = (state: BatchState, ...events: BatchEvent[]): BatchState =>
  events.reduce(reduceBatch, state);

beforeEach(() => setPageLocale('pt-BR'));
afterEach(() => setPageLocale('en'));

describe('the page in Brazilian Portuguese', () => {
  it('says an expired token with the date and the time since in pt-BR', () => {
    const error = new UnauthorizedApiError({
      status: 401,
      code: 'UNAUTHORIZED',
      message: 'É preciso um token bearer válido.',
    });
    const now = Date.parse('2026-11-24T12:10:00Z');
    expect(describeError(error, { tokenExpiresAt: new Date(T0), now })).toEqual({
      kind: 'expired',
      title: 'Seu token expirou',
      detail:
        'Ele expirou em 24 de nov. de 2026, 12:00:00 UTC (há 10 minutos). Obtenha um novo token de acesso e cole-o acima.',
    });
    const limited = describeError(
      new RateLimitedApiError({
        status: 429,
        code: 'RATE_LIMITED',
        message: 'x',
        retryAfterSeconds: 75,
      }),
    );
    expect(limited.title).toBe('Limite de requisições atingido (429)');
    expect(limited.detail).toBe(
      'Foram iniciadas certificações demais com este token no último minuto. Você pode certificar de novo em 1 min 15 s.',
    );
    expect(CANCELLED_MESSAGE.title).toBe('Você parou de acompanhar');
    expect(badModelLinkMessage('não é modelo').title).toBe('Este link não indica um modelo válido');
  });

  it('counts a batch by outcome, with the plural each count takes', () => {
    const done = apply(
      createBatch(ITEMS, T0),
      { type: 'sent', key: NOVA },
      { type: 'complete', key: NOVA, status: 'certified', cached: false },
      { type: 'complete', key: SONNET, status: 'unavailable', cached: false },
      { type: 'complete', key: LLAMA, status: 'unavailable', cached: false },
    );
    expect(batchStatusText(done, T0)).toBe('Concluído: 1 certificado, 2 indisponíveis.');
    const failed = apply(
      createBatch(ITEMS.slice(0, 2), T0),
      { type: 'complete', key: NOVA, status: 'failed', cached: true },
      { type: 'error', key: SONNET, reason: 'Cota mensal esgotada (429)' },
    );
    expect(batchStatusText(failed, T0)).toBe(
      `Concluído: 1 do cache, 1 não pôde ser certificado (${SONNET}: Cota mensal esgotada (429)).`,
    );
  });

  it('says what runs, what waits for the rate limit and what Stop did', () => {
    const running = apply(
      createBatch(ITEMS, T0),
      ...ITEMS.map(({ key }) => ({ type: 'sent' as const, key })),
      { type: 'progress', key: NOVA, current: 2, total: 6 },
      { type: 'complete', key: LLAMA, status: 'certified', cached: false },
    );
    expect(batchStatusText(running, T0 + 1_500_000)).toBe(
      'Certificando 3 modelos: 1 de 3 concluídos (1 certificado) · 1 em execução · 1 na fila · faltam cerca de 50 min',
    );
    expect(running.items[0] && batchRowText(running.items[0], T0)).toBe('em execução 2/6');

    const waiting = apply(
      createBatch(ITEMS.slice(0, 2), T0),
      { type: 'waiting', key: NOVA, retryAt: T0 + 12_000 },
      { type: 'waiting', key: SONNET, retryAt: T0 + 12_000 },
    );
    expect(batchStatusText(waiting, T0)).toBe(
      'Aguardando o limite de requisições: o lote será enviado de novo em 12 s · 0 de 2 concluídos · faltam 2',
    );
    expect(batchWaitAnnouncement(waiting, T0)).toBe(
      'Limite de requisições atingido: aguardando 12 s; depois o lote é enviado de novo sozinho.',
    );
    expect(waiting.items[0] && batchRowText(waiting.items[0], T0 + 2_000)).toBe(
      'aguardando o limite de requisições (10 s)',
    );

    const stopped = apply(
      running,
      { type: 'stop', at: T0 + 1_000 },
      ...ITEMS.map(({ key }) => ({ type: 'abandoned' as const, key })),
    );
    expect(batchStatusText(stopped, T0)).toBe(
      'Parado: 1 de 3 concluídos (1 certificado). 1 que já estava em execução continua em segundo plano; o resultado vai para o cache e conta no uso deste mês. 1 ainda não iniciado pode rodar mesmo assim: o serviço não fica sabendo que a página saiu.',
    );
  });

  it('names one model of a batch, in its Region', () => {
    const cell = apply(
      createBatch([{ key: 'eu', row: NOVA, target: `eu.${NOVA}`, region: 'eu-west-1' }], T0),
      { type: 'progress', key: 'eu', current: 3, total: 6 },
    );
    expect(batchStatusText(cell, T0)).toBe(
      `Certificando eu.${NOVA} em eu-west-1: 3 de 6 testes concluídos.`,
    );
  });

  it("writes the month's usage, a progress value and an output speed as pt-BR writes numbers", () => {
    expect(
      usageText({
        month: '2026-11',
        certifications: 1234,
        inputTokens: 123_456,
        outputTokens: 45_678,
        estimatedCostUsd: 0.0412,
        quota: { limit: 2000, used: 1234, remaining: 766 },
      }),
    ).toMatch(/^Este mês: 1\.234 certificações, ~US\$\s0,041 · cota: restam 766 de 2\.000$/);
    expect(progressValueText(2, 6, 4)).toBe('2 de 6 testes concluídos, 4 em execução');
    expect(
      describeOutputSpeed({
        outputTokensPerSecond: 48.25,
        results: [
          {
            testName: 'streaming-test',
            status: 'passed',
            latencyMs: 400,
            usage: { inputTokens: 15, outputTokens: 120, totalTokens: 135 },
          },
        ],
      }).text,
    ).toBe('48,3 tok/s');
    expect(
      describeOutputSpeed({
        outputTokensPerSecond: 900,
        results: [
          {
            testName: 'streaming-test',
            status: 'passed',
            latencyMs: 400,
            usage: { inputTokens: 15, outputTokens: 1, totalTokens: 16 },
          },
        ],
      }).text,
    ).toBe('— (1 token: resposta curta demais para medir)');
  });
});
