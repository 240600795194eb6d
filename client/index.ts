/**
 * Typed client of the certification service, for browsers and Node 20 (no Node-only imports).
 * Import it as `bedrock-model-certification/client`.
 */
export {
  certifyModel,
  certifyModelOnce,
  checkCertification,
  createStreamTicket,
  listCertifications,
  type CertifyModelOptions,
  type ClientOptions,
  type EventSourceConstructor,
  type EventSourceLike,
  type FetchLike,
  type FreshOption,
  type RegionOption,
} from './certification-client.js';
export {
  certifyBatch,
  type BatchItemResult,
  type BatchResult,
  type CertifyBatchOptions,
} from './batch-client.js';
export { getModelRegions, getRegions } from './regions-client.js';
export { getCertificationHistory, type HistoryOptions } from './history-client.js';
export { getCatalog, type CatalogOptions } from './catalog-client.js';
export { getAdminUsage, getUsage, type UsageOptions } from './usage-client.js';
export {
  ApiError,
  CertificationClientError,
  IncompleteStreamError,
  NetworkError,
  ProtocolError,
  RateLimitedApiError,
  StreamErrorEventError,
  UnauthorizedApiError,
  type ApiErrorDetails,
} from './errors.js';
export { CATALOG_STATUS_FILTERS, MAX_BATCH_ITEMS, TEST_NAMES } from '../shared/types.js';
export type {
  BatchCompleteEvent,
  BatchEvent,
  BatchItemEvent,
  BatchItemRequest,
  BatchRequest,
  BatchSummary,
  CatalogEntry,
  CatalogEntryKind,
  CatalogResponse,
  CatalogStatusFilter,
  AdminUsageResponse,
  Certification,
  CertificationChangedDetail,
  CertificationEvent,
  CertificationRun,
  CertificationStatus,
  CertificationSummary,
  CheckResponse,
  CompleteEvent,
  Diagnosis,
  ErrorEvent,
  HistoryResponse,
  ModelAccess,
  ModelLifecycle,
  ModelRegionStatus,
  ProgressEvent,
  QuotaStatus,
  RegionListResponse,
  RegionsResponse,
  RunTrigger,
  StreamTicketResponse,
  TestName,
  TestResult,
  UsageResponse,
  UserUsage,
} from '../shared/types.js';
