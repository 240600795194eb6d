import {
  InvalidModelIdError,
  InvalidRequestError,
  MethodNotAllowedError,
  MissingModelIdError,
  NotFoundError,
  UnsupportedModelIdError,
} from '../errors.js';
import { isValidModelId, uncertifiableReason } from '../model-id.js';
import { message } from '../i18n/translate.js';

/** One route: the methods it answers and its path; `{name}` captures a parameter. */
export interface RouteSpec {
  methods: readonly string[];
  path: string | readonly string[];
}

/**
 * The routes of docs/api.md, one line each. A new route is a line here, its handler module in
 * `handlers/` and a line in `app.ts`'s handler table (the compiler insists on the last).
 */
export const ROUTES = {
  page: { methods: ['GET', 'HEAD'], path: ['/', '/index.html'] },
  health: { methods: ['GET', 'HEAD'], path: '/health' },
  models: { methods: ['GET'], path: '/api/certification/models' },
  check: { methods: ['GET'], path: '/api/certification/check/{modelId}' },
  certify: { methods: ['POST'], path: '/api/certification/certify-model' },
  'certify-stream': { methods: ['GET'], path: '/api/certification/certify-model/{modelId}/stream' },
  'stream-tickets': { methods: ['POST'], path: '/api/certification/stream-tickets' },
  batches: { methods: ['POST'], path: '/api/certification/batches' },
  history: { methods: ['GET'], path: '/api/certification/history/{modelId}' },
  catalog: { methods: ['GET'], path: '/api/certification/catalog' },
  'region-list': { methods: ['GET'], path: '/api/certification/regions' },
  regions: { methods: ['GET'], path: '/api/certification/regions/{modelId}' },
  usage: { methods: ['GET'], path: '/api/certification/usage' },
  'admin-usage': { methods: ['GET'], path: '/api/certification/admin/usage' },
} as const satisfies Record<string, RouteSpec>;

/** The name of a route. */
export type RouteName = keyof typeof ROUTES;

type PathOf<N extends RouteName> = (typeof ROUTES)[N]['path'] extends infer P
  ? P extends readonly string[]
    ? P[number]
    : P
  : never;
type ParamNames<P> = P extends `${string}{${infer Name}}${infer Rest}`
  ? Name | ParamNames<Rest>
  : never;

/** The decoded path parameters of route `N` (`{ modelId: string }` for the model routes). */
export type RouteParams<N extends RouteName> = { [K in ParamNames<PathOf<N>>]: string };

/** A request matched to a route, with its decoded parameters. */
export type MatchedRoute = { [N in RouteName]: { name: N; params: RouteParams<N> } }[RouteName];

/** Decoders of path parameters by name; a parameter without one is only percent-decoded. */
const PARAMS: Record<string, (encoded: string) => string> = { modelId: decodeModelId };

interface CompiledRoute {
  name: RouteName;
  methods: readonly string[];
  pattern: RegExp;
  params: string[];
}

const COMPILED: CompiledRoute[] = Object.entries(ROUTES).flatMap(
  ([name, spec]: [string, RouteSpec]) =>
    [spec.path].flat().map((path) => {
      const params: string[] = [];
      // A parameter takes everything between the fixed parts, slashes included: an ARN's slashes
      // may arrive encoded (`%2F`) or not, and either way the id stays one parameter.
      const source = path
        .replace(/[.*+?^$()|[\]\\]/g, '\\$&')
        .replace(/\{(\w+)\}/g, (_match, param: string) => {
          params.push(param);
          return '(.*)';
        });
      return {
        name: name as RouteName,
        methods: spec.methods,
        pattern: new RegExp(`^${source}$`),
        params,
      };
    }),
);

/**
 * Matches a request to a route. `rawPath` is the path as sent (percent-encoding intact), so a
 * parameter is decoded exactly once. Unknown path: 404; known path, other method: 405 with
 * `Allow`; a bad model id: 400 (before any authentication or store call).
 */
export function matchRoute(method: string, rawPath: string): MatchedRoute {
  const path = rawPath.length > 1 && rawPath.endsWith('/') ? rawPath.slice(0, -1) : rawPath;
  const matches = COMPILED.flatMap((route) => {
    const match = route.pattern.exec(path);
    return match ? [{ route, values: match.slice(1) }] : [];
  });
  if (matches.length === 0) throw new NotFoundError();
  const chosen = matches.find(({ route }) => route.methods.includes(method));
  if (!chosen)
    throw new MethodNotAllowedError([...new Set(matches.flatMap(({ route }) => route.methods))]);
  const params: Record<string, string> = {};
  chosen.route.params.forEach((name, i) => {
    params[name] = (PARAMS[name] ?? decodeParam)(chosen.values[i] ?? '');
  });
  return { name: chosen.route.name, params } as MatchedRoute;
}

function decodeParam(encoded: string): string {
  try {
    return decodeURIComponent(encoded);
  } catch {
    throw new InvalidRequestError(message('api.pathEncoding'));
  }
}

/** Decodes and validates a model id from a path. */
export function decodeModelId(encoded: string): string {
  let modelId: string;
  try {
    modelId = decodeURIComponent(encoded);
  } catch {
    throw new InvalidModelIdError(message('api.modelIdEncoding'));
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
