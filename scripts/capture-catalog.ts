/**
 * Entry point of `npm run capture-catalog -- [--region REGION] [--file PATH]` (`--help` says
 * more). All behaviour lives in `runCaptureCatalog`; this file only binds it to the process.
 */
import { runCaptureCatalog } from '../local/bedrock-simulator/capture.js';

// The SDK's multi-line warning that its 2027 releases need Node 22 would break the promise of
// one-line output; the lockfile keeps releases that run on Node 20 (README, "Node versions").
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

process.exitCode = await runCaptureCatalog(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
});
