import { resolve } from 'node:path';
import { startLocalStack } from './stack.js';

/**
 * `npm start`: the whole service on this machine, no AWS account. PORT (default 3000) is the
 * Function URL; the token issuer listens on PORT + 1 so `npm run token` can find it.
 */
const port = Number(process.env.PORT ?? 3000);
const stack = await startLocalStack({
  port,
  issuerPort: port + 1,
  issuerKeyFile: resolve('.local/dev-issuer.json'),
});

const demoToken = stack.token('dev-user', 12 * 3600);
const model = 'anthropic.claude-3-5-sonnet-20241022-v2:0';
process.stdout.write(`
Bedrock certification service running locally (simulated Bedrock, in-memory DynamoDB).

  Function URL   ${stack.url}  (http://localhost:${port})
  Demo page      http://localhost:${port}/#token=${demoToken}
  Health         curl http://localhost:${port}/health

Get a token (another terminal):
  TOKEN=$(npm run --silent token -- --sub alice)

Certify a model, streaming progress:
  curl -N -H "Authorization: Bearer $TOKEN" http://localhost:${port}/api/certification/certify-model/${model}/stream

Press Ctrl+C to stop.
`);

const shutdown = (): void => {
  void stack.close().then(() => process.exit(0));
};
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);
