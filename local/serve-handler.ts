import { startFunctionUrlEmulator } from './function-url-emulator.js';
import { trustLocalCertificate } from './jwt-issuer.js';
import { installLambdaRuntimeGlobals } from './lambda-runtime-globals.js';

/**
 * Serves only the handler behind the Function URL emulator, configured entirely by the
 * environment (shared/config.ts) — a process shaped like one Lambda container, so benchmarks
 * can measure its memory apart from the simulator and dynalite. Prints `{"url": ...}` once ready.
 *
 * LOCAL_ISSUER_CERT_PEM, when set, is trusted for the issuer's HTTPS JWKS endpoint.
 */
if (process.env.LOCAL_ISSUER_CERT_PEM) trustLocalCertificate(process.env.LOCAL_ISSUER_CERT_PEM);
installLambdaRuntimeGlobals();
const { handler } = (await import('../functions/certify/handler.js')) as { handler: unknown };
const emulator = await startFunctionUrlEmulator({ handler, port: Number(process.env.PORT ?? 0) });
process.stdout.write(`${JSON.stringify({ url: emulator.url })}\n`);
process.once('SIGTERM', () => void emulator.close().then(() => process.exit(0)));
