import { InvalidRequestError } from '../errors.js';
import { message } from '../i18n/translate.js';
import type { CertificationService } from '../service/certification-service.js';

/**
 * The `region` query parameter: absent (the default Region), or one listed Region given once.
 * An unlisted Region is a 400 `UNSUPPORTED_REGION`, checked before any token or store call.
 */
export function regionFromQuery(
  query: URLSearchParams,
  service: Pick<CertificationService, 'resolveRegion'>,
): string {
  const values = query.getAll('region');
  if (values.length > 1) throw new InvalidRequestError(message('api.regionQuery'));
  return service.resolveRegion(values[0]);
}
