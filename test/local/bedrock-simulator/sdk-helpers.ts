/** Shared helpers for driving the simulator with the real Bedrock Runtime SDK. */
import { randomInt } from 'node:crypto';
import {
  BedrockRuntimeClient,
  ConverseCommand,
  ConverseStreamCommand,
  type ConverseCommandInput,
  type ConverseCommandOutput,
  type ConverseStreamCommandInput,
  type ConverseStreamOutput,
  type Message,
} from '@aws-sdk/client-bedrock-runtime';
import { expect } from 'vitest';
import {
  startBedrockSimulator,
  type BedrockSimulator,
  type BedrockSimulatorOptions,
} from '../../../local/bedrock-simulator/index.js';
import { useFixture } from '../../support/suite-fixture.js';

/** An SDK client exactly as the service builds it, without retries so each call is one request. */
export function sdkClient(simulator: BedrockSimulator, region = 'us-east-1'): BedrockRuntimeClient {
  return new BedrockRuntimeClient({
    region,
    endpoint: simulator.url,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
}

/** A suite's simulator and the SDK client pointing at it. */
export interface SimulatorFixture {
  readonly simulator: BedrockSimulator;
  readonly client: BedrockRuntimeClient;
}

/**
 * Starts a simulator (default options unless `simulator` gives some) and an {@link sdkClient}
 * for it before the suite, and destroys the client and closes the simulator after it. With
 * `perTest` each test gets its own pair, for tests that read the stats from zero. Read the
 * fields inside tests and hooks only.
 */
export function useSimulator(
  options: { perTest?: boolean; simulator?: BedrockSimulatorOptions } = {},
): SimulatorFixture {
  return useFixture(
    async () => {
      const simulator = await startBedrockSimulator(options.simulator);
      return { simulator, client: sdkClient(simulator) };
    },
    async ({ simulator, client }) => {
      client.destroy();
      await simulator.close();
    },
    options,
  );
}

/** A fresh nonce in the probes' format (`ABCD-1234`). */
export function nonce(): string {
  const letters = Array.from({ length: 4 }, () => String.fromCharCode(65 + randomInt(26))).join('');
  return `${letters}-${String(randomInt(10_000)).padStart(4, '0')}`;
}

/** A one-turn conversation. */
export function ask(text: string): Message[] {
  return [{ role: 'user', content: [{ text }] }];
}

/** Converse, returning the output. */
export function converse(
  client: BedrockRuntimeClient,
  input: ConverseCommandInput,
): Promise<ConverseCommandOutput> {
  return client.send(new ConverseCommand(input));
}

/** ConverseStream, consumed to the end; the events in order. */
export async function converseStream(
  client: BedrockRuntimeClient,
  input: ConverseStreamCommandInput,
): Promise<ConverseStreamOutput[]> {
  const response = await client.send(new ConverseStreamCommand(input));
  const events: ConverseStreamOutput[] = [];
  for await (const event of response.stream ?? []) events.push(event);
  return events;
}

/** Concatenated text of a Converse answer. */
export function textOf(output: ConverseCommandOutput): string {
  return (output.output?.message?.content ?? []).map((block) => block.text ?? '').join('');
}

/** Concatenated text deltas of a stream. */
export function streamedText(events: readonly ConverseStreamOutput[]): string {
  return events.map((event) => event.contentBlockDelta?.delta?.text ?? '').join('');
}

/** The kind of each event, in order (`messageStart`, `contentBlockDelta`, ...). */
export function kinds(events: readonly ConverseStreamOutput[]): string[] {
  return events.map((event) => Object.keys(event).find((key) => key !== '$unknown') ?? '$unknown');
}

/** What a Bedrock exception raised by the SDK should look like. */
export interface ExpectedError {
  name: string;
  status?: number;
  message: string;
}

/** Asserts that `call` rejects with the given SDK exception. */
export async function expectBedrockError(
  call: Promise<unknown>,
  expected: ExpectedError,
): Promise<void> {
  const error = await call.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error, `expected ${expected.name}`).toBeInstanceOf(Error);
  const actual = error as Error & { $metadata?: { httpStatusCode?: number } };
  expect(actual.name).toBe(expected.name);
  expect(actual.message).toBe(expected.message);
  if (expected.status !== undefined) expect(actual.$metadata?.httpStatusCode).toBe(expected.status);
}

/** Polls until `predicate` holds (server-side bookkeeping happens a moment after the client sees the end). */
export async function waitFor(
  predicate: () => boolean,
  what: string,
  timeoutMs = 3_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
