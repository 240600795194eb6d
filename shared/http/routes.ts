import { InvalidModelIdError, MethodNotAllowedError, MissingModelIdError, NotFoundError, UnsupportedModelIdError } from '../errors.js';
import { isValidModelId, uncertifiableReason } from '../model-id.js';

/** The routes of DESIGN.md. */
export type Route =
  | { name: 'page' }
  | { name: 'health' }
  | { name: 'certify-stream'; modelId: string }
  | { name: 'certify'; }
  | { name: 'check'; modelId: string }
  | { name: 'models' };

const CERTIFY = '/api/certification/certify-model';
const CHECK_PREFIX = '/api/certification/check/';
const STREAM_SUFFIX = '/stream';

/**
 * Matches a request to a route. `rawPath` is the path as sent (percent-encoding intact); the
 * model id is taken as everything between a route's fixed prefix and suffix and decoded once,
 * so an ARN whose slashes were encoded as `%2F` stays one id.
 */
export function matchRoute(method: string, rawPath: string): Route {
  const path = rawPath.length > 1 && rawPath.endsWith('/') ? rawPath.slice(0, -1) : rawPath;
  const only = (allowed: string[], route: Route): Route => {
    if (allowed.includes(method)) return route;
    throw new MethodNotAllowedError(allowed);
  };

  if (path === '/' || path === '/index.html') return only(['GET', 'HEAD'], { name: 'page' });
  if (path === '/health') return only(['GET', 'HEAD'], { name: 'health' });
  if (path === '/api/certification/models') return only(['GET'], { name: 'models' });
  if (path === CERTIFY) return only(['POST'], { name: 'certify' });
  if (path.startsWith(`${CERTIFY}/`) && path.endsWith(STREAM_SUFFIX)) {
    const encoded = path.slice(CERTIFY.length + 1, -STREAM_SUFFIX.length);
    return only(['GET'], { name: 'certify-stream', modelId: decodeModelId(encoded) });
  }
  if (path.startsWith(CHECK_PREFIX)) {
    return only(['GET'], { name: 'check', modelId: decodeModelId(path.slice(CHECK_PREFIX.length)) });
  }
  throw new NotFoundError();
}

/** Decodes and validates a model id from a path or a body. */
export function decodeModelId(encoded: string): string {
  let modelId: string;
  try {
    modelId = decodeURIComponent(encoded);
  } catch {
    throw new InvalidModelIdError('modelId is not valid percent-encoding.');
  }
  return validateModelId(modelId);
}

/**
 * Throws `InvalidModelIdError` unless `modelId` is a Bedrock model id, profile id or ARN, and
 * `UnsupportedModelIdError` when it is one the service cannot invoke on demand.
 */
export function validateModelId(modelId: unknown): string {
  if (modelId === undefined || modelId === null || modelId === '') {
    throw new MissingModelIdError();
  }
  if (typeof modelId !== 'string' || !isValidModelId(modelId)) throw new InvalidModelIdError();
  const reason = uncertifiableReason(modelId);
  if (reason !== undefined) throw new UnsupportedModelIdError(reason);
  return modelId;
}
