import type { CertifyResponse } from '../../types.js';
import { freshFromBody, readJsonObject } from '../json-body.js';
import { jsonResponse } from '../responses.js';
import { suiteFromBody } from '../suite-param.js';
import { authenticate, type RouteHandler } from '../route-handler.js';
import { validateModelId } from '../routes.js';

/**
 * `POST /api/certification/certify-model` `{"modelId": "...", "fresh"?: boolean, "suite"?: "core" |
 * "full", "region"?: "..."}`: the certification as one JSON answer, cached unless `fresh`. Rate
 * limited; a run (not a cached
 * answer) counts against the monthly quota.
 */
export const certify: RouteHandler<'certify'> = async (request, context) => {
  const { service, maxBodyBytes } = context.deps;
  const caller = await authenticate(request, context);
  const body = await readJsonObject(request, maxBodyBytes);
  const modelId = validateModelId(body.modelId);
  const fresh = freshFromBody(body);
  const suite = suiteFromBody(body);
  const region = service.resolveRegion(body.region);
  context.log.modelId = modelId;
  context.log.region = region;
  const { cached, hold, lease } = await service.admitAndLookUp(caller, modelId, {
    fresh,
    suite,
    region,
  });
  const certification =
    cached ??
    (await service.certify(modelId, caller, {
      signal: request.signal,
      requestId: context.log.requestId,
      fresh,
      hold,
      lease,
      suite,
      region,
    }));
  context.log.outcome = certification.status;
  const answer: CertifyResponse = { certification };
  return jsonResponse(200, answer);
};
