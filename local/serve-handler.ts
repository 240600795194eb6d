import { pathToFileURL } from 'node:url';
import { startFunctionUrlEmulator } from './function-url-emulator.js';
import { trustLocalCertificate } from './jwt-issuer.js';
import { installLambdaRuntimeGlobals } from './lambda-runtime-globals.js';

/**
 * Serves only the handler behind the Function URL emulator, configured entirely by the
 * environment (shared/config.ts) — a process shaped like one Lambda container, so benchmarks
 * can measure its memory apart from the simulator and dynalite. Prints `{"url": ...}` once ready.
 *
 * LOCAL_ISSUER_CERT_PEM, when set, is trusted for the issuer's HTTPS JWKS endpoint.
 * HANDLER_MODULE, when set, is the handler module to load (e.g. the esbuild bundle the stack
 * deploys); by default the TypeScript source.
 */
if (process.env.LOCAL_ISSUER_CERT_PEM) trustLocalCertificate(process.env.LOCAL_ISSUER_CERT_PEM);
installLambdaRuntimeGlobals();
const handlerModule = process.env.HANDLER_MODULE ? pathToFileURL(process.env.HANDLER_MODULE).href : '../functions/certify/handler.js';
const { handler } = (await import(handlerModule)) as { handler: unknown };
const emulator = await startFunctionUrlEmulator({ handler, port: Number(process.env.PORT ?? 0) });
process.stdout.write(`${JSON.stringify({ url: emulator.url })}\n`);
process.once('SIGTERM', () => void emulator.close().then(() => process.exit(0)));
