import {
  ConverseCommand,
  ConverseStreamCommand,
  type ConverseCommandInput,
  type ConverseStreamOutput,
} from '@aws-sdk/client-bedrock-runtime';
import { ProbeError } from '../errors.js';
import type { Clock } from '../clock.js';
import type { LogSink } from '../logger.js';
import type { TokenUsage } from '../types.js';
import { abortable } from './abort.js';
import { classifyBedrockError } from './classify-bedrock-error.js';
import type { ConverseClient } from './converse-client.js';
import { createNonce } from './nonce.js';
import {
  StreamReader,
  addUsage,
  readContent,
  toUsage,
  type ModelAnswer,
  type StreamedAnswer,
} from './read-answer.js';
import { retryThrottled, type RetryPolicy } from './retry.js';

/** What a probe may set on a request; the session adds the model id and inference config. */
export type ProbeRequest = Pick<
  ConverseCommandInput,
  'messages' | 'system' | 'toolConfig' | 'additionalModelRequestFields' | 'outputConfig'
>;

/** How one call samples, beyond its output budget. */
export interface CallOptions {
  /**
   * `0` (default) asks for the most deterministic answer; `'model-default'` sends no temperature,
   * for features that refuse one (Claude's extended thinking accepts no temperature change).
   */
  temperature?: 0 | 'model-default';
}

/** Everything a session needs from the engine. */
export interface ProbeSessionOptions {
  client: ConverseClient;
  modelId: string;
  signal: AbortSignal;
  clock: Clock;
  retry: RetryPolicy;
  /** Milliseconds left for this probe (its own timeout or the certification deadline). */
  remainingMs: () => number;
  /** `maxTokens` of the one retry a reasoning model gets when it ran out of room thinking. */
  reasoningMaxTokens: number;
  logger: LogSink;
  /** Nonce source, injectable so tests can predict prompts. */
  nonce?: () => string;
}

/**
 * One probe's access to Bedrock: every call carries the probe's abort signal, is raced against
 * it, retried when throttled, and its token usage is added up (also for probes that fail).
 *
 * Reasoning models: a probe asks for few tokens. When an answer that holds `reasoningContent`
 * stops at `max_tokens`, the thinking ate the budget (the answer is missing or cut short), so
 * that call alone is repeated once with `reasoningMaxTokens`. Models that do not reason never
 * pay for the larger budget (a plain model cut short simply fails the check), and reasoning
 * text is never read as the answer.
 */
export class ProbeSession {
  readonly modelId: string;
  readonly signal: AbortSignal;
  private usageTotal: TokenUsage = { inputTokens: 0, outputTokens: 0, totalTokens: 0 };
  private calls = 0;

  constructor(private readonly options: ProbeSessionOptions) {
    this.modelId = options.modelId;
    this.signal = options.signal;
  }

  /** Tokens spent by this probe so far. */
  get usage(): TokenUsage {
    return { ...this.usageTotal };
  }

  /** Whether any call was answered (a probe that never reached the model reports no usage). */
  get answeredCalls(): number {
    return this.calls;
  }

  /** A fresh nonce for one prompt. */
  nonce(): string {
    return (this.options.nonce ?? createNonce)();
  }

  /** `Converse`, with the reasoning retry described on the class. */
  async converse(
    request: ProbeRequest,
    maxTokens: number,
    options: CallOptions = {},
  ): Promise<ModelAnswer> {
    const answer = await this.converseOnce(request, maxTokens, options);
    // A call that already had the larger budget (the reasoning probe's) is not asked again.
    if (!ranOutThinking(answer) || maxTokens >= this.options.reasoningMaxTokens) return answer;
    this.options.logger.info('Reasoning model ran out of tokens; retrying with a larger budget', {
      modelId: this.modelId,
      maxTokens: this.options.reasoningMaxTokens,
    });
    return this.stillThinking(
      await this.converseOnce(request, this.options.reasoningMaxTokens, options),
    );
  }

  /** `ConverseStream`, consumed to the end, with the same reasoning retry. */
  async converseStream(request: ProbeRequest, maxTokens: number): Promise<StreamedAnswer> {
    const answer = await this.streamOnce(request, maxTokens);
    if (!ranOutThinking(answer)) return answer;
    this.options.logger.info(
      'Reasoning model ran out of tokens while streaming; retrying with a larger budget',
      {
        modelId: this.modelId,
        maxTokens: this.options.reasoningMaxTokens,
      },
    );
    return this.stillThinking(await this.streamOnce(request, this.options.reasoningMaxTokens));
  }

  private stillThinking<T extends ModelAnswer>(answer: T): T {
    if (!ranOutThinking(answer) || answer.text.trim() !== '' || answer.toolCalls.length > 0)
      return answer;
    throw wrongAnswer(
      `The model spent its whole budget of ${this.options.reasoningMaxTokens} tokens reasoning and gave no answer.`,
    );
  }

  private input(
    request: ProbeRequest,
    maxTokens: number,
    options: CallOptions = {},
  ): ConverseCommandInput {
    const temperature = options.temperature === 'model-default' ? {} : { temperature: 0 };
    return { ...request, modelId: this.modelId, inferenceConfig: { maxTokens, ...temperature } };
  }

  private async converseOnce(
    request: ProbeRequest,
    maxTokens: number,
    options: CallOptions,
  ): Promise<ModelAnswer> {
    const { client, signal } = this.options;
    const response = await this.withRetry(() =>
      abortable(
        client.send(new ConverseCommand(this.input(request, maxTokens, options)), {
          abortSignal: signal,
        }),
        signal,
      ),
    );
    const usage = toUsage(response.usage);
    this.record(usage);
    return {
      ...readContent(response.output?.message?.content ?? []),
      stopReason: response.stopReason,
      usage,
    };
  }

  private async streamOnce(request: ProbeRequest, maxTokens: number): Promise<StreamedAnswer> {
    const { client, signal, clock } = this.options;
    return this.withRetry(async () => {
      const sentAt = clock.now();
      const response = await abortable(
        client.send(new ConverseStreamCommand(this.input(request, maxTokens)), {
          abortSignal: signal,
        }),
        signal,
      );
      const reader = new StreamReader(clock);
      const iterator = (response.stream ?? emptyStream())[Symbol.asyncIterator]();
      let finished = false;
      try {
        for (;;) {
          const next = await abortable(iterator.next(), signal);
          if (next.done) break;
          reader.read(next.value);
        }
        finished = true;
      } finally {
        // Leaving early (abort, stream error): release the stream without waiting on it.
        if (!finished) void Promise.resolve(iterator.return?.()).catch(() => undefined);
      }
      this.record(reader.usage);
      return reader.answer(sentAt);
    });
  }

  private withRetry<T>(call: () => Promise<T>): Promise<T> {
    return retryThrottled(call, this.options.retry, {
      signal: this.signal,
      remainingMs: this.options.remainingMs,
    }).catch((error: unknown) => {
      // An abort is the engine's doing; it maps the reason itself.
      if (this.signal.aborted) throw this.signal.reason;
      throw classifyBedrockError(error);
    });
  }

  private record(usage: TokenUsage | undefined): void {
    this.calls++;
    if (usage === undefined) return;
    this.usageTotal = addUsage(this.usageTotal, usage);
  }
}

async function* emptyStream(): AsyncGenerator<ConverseStreamOutput> {}

function ranOutThinking(answer: ModelAnswer): boolean {
  return answer.stopReason === 'max_tokens' && answer.reasoning;
}

/** Thrown by probes when the model answered but not as instructed. */
export function wrongAnswer(message: string): ProbeError {
  return new ProbeError('WRONG_ANSWER', message);
}
