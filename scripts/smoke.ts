/**
 * Entry point of `npm run smoke -- --url URL --token T [--model ID]` (`--help` lists the checks).
 * All behaviour lives in `runSmokeCli`; this file only binds it to the process (no local stack:
 * the smoke test is told where the service is and with which token).
 */
import { runCliProcess } from '../client/cli-harness.js';
import { runSmokeCli } from '../client/smoke-cli.js';

await runCliProcess(runSmokeCli);
