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
} from './certification-client.js';
export { getCertificationHistory, type HistoryOptions } from './history-client.js';
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
export { TEST_NAMES } from '../shared/types.js';
export type {
  Certification,
  CertificationChangedDetail,
  CertificationEvent,
  CertificationRun,
  CertificationStatus,
  CheckResponse,
  CompleteEvent,
  Diagnosis,
  ErrorEvent,
  HistoryResponse,
  ProgressEvent,
  RunTrigger,
  StreamTicketResponse,
  TestName,
  TestResult,
} from '../shared/types.js';
