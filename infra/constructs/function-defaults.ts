import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Effect, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime } from 'aws-cdk-lib/aws-lambda';
import {
  NodejsFunction,
  OutputFormat,
  type BundlingOptions,
  type NodejsFunctionProps,
} from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { BuildOptions } from 'esbuild';
import type { Construct } from 'constructs';
import type { FunctionLimits } from '../../shared/lambda-limits.js';

/**
 * The esbuild settings of every function bundle, in one place. The stack passes them to
 * `NodejsFunction` (through {@link FUNCTION_BUNDLING}) and the benchmark and bundle tests pass
 * them to esbuild directly (through {@link esbuildOptions}), so what is measured and checked is
 * what is deployed.
 */
export const BUNDLE_SETTINGS = {
  /** Matches the runtime below; esbuild keeps the syntax Node 22 runs natively. */
  target: 'node22',
  /** ESM: Powertools and middy ship ESM builds, and top-level await is available. */
  format: 'esm',
  minify: true,
  sourceMap: true,
  // Sources stay out of the map: stack traces need file/line mappings, not the source text, and
  // the map shrinks by more than half.
  sourcesContent: false,
  // Prefer packages' ESM entry points, so tree shaking works on them.
  mainFields: ['module', 'main'],
  // CommonJS dependencies bundled into ESM still call `require` for Node built-ins; ESM has no
  // `require`, so recreate it (the shim Powertools documents for ESM bundles).
  banner:
    "import { createRequire as __bundleRequire } from 'node:module'; const require = __bundleRequire(import.meta.url);",
  /**
   * Nothing is external: the AWS SDK is bundled, so the function runs the SDK version the tests
   * ran against rather than whatever the runtime ships, and one bundled file loads faster than
   * the runtime's hundreds of SDK files.
   */
  externalModules: [] as readonly string[],
} as const;

/** {@link BUNDLE_SETTINGS} as `NodejsFunction` bundling props. */
export const FUNCTION_BUNDLING: BundlingOptions = {
  target: BUNDLE_SETTINGS.target,
  format: OutputFormat.ESM,
  minify: BUNDLE_SETTINGS.minify,
  sourceMap: BUNDLE_SETTINGS.sourceMap,
  sourcesContent: BUNDLE_SETTINGS.sourcesContent,
  mainFields: [...BUNDLE_SETTINGS.mainFields],
  banner: BUNDLE_SETTINGS.banner,
  externalModules: [...BUNDLE_SETTINGS.externalModules],
};

/**
 * {@link BUNDLE_SETTINGS} as esbuild build options: the same flags `NodejsFunction` passes to
 * the esbuild CLI, for bundling `entry` into `outfile` (`index.mjs`) outside of CDK.
 */
export function esbuildOptions(entry: string, outfile: string): BuildOptions {
  return {
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    target: BUNDLE_SETTINGS.target,
    format: BUNDLE_SETTINGS.format,
    minify: BUNDLE_SETTINGS.minify,
    sourcemap: BUNDLE_SETTINGS.sourceMap,
    sourcesContent: BUNDLE_SETTINGS.sourcesContent,
    mainFields: [...BUNDLE_SETTINGS.mainFields],
    banner: { js: BUNDLE_SETTINGS.banner },
    external: [...BUNDLE_SETTINGS.externalModules],
    logLevel: 'warning',
  };
}

/** The runtime every function uses. */
export const FUNCTION_RUNTIME = Runtime.NODEJS_22_X;

/** Props of {@link FunctionWithDefaults}: `NodejsFunction` props minus what the defaults own. */
export interface FunctionWithDefaultsProps extends Omit<
  NodejsFunctionProps,
  | 'runtime'
  | 'architecture'
  | 'bundling'
  | 'logGroup'
  | 'logRetention'
  | 'logRemovalPolicy'
  | 'role'
  | 'memorySize'
  | 'timeout'
> {
  /** Memory and timeout, from `shared/lambda-limits.ts`, where the service plans within them. */
  limits: FunctionLimits;
  /** How long CloudWatch keeps the function's logs. Default: one month. */
  logRetention?: RetentionDays;
  /** Applied to the log group. Default: RETAIN, so logs outlive a `cdk destroy` unless asked. */
  logRemovalPolicy?: RemovalPolicy;
}

/**
 * A `NodejsFunction` with the project's defaults, after the Powertools examples' custom
 * function construct: Node.js 22 on ARM64 (Graviton costs 20 % less per GB-second than x86 and
 * this work is I/O-bound), its own log group with a retention (the implicit one keeps logs
 * forever), a role that may write to that log group only (instead of the managed
 * AWSLambdaBasicExecutionRole, which allows every log group), and a minified ESM bundle whose
 * source maps `NODE_OPTIONS` turns on.
 */
export class FunctionWithDefaults extends NodejsFunction {
  /** The function's log group, created with the retention above. */
  readonly functionLogGroup: LogGroup;

  constructor(scope: Construct, id: string, props: FunctionWithDefaultsProps) {
    const { logRetention, logRemovalPolicy, environment, limits, ...rest } = props;
    const logGroup = new LogGroup(scope, `${id}Logs`, {
      retention: logRetention ?? RetentionDays.ONE_MONTH,
      removalPolicy: logRemovalPolicy ?? RemovalPolicy.RETAIN,
    });
    const role = new Role(scope, `${id}Role`, {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Execution role of ${id}: its own log group plus what the stack grants.`,
    });
    // The log group exists before the function, so CreateLogGroup is not needed.
    role.addToPrincipalPolicy(
      new PolicyStatement({
        sid: 'WriteOwnLogGroup',
        effect: Effect.ALLOW,
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [logGroup.logGroupArn],
      }),
    );
    super(scope, id, {
      ...rest,
      memorySize: limits.memoryMb,
      timeout: Duration.millis(limits.timeoutMs),
      runtime: FUNCTION_RUNTIME,
      architecture: Architecture.ARM_64,
      logGroup,
      role,
      bundling: FUNCTION_BUNDLING,
      environment: {
        // Stack traces point into the TypeScript sources instead of the minified bundle.
        NODE_OPTIONS: '--enable-source-maps',
        ...environment,
      },
    });
    this.functionLogGroup = logGroup;
  }
}
