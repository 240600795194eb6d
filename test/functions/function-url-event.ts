import type { LambdaFunctionURLEvent } from 'aws-lambda';

/** Fields of `requestContext` tests vary, lifted to the top so an override need not rebuild it. */
export interface FunctionUrlEventOverrides extends Partial<LambdaFunctionURLEvent> {
  /** `requestContext.http.method`; default `GET`. */
  method?: string;
  /** `requestContext.domainName`; default a Function URL host. */
  domainName?: string;
}

/** A Function URL (payload v2) event as AWS delivers it: a GET of a check URL with a query and a token. */
export function functionUrlEvent(
  overrides: FunctionUrlEventOverrides = {},
): LambdaFunctionURLEvent {
  const { method = 'GET', domainName = 'abc.lambda-url.us-east-1.on.aws', ...fields } = overrides;
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath:
      '/api/certification/check/arn%3Aaws%3Abedrock%3Aus-east-1%3A%3Afoundation-model%2Fanthropic.claude-v2',
    rawQueryString: 'a=1',
    headers: { authorization: 'Bearer x', 'content-type': 'application/json' },
    requestContext: {
      accountId: 'anonymous',
      apiId: 'abc',
      domainName,
      domainPrefix: 'abc',
      http: { method, path: '/', protocol: 'HTTP/1.1', sourceIp: '1.2.3.4', userAgent: 'test' },
      requestId: 'r1',
      routeKey: '$default',
      stage: '$default',
      time: '',
      timeEpoch: 0,
    },
    isBase64Encoded: false,
    ...fields,
  };
}
