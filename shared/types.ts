/**
 * The public contract of the certification service (docs/api.md, "The certification object"
 * and "SSE stream"). Shared by the server, the typed client, the CLI and the web page, so it
 * must stay free of Node, Lambda and AWS SDK types.
 */

import { testNamesOf, type Capabilities, type SuiteName, type TestName } from './suites.js';

export type {
  CapabilityName,
  CapabilityValue,
  Capabilities,
  SuiteName,
  TestName,
} from './suites.js';
export { CAPABILITY_NAMES, DEFAULT_SUITE, SUITE_NAMES } from './suites.js';

/** The default (`core`) suite's probes, in the order the API contract lists them. */
export const TEST_NAMES: readonly TestName[] = testNamesOf('core');

/**
 * Stable per-test error codes. New codes may be added (docs/api.md), so clients must treat an
 * unknown string as a generic failure.
 */
export const PROBE_ERROR_CODES = [
  'ACCESS_DENIED',
  'INFERENCE_PROFILE_REQUIRED',
  'INVALID_MODEL_ID',
  'MODEL_END_OF_LIFE',
  'MODEL_LEGACY',
  'FEATURE_UNSUPPORTED',
  /** Bedrock accepted the feature's request, but the model ignored it (no cache read, no citation...). */
  'FEATURE_IGNORED',
  'THROTTLED',
  'TIMEOUT',
  'MODEL_ERROR',
  'SERVICE_UNAVAILABLE',
  'WRONG_ANSWER',
] as const;

/** A per-test error code. */
export type ProbeErrorCode = (typeof PROBE_ERROR_CODES)[number];

/**
 * Stable codes of a failure of the service itself: an HTTP error body's `error.code`, or a
 * stream's (or a batch item's) `error` event's `code`. Not per-test codes, though three are
 * spelled alike and mean something else here (docs/api.md, "Two kinds of codes"):
 * `INVALID_MODEL_ID` (the id is malformed, not unknown to Bedrock), `TIMEOUT` (the run this
 * request waited on did not finish, not one probe) and `SERVICE_UNAVAILABLE` (a dependency of the
 * service, not Bedrock for one probe). New codes may be added.
 */
export const SERVICE_ERROR_CODES = [
  'INVALID_MODEL_ID',
  'UNSUPPORTED_MODEL_ID',
  'MISSING_MODEL_ID',
  'INVALID_JSON',
  'INVALID_REQUEST',
  'INVALID_MONTH',
  'UNSUPPORTED_REGION',
  'UNAUTHORIZED',
  'FORBIDDEN',
  'NOT_FOUND',
  'METHOD_NOT_ALLOWED',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'RATE_LIMITED',
  'QUOTA_EXCEEDED',
  'INTERNAL_ERROR',
  'STORE_UNAVAILABLE',
  'SERVICE_UNAVAILABLE',
  'CATALOG_UNAVAILABLE',
  /** Stream only: the run this request joined did not finish in time. */
  'TIMEOUT',
  /** Batch item only: the batch ran out of time before the item could start. */
  'TIME_BUDGET_EXCEEDED',
  /** Batch item only: the batch's client left before the item could start. */
  'CANCELLED',
] as const;

/** A code of a failure of the service itself (not a per-test code). */
export type ServiceErrorCode = (typeof SERVICE_ERROR_CODES)[number];

/**
 * Token counts as Bedrock reports them in `usage`. With prompt caching, `inputTokens` counts only
 * the tokens neither read from nor written to the cache, and `totalTokens` counts all of them.
 */
export interface TokenUsage {
  inputTokens: number;
  outputTokens: number;
  totalTokens: number;
  /** Input tokens read from the prompt cache (addition; present when any were). */
  cacheReadInputTokens?: number;
  /** Input tokens written to the prompt cache (addition; present when any were). */
  cacheWriteInputTokens?: number;
}

/** Why a test failed. `message` is safe to show to a user (it never holds a stack trace). */
export interface TestError {
  code: ProbeErrorCode;
  message: string;
}

/** The outcome of one probe. */
export interface TestResult {
  testName: TestName;
  status: 'passed' | 'failed';
  latencyMs: number;
  error?: TestError;
  /** Tokens this probe spent (an addition to the original object). */
  usage?: TokenUsage;
  /** Time to first token, streaming probe only (addition). */
  ttftMs?: number;
  /** Output tokens per second after the first token, streaming probe only (addition). */
  outputTokensPerSecond?: number;
}

/** One line of advice for a failure, e.g. which inference profile to use instead. */
export interface Diagnosis {
  code: ProbeErrorCode;
  /** The tests this applies to. */
  tests: TestName[];
  hint: string;
  /**
   * Model ids to certify instead, best first (addition): the inference profiles that contain a
   * model refused with `INFERENCE_PROFILE_REQUIRED`. Lets a client offer them as one-click actions
   * instead of parsing the hint.
   */
  suggestedModelIds?: string[];
}

/** `certified`: every test passed; `failed`: the model answers but some test failed; `unavailable`: it cannot be invoked. */
export type CertificationStatus = 'certified' | 'failed' | 'unavailable';

/** The certification object plus documented additions (docs/api.md). */
export interface Certification {
  modelId: string;
  region: string;
  /** The suite that ran (addition; a result cached before suites existed reads as `core`). */
  suite: SuiteName;
  status: CertificationStatus;
  isCertified: boolean;
  isAvailable: boolean;
  testsPassed: number;
  testsFailed: number;
  /** Percentage 0..100, rounded to an integer. */
  successRate: number;
  /** Mean latency of the tests that ran, rounded to whole milliseconds. */
  avgLatencyMs: number;
  results: TestResult[];
  /** ISO 8601. */
  certifiedAt: string;
  /** ISO 8601; after this the result is no longer served from the cache. */
  expiresAt: string;
  /** True when this answer came from the cache rather than a fresh run. */
  cached: boolean;
  // --- additions ---
  /** Time to first token of the streaming probe; null when it did not stream. */
  ttftMs: number | null;
  outputTokensPerSecond: number | null;
  /** Total tokens spent by the certification. */
  usage: TokenUsage;
  /** Estimated Bedrock cost in USD; null when the model's price is unknown. */
  estimatedCostUsd: number | null;
  /** What the suite's probes showed: `true`, `false` or `null` (not determined); see {@link Capabilities}. */
  capabilities: Capabilities;
  /** Present when something failed. */
  diagnosis?: Diagnosis[];
}

/** A progress event. The opening one has `message`; per-test ones have `testName` and `status`. */
export interface ProgressEvent {
  type: 'progress';
  /** Tests finished so far. */
  current: number;
  total: number;
  message?: string;
  testName?: TestName;
  status?: 'running' | 'passed' | 'failed';
  /** Latency of a finished test (addition). */
  latencyMs?: number;
}

/** The terminal success event. */
export interface CompleteEvent {
  type: 'complete';
  certification: Certification;
}

/** The terminal event for a failure of the service itself (not of the model). */
export interface ErrorEvent {
  type: 'error';
  code: string;
  message: string;
}

/** Every event the SSE stream carries. */
export type CertificationEvent = ProgressEvent | CompleteEvent | ErrorEvent;

/** Most items one batch takes. */
export const MAX_BATCH_ITEMS = 50;

/** One model in one Region, as a batch names it; `region` unset: the default Region. */
export interface BatchItemRequest {
  modelId: string;
  region?: string;
}

/** `POST /api/certification/batches`. */
export interface BatchRequest {
  /** 1 to {@link MAX_BATCH_ITEMS} items, none twice. */
  items: BatchItemRequest[];
  /** `core` (default) or `full`. */
  suite?: 'core' | 'full';
  /** Certify every item anew (each is still metered and single flight). */
  fresh?: boolean;
}

/** Which model and Region a batch event is about. */
export interface BatchItemRef {
  modelId: string;
  region: string;
}

/** An item's event in a batch stream: the single stream's events, tagged with the item. */
export type BatchItemEvent =
  (ProgressEvent & BatchItemRef) | (CompleteEvent & BatchItemRef) | (ErrorEvent & BatchItemRef);

/**
 * How a batch ended. Every item is counted once: by its certification's status (`cached`
 * counts those of them the cache answered), or among `errors`.
 */
export interface BatchSummary {
  certified: number;
  failed: number;
  unavailable: number;
  /** Of the certified, failed and unavailable items, those answered from the cache (free). */
  cached: number;
  /** Items that ended with an `error` event (quota, time budget, a service failure). */
  errors: number;
}

/** The last event of a batch stream, exactly once. */
export interface BatchCompleteEvent {
  type: 'batch-complete';
  summary: BatchSummary;
}

/** Every event a batch stream carries. */
export type BatchEvent = BatchItemEvent | BatchCompleteEvent;

/** JSON body of every error answered before a stream starts. */
export interface ErrorBody {
  error: { code: string; message: string; requestId?: string };
}

/** `GET /api/certification/check/{modelId}`. */
export type CheckResponse = { cached: true; certification: Certification } | { cached: false };

/** `GET /api/certification/models`: one page, newest first. */
export interface ModelsResponse {
  certifications: Certification[];
  /** Pass as `cursor` for the page after this one; `null` at the end. Opaque, and only yours. */
  nextCursor: string | null;
}

/** `POST /api/certification/certify-model`. */
export interface CertifyResponse {
  certification: Certification;
}

/** `POST /api/certification/stream-tickets` (201). */
export interface StreamTicketResponse {
  /** Single use, bound to the caller, the model, the suite and `fresh`. */
  ticket: string;
  /** ISO 8601; 60 s after issue, or when the token that asked for it expires, if sooner. */
  expiresAt: string;
  /** Relative to the service's base URL: `/api/certification/certify-model/{id}/stream?ticket=...`. */
  streamUrl: string;
}

/** What started a run: a user's request (stream, POST or ticket) or the re-certification schedule. */
export type RunTrigger = 'request' | 'schedule';

/**
 * One certification run as the history keeps it (docs/api.md,
 * "GET /api/certification/history/{modelId}"): a summary of the certification, what started it,
 * and whether it changed the model's verdict.
 */
export interface CertificationRun {
  /** ISO 8601; when the run certified the model. */
  certifiedAt: string;
  /** The suite the run ran (a run recorded before suites existed reads as `core`). */
  suite: SuiteName;
  status: CertificationStatus;
  testsPassed: number;
  testsFailed: number;
  capabilities: Capabilities;
  ttftMs: number | null;
  estimatedCostUsd: number | null;
  trigger: RunTrigger;
  /**
   * True when `status` differs from the model's previous run of the same suite, or a capability
   * this run determined differs from its latest determined value. A model's first recorded run
   * has nothing to differ from: `false`.
   */
  changed: boolean;
}

/** `GET /api/certification/history/{modelId}[?limit=N]`: newest first, at most `limit` runs of the last 90 days. */
export interface HistoryResponse {
  modelId: string;
  runs: CertificationRun[];
}

/** `source` of the events the service puts on the default EventBridge bus. */
export const CHANGE_EVENT_SOURCE = 'bedrock-model-certification';
/** `detail-type` of the event put when a run changes a model's status or capabilities. */
export const CHANGE_EVENT_DETAIL_TYPE = 'Certification Changed';

/** `detail` of a `Certification Changed` event: the run before and the run that differs from it. */
export interface CertificationChangedDetail {
  modelId: string;
  region: string;
  before: CertificationRun;
  after: CertificationRun;
}

/** Values of the catalog's `status` filter: a certification status, or no certification at all. */
export const CATALOG_STATUS_FILTERS = [
  'certified',
  'failed',
  'unavailable',
  'uncertified',
] as const;

/** `GET /api/certification/catalog?status=...`. */
export type CatalogStatusFilter = (typeof CATALOG_STATUS_FILTERS)[number];

/** What a catalog entry is: a foundation model, or an inference profile (system-defined or application). */
export type CatalogEntryKind = 'foundation-model' | 'inference-profile';

/** `modelLifecycle.status` of the Bedrock control plane; a profile has its foundation model's. */
export type ModelLifecycle = 'ACTIVE' | 'LEGACY';

/** The part of the latest unexpired certification the catalog shows. */
export interface CertificationSummary {
  status: CertificationStatus;
  /** ISO 8601. */
  certifiedAt: string;
  /** ISO 8601. */
  expiresAt: string;
  capabilities: Capabilities;
  ttftMs: number | null;
  estimatedCostUsd: number | null;
  /** Percentage 0..100. */
  successRate: number;
}

/**
 * One model the account can offer in the region (docs/api.md, "GET /api/certification/catalog").
 */
export interface CatalogEntry {
  /**
   * What to certify: a foundation model id, a system-defined inference profile id
   * (`us.anthropic...`), or an application inference profile's ARN.
   */
  modelId: string;
  modelName: string;
  provider: string;
  kind: CatalogEntryKind;
  lifecycle: ModelLifecycle;
  /** True when the id itself can be invoked on demand; a profile-only foundation model is false (certify one of its `inferenceProfiles`). */
  onDemand: boolean;
  /** For a foundation model: the `modelId` of every catalog profile that routes to it. Empty for a profile. */
  inferenceProfiles: string[];
  /** For a profile: the foundation model id it routes to. `null` for a foundation model. */
  baseModelId: string | null;
  /**
   * Whether this account may invoke the entry's model in the catalog's Region, from
   * `GetFoundationModelAvailability` (which spends no tokens); a profile has its `baseModelId`'s.
   * The same answer `GET /regions/{modelId}` gives for that Region. `UNKNOWN` when the control
   * plane did not answer for this model (the rest of the catalog is unaffected).
   */
  access: ModelAccess;
  /** The latest unexpired certification of this `modelId`, or `null` when it has none. */
  certification: CertificationSummary | null;
  /**
   * Addition: when this `modelId`'s certification last changed status or capabilities (the
   * `certifiedAt` of that run, or of its first recorded run), from the 90-day history; `null` when
   * no run is recorded.
   */
  lastChangedAt: string | null;
}

/** `GET /api/certification/catalog`. */
export interface CatalogResponse {
  region: string;
  models: CatalogEntry[];
}

/**
 * Whether the account may invoke a model in a Region (`GetFoundationModelAvailability`, which
 * spends no tokens); `UNKNOWN` when the control plane did not answer.
 */
export type ModelAccess = 'AVAILABLE' | 'NOT_AVAILABLE' | 'UNKNOWN';

/** One listed Region's view of a model. */
export interface ModelRegionStatus {
  region: string;
  /** Whether the Region's control plane lists the model (or profile); `null` when it did not answer. */
  offered: boolean | null;
  /** The model's lifecycle there; `null` when not offered or unknown. */
  lifecycle: ModelLifecycle | null;
  /** Whether the id itself is invoked on demand there; `null` when unknown. */
  onDemand: boolean | null;
  /** The Region's inference profiles routing to the model (profile ids, or ARNs of application ones). */
  inferenceProfiles: string[];
  access: ModelAccess;
  /** The latest unexpired certification in that Region, or `null`. */
  certification: CertificationSummary | null;
}

/** `GET /api/certification/regions/{modelId}`: every listed Region, the default first. */
export interface RegionsResponse {
  modelId: string;
  regions: ModelRegionStatus[];
}

/** `GET /api/certification/regions` (addition): the Regions the service certifies in. */
export interface RegionListResponse {
  /** Where a request that names no Region certifies. */
  defaultRegion: string;
  /** Every listed Region, the default first. */
  regions: string[];
}

/** A user's monthly certification quota, counted in runs (cached answers are free). */
export interface QuotaStatus {
  /** Runs allowed per UTC month (`MONTHLY_CERTIFICATION_QUOTA`). */
  limit: number;
  /** Runs metered this month, plus runs admitted and still in progress. */
  used: number;
  /** `limit - used`, never below 0. */
  remaining: number;
}

/** `GET /api/certification/usage[?month=YYYY-MM]`: what the caller spent in one UTC month. */
export interface UsageResponse {
  /** `YYYY-MM` (UTC); the current month unless asked for another. */
  month: string;
  /** Certifications that ran on the caller's behalf; cache hits and joined runs are free. */
  certifications: number;
  /** Every input token of those runs, prompt-cache reads and writes included. */
  inputTokens: number;
  outputTokens: number;
  /** Sum of the runs' estimated Bedrock cost; a model without a known price adds 0. */
  estimatedCostUsd: number;
  /** `null` when the service has no monthly quota. */
  quota: QuotaStatus | null;
}

/** One user's line of the operators' report. */
export interface UserUsage {
  /** The user's token subject (Cognito `sub`). */
  sub: string;
  certifications: number;
  inputTokens: number;
  outputTokens: number;
  estimatedCostUsd: number;
}

/** `GET /api/certification/admin/usage[?month=YYYY-MM]` (Cognito group `admins` only). */
export interface AdminUsageResponse {
  month: string;
  /** Every user with usage in the month, ordered by `sub`. */
  users: UserUsage[];
}
