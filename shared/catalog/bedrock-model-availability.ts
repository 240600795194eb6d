import {
  GetFoundationModelAvailabilityCommand,
  type BedrockClient,
  type GetFoundationModelAvailabilityCommandOutput,
} from '@aws-sdk/client-bedrock';
import type { ModelAccess } from '../types.js';
import { toAccess, type ModelAvailabilitySource } from './model-availability.js';

/** Options of {@link BedrockModelAvailability}. */
export interface BedrockModelAvailabilityOptions {
  /** The control plane client of a Region (loaded on first use: `@aws-sdk/client-bedrock` is large). */
  client: (region: string) => Promise<BedrockClient>;
  /** Where a failed call is noted (the answer is `UNKNOWN`, so the operator needs the cause). */
  onError?: (error: unknown, context: { region: string; modelId: string }) => void;
}

/** Errors that say the model is not there for this account: not an outage of the control plane. */
const NOT_THERE = new Set(['ResourceNotFoundException', 'ValidationException']);

/**
 * `GetFoundationModelAvailability` (`GET /foundation-model-availability/{modelId}`, Bedrock API
 * reference), which spends no tokens: the answer's four parts decide (see `toAccess`); an id the
 * Region does not know is `NOT_AVAILABLE`; a call that fails (throttled, denied to the service's
 * role, down) is `UNKNOWN`.
 */
export class BedrockModelAvailability implements ModelAvailabilitySource {
  constructor(private readonly options: BedrockModelAvailabilityOptions) {}

  async access(region: string, modelId: string): Promise<ModelAccess> {
    let answer: GetFoundationModelAvailabilityCommandOutput;
    try {
      const client = await this.options.client(region);
      answer = await client.send(new GetFoundationModelAvailabilityCommand({ modelId }));
    } catch (error) {
      if (error instanceof Error && NOT_THERE.has(error.name)) return 'NOT_AVAILABLE';
      this.options.onError?.(error, { region, modelId });
      return 'UNKNOWN';
    }
    return toAccess(answer);
  }
}
