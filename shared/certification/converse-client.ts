import type {
  ConverseCommand,
  ConverseCommandOutput,
  ConverseStreamCommand,
  ConverseStreamCommandOutput,
} from '@aws-sdk/client-bedrock-runtime';

/** Per-call options the engine passes to every SDK call. */
export interface SendOptions {
  /** Aborting it cancels the HTTP request (and a running event stream) at once. */
  abortSignal?: AbortSignal;
}

/**
 * The slice of `BedrockRuntimeClient` the engine needs. Narrow on purpose so tests can inject
 * a small hand-written fake instead of mocking modules.
 */
export interface ConverseClient {
  send(command: ConverseStreamCommand, options?: SendOptions): Promise<ConverseStreamCommandOutput>;
  send(command: ConverseCommand, options?: SendOptions): Promise<ConverseCommandOutput>;
}
