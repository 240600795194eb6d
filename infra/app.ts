import { App } from 'aws-cdk-lib';
import { addCertificationStack } from './certification-stack.js';

// `cdk synth|deploy|destroy` run this file (see cdk.json). Deployment choices come from context:
// -c allowedOrigins=https://a.example,https://b.example   CORS allowlist (default: none)
// -c userPoolId=... -c userPoolClientId=...               import a user pool instead of creating one
// -c removalPolicy=destroy                                let `cdk destroy` delete table, pool, logs
// -c reservedConcurrency=N                                cap concurrent executions (cost guard)
// -c rateLimitPerMinute=N                                 certify requests per user per minute (10)
// -c readRateLimitPerMinute=N                             read requests per user per minute (120)
// -c stackName=...                                        deploy a second, independent copy
const app = new App();
addCertificationStack(app);
