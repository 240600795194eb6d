/**
 * Typed client of the certification service, for browsers and Node 20 (no Node-only imports).
 * Import it as `bedrock-model-certification/client`.
 */
export {
  certifyModel,
  certifyModelOnce,
  checkCertification,
  createStreamTicket,
  iterateCertifications,
  listCertifications,
  listCertificationsPage,
  type CertifyModelOptions,
  type ClientOptions,
  type EventSourceConstructor,
  type EventSourceLike,
  type FetchLike,
  type FreshOption,
  type ListCertificationsOptions,
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
export {
  CATALOG_STATUS_FILTERS,
  CAPABILITY_NAMES,
  DEFAULT_SUITE,
  MAX_BATCH_ITEMS,
  SUITE_NAMES,
  TEST_NAMES,
} from '../shared/types.js';
export {
  CAPABILITIES,
  capabilitiesOf,
  isCapabilityName,
  isSuiteName,
  testNamesOf,
  type RegisteredCapability,
} from '../shared/suites.js';
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
  CapabilityName,
  CapabilityValue,
  Capabilities,
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
  ModelsResponse,
  ProgressEvent,
  QuotaStatus,
  RegionListResponse,
  RegionsResponse,
  RunTrigger,
  StreamTicketResponse,
  SuiteName,
  TestName,
  TestResult,
  UsageResponse,
  UserUsage,
} from '../shared/types.js';
