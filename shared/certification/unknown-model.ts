import type { Certification } from '../types.js';

/**
 * True when Bedrock said the model id does not exist (here): the certification is `unavailable`
 * and every probe ended with `INVALID_MODEL_ID` ("The provided model identifier is invalid.").
 * Such a result still answers its request and is cached for its repeat, but it is no model the
 * service keeps: it is not listed by `GET /models` and starts no history, so ids anyone can make
 * up cost nothing in any later answer. A model that goes away after it was certified keeps its
 * history (the change is recorded); an end-of-life model answers `MODEL_END_OF_LIFE`, not this.
 */
export function isUnknownModel(certification: Pick<Certification, 'status' | 'results'>): boolean {
  return (
    certification.status === 'unavailable' &&
    certification.results.length > 0 &&
    certification.results.every((result) => result.error?.code === 'INVALID_MODEL_ID')
  );
}
