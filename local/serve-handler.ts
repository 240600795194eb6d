import { pathToFileURL } from 'node:url';
import { startFunctionUrlEmulator } from './function-url-emulator.js';
import { trustLocalCertificate } from './jwt-issuer.js';
import { installLambdaRuntimeGlobals } from './lambda-runtime-globals.js';

/**
 * Serves only the handler behind the Function URL emulator, configured entirely by the
 * environment (shared/config.ts), so benchmarks can measure its memory apart from the simulator
 * and dynalite. Every execution environment the emulator creates is a fresh instance of the
 * module in this one process. Prints `{"url": ...}` once ready.
 *
 * LOCAL_ISSUER_CERT_PEM, when set, is trusted for the issuer's HTTPS JWKS endpoint.
 * HANDLER_MODULE, when set, is the handler module to load (e.g. the esbuild bundle the stack
 * deploys); by default the TypeScript source. FUNCTION_CONCURRENCY caps the environments.
 */
if (process.env.LOCAL_ISSUER_CERT_PEM) trustLocalCertificate(process.env.LOCAL_ISSUER_CERT_PEM);
installLambdaRuntimeGlobals();
const handlerModule = process.env.HANDLER_MODULE
  ? pathToFileURL(process.env.HANDLER_MODULE).href
  : new URL('../functions/certify/handler.ts', import.meta.url).href;
let environments = 0;
const concurrency = Number(process.env.FUNCTION_CONCURRENCY) || undefined;
const emulator = await startFunctionUrlEmulator({
  // The query makes each import a new module instance: a new environment's init phase.
  loadHandler: async () =>
    ((await import(`${handlerModule}?environment=${++environments}`)) as { handler: unknown })
      .handler,
  port: Number(process.env.PORT ?? 0),
  concurrency,
});
process.stdout.write(`${JSON.stringify({ url: emulator.url })}\n`);
process.once('SIGTERM', () => void emulator.close().then(() => process.exit(0)));
