/**
 * A hand-written stand-in for `BedrockRuntimeClient`: it records every command, tracks how
 * many calls are in flight, honours (or, on request, ignores) the abort signal, and lets each
 * test decide the answer per call. A default "obedient model" answers every probe correctly.
 */
import type { ConverseCommand } from '@aws-sdk/client-bedrock-runtime';
import {
  ConverseStreamCommand,
  type ContentBlock,
  type ConverseCommandInput,
  type ConverseCommandOutput,
  type ConverseStreamCommandOutput,
  type ConverseStreamOutput,
} from '@aws-sdk/client-bedrock-runtime';
import type { ConverseClient, SendOptions } from '../../../shared/certification/converse-client.js';
import type { TestName } from '../../../shared/types.js';
import { decodePng, readText } from '../../../local/bedrock-simulator/image-reader.js';

const NONCE = /\b[A-Z]{4}-\d{4}\b/;

/** One call as the fake saw it. */
export interface FakeCall {
  kind: 'converse' | 'stream';
  input: ConverseCommandInput;
  /** Which probe sent it (inferred from the request shape). */
  probe: TestName;
  /** The nonce of the last user turn or, for system-prompt, of the system text. */
  nonce: string;
  maxTokens: number | undefined;
  signal: AbortSignal | undefined;
}

/** A Converse answer, in the shape the SDK returns. */
export type ConverseReply = Omit<ConverseCommandOutput, '$metadata'>;

/** What a handler returns: a Converse answer or stream events (an async iterable may throw). */
export type FakeReply =
  ConverseReply | { events: AsyncIterable<ConverseStreamOutput> | Iterable<ConverseStreamOutput> };

export type FakeHandler = (
  call: FakeCall,
  fake: FakeConverseClient,
) => FakeReply | Promise<FakeReply>;

/** Infers the probe from the request (the fake must not depend on exact wording). */
export function probeOf(kind: FakeCall['kind'], input: ConverseCommandInput): TestName {
  if (input.outputConfig !== undefined) return 'structured-output';
  if (input.toolConfig?.toolChoice?.any !== undefined) return 'tool-choice';
  if (input.toolConfig !== undefined) return 'tool-use';
  if (kind === 'stream') return 'streaming-test';
  if ((input.system ?? []).some((block) => 'cachePoint' in block && block.cachePoint))
    return 'prompt-caching';
  if (input.system !== undefined && input.system.length > 0) return 'system-prompt';
  const blocks = (input.messages ?? []).flatMap((message) => message.content ?? []);
  if (blocks.some((block) => block.image !== undefined)) return 'image-input';
  const document = blocks.find((block) => block.document !== undefined)?.document;
  if (document !== undefined)
    return document.citations?.enabled === true ? 'citations' : 'document-input';
  if (/think it over/i.test(lastUserText(input))) return 'reasoning';
  if ((input.messages?.length ?? 0) > 1) return 'multi-turn';
  const text = lastUserText(input);
  if (/JSON/.test(text)) return 'json-output';
  return 'basic-completion';
}

function lastUserText(input: ConverseCommandInput): string {
  const users = (input.messages ?? []).filter((message) => message.role === 'user');
  const last = users[users.length - 1];
  return (last?.content ?? []).map((block) => block.text ?? '').join(' ');
}

function allText(input: ConverseCommandInput): string {
  const system = (input.system ?? [])
    .map((block) => ('text' in block ? (block.text ?? '') : ''))
    .join(' ');
  const messages = (input.messages ?? [])
    .flatMap((message) => (message.content ?? []).map((block) => block.text ?? ''))
    .join(' ');
  return `${system} ${messages}`;
}

/** What the request's images show (read as the simulator reads them) and its documents say. */
function attachedText(input: ConverseCommandInput): string {
  return (input.messages ?? [])
    .flatMap((message) => message.content ?? [])
    .map((block) => {
      const image = block.image?.source?.bytes;
      if (image !== undefined) {
        const bitmap = decodePng(image);
        return bitmap === undefined ? '' : readText(bitmap);
      }
      const source = block.document?.source;
      if (source?.text !== undefined) return source.text;
      return source?.bytes === undefined ? '' : new TextDecoder().decode(source.bytes);
    })
    .join(' ');
}

export class FakeConverseClient implements ConverseClient {
  readonly calls: FakeCall[] = [];
  active = 0;
  maxActive = 0;
  /** Calls whose signal aborted while they were in flight. */
  aborted = 0;
  /** When true, the fake ignores abort signals (a misbehaving client). */
  ignoreAbort = false;
  private readonly waiters: { count: number; resolve: () => void }[] = [];

  constructor(private readonly handler: FakeHandler = obedientModel) {}

  /** Resolves once `count` calls have been received. */
  waitForCalls(count: number): Promise<void> {
    if (this.calls.length >= count) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ count, resolve }));
  }

  send(command: ConverseStreamCommand, options?: SendOptions): Promise<ConverseStreamCommandOutput>;
  send(command: ConverseCommand, options?: SendOptions): Promise<ConverseCommandOutput>;
  async send(
    command: ConverseCommand | ConverseStreamCommand,
    options?: SendOptions,
  ): Promise<ConverseCommandOutput | ConverseStreamCommandOutput> {
    const kind = command instanceof ConverseStreamCommand ? 'stream' : 'converse';
    const input: ConverseCommandInput = command.input;
    const probe = probeOf(kind, input);
    const text =
      probe === 'system-prompt' || probe === 'multi-turn' || probe === 'prompt-caching'
        ? allText(input)
        : probe === 'image-input' || probe === 'document-input' || probe === 'citations'
          ? attachedText(input)
          : lastUserText(input);
    const call: FakeCall = {
      kind,
      input,
      probe,
      nonce: NONCE.exec(text)?.[0] ?? '',
      maxTokens: input.inferenceConfig?.maxTokens,
      signal: options?.abortSignal,
    };
    this.calls.push(call);
    for (const waiter of this.waiters.filter((w) => this.calls.length >= w.count)) {
      this.waiters.splice(this.waiters.indexOf(waiter), 1);
      waiter.resolve();
    }
    this.active++;
    this.maxActive = Math.max(this.maxActive, this.active);
    let done = false;
    const finish = (): void => {
      if (done) return;
      done = true;
      this.active--;
    };
    const signal = options?.abortSignal;
    const onAbort = (): void => {
      if (!done) this.aborted++;
      finish();
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const reply = await this.abortable(Promise.resolve(this.handler(call, this)), signal);
      if (!('events' in reply)) {
        finish();
        return { $metadata: {}, ...reply };
      }
      return { $metadata: {}, stream: this.streamOf(reply.events, signal, finish) };
    } catch (error) {
      finish();
      throw error;
    }
  }

  private abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
    if (signal === undefined || this.ignoreAbort) return promise;
    return new Promise<T>((resolve, reject) => {
      const abortError = (): Error =>
        Object.assign(new Error('Request aborted'), { name: 'AbortError' });
      if (signal.aborted) return reject(abortError());
      signal.addEventListener('abort', () => reject(abortError()), { once: true });
      promise.then(resolve, reject);
    });
  }

  private async *streamOf(
    events: AsyncIterable<ConverseStreamOutput> | Iterable<ConverseStreamOutput>,
    signal: AbortSignal | undefined,
    finish: () => void,
  ): AsyncGenerator<ConverseStreamOutput> {
    try {
      for await (const event of events) {
        if (signal?.aborted && !this.ignoreAbort)
          throw Object.assign(new Error('Request aborted'), { name: 'AbortError' });
        yield event;
      }
    } finally {
      finish();
    }
  }
}

/** A Converse text answer. */
export function textReply(
  text: string,
  options: { stopReason?: string; reasoning?: string; outputTokens?: number } = {},
): ConverseReply {
  const content: ContentBlock[] = [];
  if (options.reasoning !== undefined)
    content.push({ reasoningContent: { reasoningText: { text: options.reasoning } } });
  if (text !== '') content.push({ text });
  const outputTokens = options.outputTokens ?? Math.max(1, Math.ceil(text.length / 4));
  return {
    output: { message: { role: 'assistant', content } },
    stopReason: (options.stopReason ?? 'end_turn') as ConverseReply['stopReason'],
    usage: { inputTokens: 20, outputTokens, totalTokens: 20 + outputTokens },
    metrics: { latencyMs: 1 },
  };
}

/** An answer drawn from a document with citations enabled. */
export function citedReply(text: string, cited: string): ConverseReply {
  return {
    output: {
      message: {
        role: 'assistant',
        content: [
          {
            citationsContent: {
              content: [{ text }],
              citations: [
                {
                  title: 'verification note',
                  sourceContent: [{ text: cited }],
                  location: {
                    documentChar: { documentIndex: 0, start: 19, end: 19 + cited.length },
                  },
                },
              ],
            },
          },
        ],
      },
    },
    stopReason: 'end_turn',
    usage: { inputTokens: 60, outputTokens: 8, totalTokens: 68 },
    metrics: { latencyMs: 1 },
  };
}

/** A text answer whose prompt of 1,300 tokens was written to, or read from, the prompt cache. */
export function cachedReply(text: string, cache: 'write' | 'read' | 'none'): ConverseReply {
  const cached =
    cache === 'none'
      ? {}
      : cache === 'write'
        ? { cacheWriteInputTokens: 1_300 }
        : { cacheReadInputTokens: 1_300 };
  return {
    output: { message: { role: 'assistant', content: [{ text }] } },
    stopReason: 'end_turn',
    usage: {
      inputTokens: cache === 'none' ? 1_320 : 20,
      outputTokens: 4,
      totalTokens: 1_324,
      ...(cache === 'none' ? {} : { cacheReadInputTokens: 0, cacheWriteInputTokens: 0 }),
      ...cached,
    },
    metrics: { latencyMs: 1 },
  };
}

/** A Converse tool call. */
export function toolReply(name: string, input: unknown): ConverseReply {
  return {
    output: {
      message: {
        role: 'assistant',
        content: [
          { text: 'Calling the tool.' },
          { toolUse: { toolUseId: 't1', name, input: input as never } },
        ],
      },
    },
    stopReason: 'tool_use',
    usage: { inputTokens: 400, outputTokens: 30, totalTokens: 430 },
    metrics: { latencyMs: 1 },
  };
}

/** Stream events for a text answer, split into deltas. */
export function textStream(
  text: string,
  options: { stopReason?: string; metadata?: boolean; reasoning?: string } = {},
): ConverseStreamOutput[] {
  const events: ConverseStreamOutput[] = [{ messageStart: { role: 'assistant' } }];
  let index = 0;
  if (options.reasoning !== undefined) {
    events.push({
      contentBlockDelta: {
        contentBlockIndex: index,
        delta: { reasoningContent: { text: options.reasoning } },
      },
    });
    events.push({ contentBlockStop: { contentBlockIndex: index } });
    index++;
  }
  for (let i = 0; i < text.length; i += 3) {
    events.push({
      contentBlockDelta: { contentBlockIndex: index, delta: { text: text.slice(i, i + 3) } },
    });
  }
  if (text !== '') events.push({ contentBlockStop: { contentBlockIndex: index } });
  events.push({ messageStop: { stopReason: (options.stopReason ?? 'end_turn') as never } });
  if (options.metadata !== false) {
    const outputTokens = Math.max(1, Math.ceil(text.length / 4));
    events.push({
      metadata: {
        usage: { inputTokens: 20, outputTokens, totalTokens: 20 + outputTokens },
        metrics: { latencyMs: 1 },
      },
    });
  }
  return events;
}

/** Stream events for a tool call, the JSON input split across deltas. */
export function toolStream(name: string, input: unknown): ConverseStreamOutput[] {
  const json = JSON.stringify(input);
  return [
    { messageStart: { role: 'assistant' } },
    { contentBlockDelta: { contentBlockIndex: 0, delta: { text: 'Calling the tool.' } } },
    { contentBlockStop: { contentBlockIndex: 0 } },
    { contentBlockStart: { contentBlockIndex: 1, start: { toolUse: { toolUseId: 't1', name } } } },
    {
      contentBlockDelta: { contentBlockIndex: 1, delta: { toolUse: { input: json.slice(0, 5) } } },
    },
    { contentBlockDelta: { contentBlockIndex: 1, delta: { toolUse: { input: json.slice(5) } } } },
    { contentBlockStop: { contentBlockIndex: 1 } },
    { messageStop: { stopReason: 'tool_use' } },
    {
      metadata: {
        usage: { inputTokens: 400, outputTokens: 30, totalTokens: 430 },
        metrics: { latencyMs: 1 },
      },
    },
  ];
}

/** The correct answer to every probe. */
export function obedientModel(call: FakeCall, fake?: FakeConverseClient): FakeReply {
  switch (call.probe) {
    case 'image-input':
    case 'document-input':
      return textReply(call.nonce);
    case 'citations':
      return citedReply(call.nonce, `The verification code is ${call.nonce}.`);
    case 'reasoning':
      return textReply(call.nonce, { reasoning: 'The user wants the code back.' });
    case 'prompt-caching': {
      // The first call of a nonce writes the cache, the second reads it.
      const earlier = (fake?.calls ?? []).filter(
        (other) => other.probe === 'prompt-caching' && other.nonce === call.nonce,
      ).length;
      return cachedReply(call.nonce, earlier > 1 ? 'read' : 'write');
    }
    case 'structured-output':
      return textReply(JSON.stringify({ code: call.nonce, status: 'verified' }));
    case 'tool-choice':
      return toolReply('archive_code', { code: call.nonce });
    case 'streaming-test':
      return { events: textStream(call.nonce) };
    case 'tool-use':
      return call.kind === 'stream'
        ? { events: toolStream('record_code', { code: call.nonce }) }
        : toolReply('record_code', { code: call.nonce });
    case 'json-output':
      return textReply(JSON.stringify({ code: call.nonce, ok: true }));
    case 'system-prompt':
      return textReply(`Red is a primary color. ${call.nonce}`);
    case 'multi-turn':
      return textReply(`The code is ${call.nonce}.`);
    case 'basic-completion':
      return textReply(call.nonce);
  }
}

/** A fluent answer that ignores every instruction. */
export function evasiveModel(call: FakeCall): FakeReply {
  const prose =
    'Happy to help! Here is a friendly, detailed explanation instead of what you asked for.';
  return call.kind === 'stream' ? { events: textStream(prose) } : textReply(prose);
}

/** Never answers (until aborted, unless the fake ignores aborts). */
export function never(): Promise<FakeReply> {
  return new Promise<FakeReply>(() => undefined);
}
