import { createTokenVerifier } from './auth/token-verifier.js';
import { DEFAULT_PROBES } from './certification/probes/index.js';
import type { ServiceConfig } from './config.js';
import { createApp, type App, type PageAsset } from './http/app.js';
import { silentLogger, type LogSink } from './logger.js';
import { createServiceFromConfig } from './service-from-config.js';
import { PAGE_CONTENT_SECURITY_POLICY, renderPage } from './web/page.js';

/**
 * The composition root: builds clients, store, verifier, engine and app from validated
 * configuration. Called once per container; in AWS and locally only `config` differs.
 */
export function createAppFromConfig(config: ServiceConfig, options: { logger?: LogSink } = {}): App {
  const logger = options.logger ?? silentLogger;
  const service = createServiceFromConfig(config, { logger });
  const verifier = createTokenVerifier({ ...config.auth, logger });

  let page: PageAsset | undefined;
  // Rendered on first request, not at init: most cold starts serve API calls, not the page.
  const renderOnce = (): PageAsset =>
    (page ??= { html: renderPage({ modelSuggestions: config.modelSuggestions, probes: DEFAULT_PROBES }), contentSecurityPolicy: PAGE_CONTENT_SECURITY_POLICY });

  return createApp({ service, verifier, page: renderOnce, keepAliveIntervalMs: config.keepAliveIntervalMs, logger });
}
