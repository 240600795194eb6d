import { describe, expect, it } from 'vitest';
import * as client from 'bedrock-model-certification/client';
import { certifyModel } from '../../client/index.js';

describe('package export', () => {
  it('exposes the typed client as bedrock-model-certification/client', () => {
    expect(client.certifyModel).toBe(certifyModel);
    expect(Object.keys(client).sort()).toEqual(
      [
        'ApiError',
        'BadRequestApiError',
        'BatchCancelledEventError',
        'ForbiddenApiError',
        'InternalApiError',
        'ItemNotRunEventError',
        'NotFoundApiError',
        'QuotaExceededApiError',
        'QuotaExceededEventError',
        'RunTimeoutEventError',
        'ServiceUnavailableApiError',
        'TimeBudgetExceededEventError',
        'CAPABILITIES',
        'CAPABILITY_NAMES',
        'CATALOG_STATUS_FILTERS',
        'DEFAULT_SUITE',
        'MAX_BATCH_ITEMS',
        'SUITE_NAMES',
        'capabilitiesOf',
        'isCapabilityName',
        'isSuiteName',
        'testNamesOf',
        'CertificationClientError',
        'IncompleteStreamError',
        'NetworkError',
        'ProtocolError',
        'RateLimitedApiError',
        'StreamErrorEventError',
        'TEST_NAMES',
        'UnauthorizedApiError',
        'certifyBatch',
        'certifyModel',
        'certifyModelOnce',
        'checkCertification',
        'createStreamTicket',
        'getCertificationHistory',
        'getCatalog',
        'getModelRegions',
        'getRegions',
        'getAdminUsage',
        'getUsage',
        'iterateCertifications',
        'listCertifications',
        'listCertificationsPage',
      ].sort(),
    );
  });
});
