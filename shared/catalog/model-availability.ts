import { systemClock, type Clock } from '../clock.js';
import type { ModelAccess } from '../types.js';

/** Whether this account may invoke a foundation model in a Region, as far as the control plane says. */
export interface ModelAvailabilitySource {
  /** Never rejects: a control plane that does not answer is `UNKNOWN`. */
  access(region: string, modelId: string): Promise<ModelAccess>;
}

/** The parts of a `GetFoundationModelAvailability` answer (strings, as the SDK types them). */
export interface FoundationModelAvailability {
  authorizationStatus?: string;
  entitlementAvailability?: string;
  regionAvailability?: string;
  agreementAvailability?: { status?: string };
}

/**
 * The account's access from the four parts of a `GetFoundationModelAvailability` answer:
 * `AVAILABLE` when it is authorized, entitled and the model is offered in the Region (and no
 * Marketplace agreement failed), else `NOT_AVAILABLE`. An agreement that is merely missing does
 * not count against access: Bedrock subscribes the account on the first invocation ("Access
 * Amazon Bedrock foundation models").
 */
export function toAccess(answer: FoundationModelAvailability): ModelAccess {
  const { authorizationStatus, entitlementAvailability, regionAvailability } = answer;
  if (authorizationStatus === undefined || entitlementAvailability === undefined) return 'UNKNOWN';
  return authorizationStatus === 'AUTHORIZED' &&
    entitlementAvailability === 'AVAILABLE' &&
    regionAvailability === 'AVAILABLE' &&
    answer.agreementAvailability?.status !== 'ERROR'
    ? 'AVAILABLE'
    : 'NOT_AVAILABLE';
}

/** Options of {@link CachedModelAvailability}. */
export interface CachedModelAvailabilityOptions {
  source: ModelAvailabilitySource;
  /** How long an answer is served before the control plane is asked again; 0 asks every time. */
  ttlMs: number;
  clock?: Clock;
}

/**
 * Keeps each Region and model's answer in memory per container for `ttlMs`, like the catalog's
 * listing (`CachedModelListing`): access changes rarely, and a page showing a model's Regions
 * would otherwise ask the control plane of every Region on each load. Concurrent questions
 * share one call; `UNKNOWN` is not kept, so the next question asks again.
 */
export class CachedModelAvailability implements ModelAvailabilitySource {
  private readonly clock: Clock;
  private readonly answers = new Map<string, { access: ModelAccess; at: number }>();
  private readonly inFlight = new Map<string, Promise<ModelAccess>>();

  constructor(private readonly options: CachedModelAvailabilityOptions) {
    this.clock = options.clock ?? systemClock;
  }

  access(region: string, modelId: string): Promise<ModelAccess> {
    const key = `${region}\n${modelId}`;
    const kept = this.answers.get(key);
    if (kept !== undefined && this.clock.now() - kept.at < this.options.ttlMs)
      return Promise.resolve(kept.access);
    let pending = this.inFlight.get(key);
    if (pending === undefined) {
      const at = this.clock.now();
      pending = this.options.source.access(region, modelId).then(
        (access) => {
          this.inFlight.delete(key);
          if (access !== 'UNKNOWN') this.answers.set(key, { access, at });
          return access;
        },
        (error: unknown) => {
          this.inFlight.delete(key);
          throw error;
        },
      );
      this.inFlight.set(key, pending);
    }
    return pending;
  }
}
