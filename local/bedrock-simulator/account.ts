/**
 * The simulated account's own state, which Bedrock keeps per account: whether it is a fresh
 * one (Anthropic's use-case form not submitted yet, no Marketplace subscriptions) and, for a
 * fresh one, when each Marketplace subscription its first calls started completes.
 *
 * Grounded in "Access Amazon Bedrock foundation models" (the first call to a third-party model
 * starts its AWS Marketplace subscription; Anthropic asks for use-case details once per
 * account) and "Troubleshooting Amazon Bedrock API Error Codes" (FTUFormNotFilled,
 * MPAgreementBeingCreated). An established account (the default) has done all of this.
 */
import type { SimulatedModel } from './catalog.js';
import { bedrockErrors, type BedrockError } from './errors.js';

/** `established`: every one-time step done. `fresh`: none yet. */
export type AccountKind = 'established' | 'fresh';

/** Every account kind, for validating settings. */
export const ACCOUNT_KINDS: readonly AccountKind[] = ['established', 'fresh'];

/** What the admin API shows of the account. */
export interface AccountState {
  kind: AccountKind;
  anthropicUseCaseSubmitted: boolean;
  /** How long a Marketplace subscription takes here (the data file's minutes, time-scaled). */
  marketplaceSubscriptionMs: number;
  /** Subscriptions the account's first calls started, by foundation model id. */
  marketplaceSubscriptions: Record<string, { startedAt: string; completesAt: string }>;
}

/**
 * Where a fresh account's one-time steps leave a model: its Marketplace agreement (`PENDING`
 * while the subscription its first call started is processed) and whether it may be invoked yet.
 */
export interface OneTimeStanding {
  agreement: 'NOT_AVAILABLE' | 'PENDING' | 'AVAILABLE';
  entitled: boolean;
}

/** How a simulated account is set up. */
export interface SimulatedAccountOptions {
  kind: AccountKind;
  /** How long a Marketplace subscription takes to complete, in ms (0: at once). */
  marketplaceSubscriptionMs: number;
  /** The clock subscriptions are timed with; `Date.now` by default. */
  now?: () => number;
}

/** One account's one-time steps: Anthropic's use-case form and Marketplace subscriptions. */
export class SimulatedAccount {
  private kindValue: AccountKind;
  private useCaseSubmitted: boolean;
  private readonly subscriptions = new Map<string, number>();
  private readonly now: () => number;
  private readonly subscriptionMs: number;

  constructor(options: SimulatedAccountOptions) {
    this.kindValue = options.kind;
    this.useCaseSubmitted = options.kind === 'established';
    this.subscriptionMs = options.marketplaceSubscriptionMs;
    this.now = options.now ?? Date.now;
  }

  get kind(): AccountKind {
    return this.kindValue;
  }

  /** Starts over as a fresh or an established account. */
  reset(kind: AccountKind): void {
    this.kindValue = kind;
    this.useCaseSubmitted = kind === 'established';
    this.subscriptions.clear();
  }

  /** What submitting the form in the console (or `PutUseCaseForModelAccess`) does. */
  submitAnthropicUseCase(): void {
    this.useCaseSubmitted = true;
  }

  /**
   * The refusal this account gives a call to `model` now, or `undefined` when the call may go
   * on. A fresh account's first call to a Marketplace model starts its subscription, and calls
   * are refused until it completes.
   */
  admit(model: SimulatedModel): BedrockError | undefined {
    if (this.kindValue === 'established') return undefined;
    if (model.providerName === 'Anthropic' && !this.useCaseSubmitted)
      return bedrockErrors.useCaseNotSubmitted();
    if (!model.marketplace) return undefined;
    const now = this.now();
    const started = this.subscriptions.get(model.modelId) ?? now;
    this.subscriptions.set(model.modelId, started);
    return now < started + this.subscriptionMs
      ? bedrockErrors.marketplaceSubscriptionInProgress()
      : undefined;
  }

  /**
   * What `GetFoundationModelAvailability` shows of the one-time steps for `model`, without taking
   * any (reading it subscribes nothing); `undefined` when none stands in its way (an established
   * account, or a model sold outside AWS Marketplace). See `getFoundationModelAvailability`.
   */
  standing(model: SimulatedModel): OneTimeStanding | undefined {
    if (this.kindValue === 'established') return undefined;
    if (model.providerName === 'Anthropic' && !this.useCaseSubmitted)
      return { agreement: 'NOT_AVAILABLE', entitled: false };
    if (!model.marketplace) return undefined;
    const started = this.subscriptions.get(model.modelId);
    if (started === undefined) return { agreement: 'NOT_AVAILABLE', entitled: true };
    return this.now() < started + this.subscriptionMs
      ? { agreement: 'PENDING', entitled: false }
      : { agreement: 'AVAILABLE', entitled: true };
  }

  describe(): AccountState {
    return {
      kind: this.kindValue,
      anthropicUseCaseSubmitted: this.useCaseSubmitted,
      marketplaceSubscriptionMs: this.subscriptionMs,
      marketplaceSubscriptions: Object.fromEntries(
        [...this.subscriptions].map(([modelId, started]) => [
          modelId,
          {
            startedAt: new Date(started).toISOString(),
            completesAt: new Date(started + this.subscriptionMs).toISOString(),
          },
        ]),
      ),
    };
  }
}

/** The account kind from `BEDROCK_SIM_ACCOUNT` (default `established`), failing loudly on anything else. */
export function accountKindFromEnv(
  env: Readonly<Record<string, string | undefined>> = process.env,
): AccountKind {
  const raw = env.BEDROCK_SIM_ACCOUNT?.trim();
  if (raw === undefined || raw === '') return 'established';
  if ((ACCOUNT_KINDS as readonly string[]).includes(raw)) return raw as AccountKind;
  throw new Error(
    `Invalid configuration: BEDROCK_SIM_ACCOUNT must be one of ${ACCOUNT_KINDS.join(', ')}, got "${raw}"`,
  );
}
