import { fileURLToPath } from 'node:url';
import {
  Annotations,
  CfnOutput,
  Duration,
  RemovalPolicy,
  Stack,
  Token,
  Validations,
  type App,
  type StackProps,
} from 'aws-cdk-lib';
import {
  UserPool,
  UserPoolClient,
  type IUserPool,
  type IUserPoolClient,
} from 'aws-cdk-lib/aws-cognito';
import {
  AttributeType,
  BillingMode,
  ProjectionType,
  Table,
  TableEncryption,
} from 'aws-cdk-lib/aws-dynamodb';
import { Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import {
  FunctionUrlAuthType,
  HttpMethod,
  InvokeMode,
  type FunctionUrl,
  type FunctionUrlCorsOptions,
  type IFunction,
} from 'aws-cdk-lib/aws-lambda';
import cdkNag from 'cdk-nag';
import type { Construct } from 'constructs';
import { CERTIFY_FUNCTION } from '../shared/lambda-limits.js';
import { TABLE_SCHEMA } from '../shared/store/table-schema.js';
import { CHANGE_EVENT_DETAIL_TYPE, CHANGE_EVENT_SOURCE } from '../shared/types.js';
import { CertificationUserPool } from './constructs/certification-user-pool.js';
import { FunctionWithDefaults } from './constructs/function-defaults.js';
import { Recertification } from './constructs/recertification.js';
import { functionUrlCors, type FunctionUrlCors } from './function-url-cors.js';
import { readStackContext, type StackContext } from './stack-context.js';

// cdk-nag is CommonJS whose exports Node's ESM loader cannot detect by name.
const { AwsSolutionsChecks } = cdkNag;

/** The Lambda handler's source file; `NodejsFunction` bundles it and everything it imports. */
export const HANDLER_ENTRY = fileURLToPath(
  new URL('../functions/certify/handler.ts', import.meta.url),
);
/** The re-certify function's handler source, deployed with a watch list. */
export const RECERTIFY_HANDLER_ENTRY = fileURLToPath(
  new URL('../functions/recertify/handler.ts', import.meta.url),
);

/** Default stack name; `-c stackName=...` deploys a second, independent copy. */
export const DEFAULT_STACK_NAME = 'BedrockModelCertification';

/** Props of {@link CertificationStack}. */
export interface CertificationStackProps extends StackProps {
  /** Deployment choices, usually {@link readStackContext} of the app. */
  context: StackContext;
}

const DYNAMODB_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:Query',
  'dynamodb:DeleteItem',
];
const BEDROCK_ACTIONS = ['bedrock:InvokeModel', 'bedrock:InvokeModelWithResponseStream'];
/**
 * What the catalog and the Regions view ask the control plane (shared/catalog): the two listings
 * and whether the account may invoke a model, none of which has a resource type to narrow to.
 */
const BEDROCK_CONTROL_PLANE_ACTIONS = [
  'bedrock:ListFoundationModels',
  'bedrock:ListInferenceProfiles',
  'bedrock:GetFoundationModelAvailability',
];
/** What Bedrock needs of the caller to subscribe the account to a third-party model on its first invocation. */
const MARKETPLACE_ACTIONS = ['aws-marketplace:Subscribe', 'aws-marketplace:ViewSubscriptions'];
/**
 * The Bedrock resource wildcards the role holds in a listed Region, as cdk-nag spells them (the
 * stack's own Region as `<AWS::Region>`); each is acknowledged.
 */
const regionalWildcardFindings = (region: string): string[] => [
  `arn:<AWS::Partition>:bedrock:${region}::foundation-model/*`,
  `arn:<AWS::Partition>:bedrock:${region}:<AWS::AccountId>:inference-profile/*`,
  `arn:<AWS::Partition>:bedrock:${region}:<AWS::AccountId>:application-inference-profile/*`,
];
/** The Region-independent wildcards: models behind the account's cross-Region profiles. */
const CROSS_REGION_WILDCARD_FINDINGS = [
  'arn:<AWS::Partition>:bedrock:*::foundation-model/*',
  'arn:<AWS::Partition>:bedrock:::foundation-model/*',
];

/**
 * The deployable service: one streaming Lambda behind a Function URL, one DynamoDB table and a
 * Cognito user pool (created or imported). Nothing runs while idle.
 */
export class CertificationStack extends Stack {
  readonly table: Table;
  readonly function: FunctionWithDefaults;
  readonly functionUrl: FunctionUrl;
  readonly userPool: IUserPool;
  readonly userPoolClient: IUserPoolClient;
  /** With a watch list: the schedule, the re-certify function and (with `alertEmail`) the alerts. */
  readonly recertification?: Recertification;

  constructor(scope: Construct, id: string, props: CertificationStackProps) {
    super(scope, id, {
      description:
        'Bedrock model certification: streaming Lambda Function URL, DynamoDB table, Cognito user pool.',
      ...props,
    });
    const { context } = props;
    // RETAIN by default: the table holds usage meters and the pool holds users, neither of which
    // a `cdk destroy` should silently delete. `-c removalPolicy=destroy` is for throwaway stacks
    // (demos, CI); it also turns off the table's deletion protection so the delete can succeed.
    const removalPolicy =
      context.removalPolicy === 'destroy' ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN;

    this.table = new Table(this, 'Table', {
      partitionKey: {
        name: TABLE_SCHEMA.partitionKey.name,
        type: attributeType(TABLE_SCHEMA.partitionKey.type),
      },
      sortKey: { name: TABLE_SCHEMA.sortKey.name, type: attributeType(TABLE_SCHEMA.sortKey.type) },
      // On demand: traffic is a few bursts a day, and nothing is paid while idle.
      billingMode: BillingMode.PAY_PER_REQUEST,
      timeToLiveAttribute: TABLE_SCHEMA.timeToLiveAttribute,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      // The AWS managed key (aws/dynamodb): encryption with a KMS key in the deployer's account
      // whose use shows in CloudTrail, without a customer managed key's monthly fee and key
      // policy to maintain. The table holds model test results and counters, no user content;
      // a deployer needing key control can switch to CUSTOMER_MANAGED here.
      encryption: TableEncryption.AWS_MANAGED,
      removalPolicy,
      deletionProtection: removalPolicy === RemovalPolicy.RETAIN,
    });
    // GET /models pages newest first from this sparse index (shared/store/table-schema.ts).
    const { recentIndex } = TABLE_SCHEMA;
    this.table.addGlobalSecondaryIndex({
      indexName: recentIndex.name,
      partitionKey: {
        name: recentIndex.partitionKey.name,
        type: attributeType(recentIndex.partitionKey.type),
      },
      sortKey: { name: recentIndex.sortKey.name, type: attributeType(recentIndex.sortKey.type) },
      projectionType: ProjectionType.ALL,
    });

    const imported = context.importedUserPool;
    if (imported) {
      this.userPool = UserPool.fromUserPoolId(this, 'UserPool', imported.userPoolId);
      this.userPoolClient = UserPoolClient.fromUserPoolClientId(
        this,
        'UserPoolClient',
        imported.userPoolClientId,
      );
    } else {
      const created = new CertificationUserPool(this, 'UserPool', { removalPolicy });
      this.userPool = created;
      this.userPoolClient = created.client;
    }

    // With a watch list, runs that change a model are announced on the account's default bus.
    const changeEventBus =
      context.watchlist.length > 0
        ? this.formatArn({ service: 'events', resource: 'event-bus', resourceName: 'default' })
        : undefined;
    // Only what differs from shared/config.ts's SERVICE_DEFAULTS, which the handlers fall back to.
    // Both functions get the same, so a scheduled run is configured as a requested one.
    const environment: Record<string, string> = {
      TABLE_NAME: this.table.tableName,
      // The verifier derives the issuer from the pool id and accepts both forms Cognito uses
      // (cognito-idp.<region>... and, for pools on the updated issuer, issuer-cognito-idp...).
      AUTH_USER_POOL_ID: this.userPool.userPoolId,
      AUTH_CLIENT_ID: this.userPoolClient.userPoolClientId,
      ...(context.rateLimitPerMinute === undefined
        ? {}
        : { RATE_LIMIT_PER_MINUTE: String(context.rateLimitPerMinute) }),
      ...(context.readRateLimitPerMinute === undefined
        ? {}
        : { READ_RATE_LIMIT_PER_MINUTE: String(context.readRateLimitPerMinute) }),
      ...(context.monthlyQuota === undefined
        ? {}
        : { MONTHLY_CERTIFICATION_QUOTA: String(context.monthlyQuota) }),
      ...(changeEventBus === undefined ? {} : { CHANGE_EVENT_BUS: changeEventBus }),
      ...(context.regions === undefined
        ? {}
        : { CERTIFICATION_REGIONS: context.regions.join(',') }),
      POWERTOOLS_SERVICE_NAME: 'bedrock-certification',
      POWERTOOLS_LOG_LEVEL: 'INFO',
    };

    this.function = new FunctionWithDefaults(this, 'CertifyFunction', {
      entry: HANDLER_ENTRY,
      handler: 'handler',
      description: 'Certifies Bedrock models; streams progress over SSE from a Function URL.',
      // 512 MB and 90 s: why, in shared/lambda-limits.ts.
      limits: CERTIFY_FUNCTION,
      reservedConcurrentExecutions: context.reservedConcurrency,
      logRemovalPolicy: removalPolicy,
      environment,
    });
    const regions = context.regions ?? [this.region];
    this.grantServiceAccess(this.function, changeEventBus, { catalog: true, regions });
    if (context.reservedConcurrency !== undefined) {
      // Not knowable at synth: the account's limit. "New AWS accounts have reduced concurrency and
      // memory quotas" (https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html),
      // reported as 10, and Lambda keeps 100 unreserved, so there any reservation fails.
      Annotations.of(this.function).addWarningV2(
        'bedrock-certification:reserved-concurrency-account-limit',
        `reservedConcurrency=${context.reservedConcurrency} needs an account concurrency limit of at least ${context.reservedConcurrency + 100} in this Region (Lambda keeps 100 unreserved). New accounts may start with a limit of 10, where any reservation fails at deploy ("Specified ReservedConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below its minimum value"). Check with \`aws lambda get-account-settings --query AccountLimit.ConcurrentExecutions\`; if it is lower, raise it in Service Quotas or deploy without reservedConcurrency.`,
      );
    }

    // Auth NONE, and the JWT is verified in code (aws-jwt-verify against the user pool's JWKS):
    // AWS_IAM auth would require every caller, including the browser page, to sign requests with
    // SigV4 and AWS credentials, which users holding a Cognito token do not have. The URL is
    // public but answers nothing except /health and the page without a valid token.
    // A deployer who wants the URL reachable only through a CDN can put CloudFront in front with
    // an Origin Access Control for Lambda: set AWS_IAM here, allow `lambda:InvokeFunctionUrl` to
    // principal cloudfront.amazonaws.com with condition AWS:SourceArn = the distribution ARN, use
    // the CachingDisabled cache policy and the AllViewerExceptHostHeader origin request policy
    // (streamed responses pass through CloudFront). OAC then signs every origin request and so
    // overwrites the Authorization header: the bearer token has to travel in another header that
    // the app reads instead, and POST bodies need an `x-amz-content-sha256` header from the
    // client (https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/private-content-restricting-access-to-lambda.html).
    this.functionUrl = this.function.addFunctionUrl({
      authType: FunctionUrlAuthType.NONE,
      // RESPONSE_STREAM: SSE events reach the browser as they are written, not at the end.
      invokeMode: InvokeMode.RESPONSE_STREAM,
      // The page at GET / is same-origin and needs no CORS; other frontends are listed
      // explicitly. Without `allowedOrigins` the URL sends no CORS headers, so browsers on other
      // origins cannot read its answers. Lambda answers preflights itself from this config; the
      // local emulator applies the same settings (infra/function-url-cors.ts).
      cors: toCdkCors(functionUrlCors(context.allowedOrigins)),
    });

    new CfnOutput(this, 'FunctionUrl', {
      value: this.functionUrl.url,
      description: 'Service base URL (ends with /).',
    });
    new CfnOutput(this, 'UserPoolId', { value: this.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: this.userPoolClient.userPoolClientId });
    new CfnOutput(this, 'TableName', { value: this.table.tableName });

    if (context.watchlist.length > 0) {
      this.recertification = new Recertification(this, 'Recertification', {
        entry: RECERTIFY_HANDLER_ENTRY,
        watchlist: context.watchlist,
        schedule: context.recertifySchedule,
        alertEmail: context.alertEmail,
        environment,
        logRemovalPolicy: removalPolicy,
      });
      // It certifies through the service, and lists no catalog.
      this.grantServiceAccess(this.recertification.function, changeEventBus, {
        catalog: false,
        regions,
      });
      new CfnOutput(this, 'RecertifyFunctionName', {
        value: this.recertification.function.functionName,
        description: 'Invoke with {"modelIds": [...]} to re-certify now.',
      });
      const topic = this.recertification.alertTopic;
      if (topic) {
        new CfnOutput(this, 'AlertTopicArn', {
          value: topic.topicArn,
          description: 'Certification Changed events; subscribe more endpoints here.',
        });
        Validations.of(topic).acknowledge({
          id: 'AwsSolutions-SNS2',
          reason:
            'The topic carries certification change summaries (model ids, test outcomes), nothing secret. Encrypting it would take a customer managed KMS key whose policy admits EventBridge (the AWS managed SNS key does not), a fixed monthly cost for no protection the data needs; SNS3 (TLS only) is enforced.',
        });
      }
    }
  }

  /**
   * What a function that certifies through the service holds: Bedrock invoke (and, for the API,
   * the catalog's listing), the table's item operations and, with a watch list, putting change
   * events on the default bus.
   */
  private grantServiceAccess(
    fn: FunctionWithDefaults,
    changeEventBus: string | undefined,
    options: { catalog: boolean; regions: readonly string[] },
  ): void {
    this.grantBedrockInvoke(fn, options);
    this.grantTableAccess(fn);
    if (changeEventBus !== undefined) this.grantPutChangeEvents(fn, changeEventBus);
    Validations.of(fn).acknowledge({
      id: 'AwsSolutions-L1',
      reason:
        'Pinned to nodejs22.x (Node 22 LTS), the runtime the bundle target and the test suite use; moving to a newer runtime is a one-line change in infra/constructs/function-defaults.ts after the suite passes on it.',
    });
  }

  /**
   * `events:PutEvents` on the default bus only, and only for the service's own change events
   * (the `events:source` and `events:detail-type` condition keys of PutEvents).
   */
  private grantPutChangeEvents(fn: IFunction, defaultBusArn: string): void {
    fn.addToRolePolicy(
      new PolicyStatement({
        sid: 'PutChangeEventsOnDefaultBus',
        effect: Effect.ALLOW,
        actions: ['events:PutEvents'],
        resources: [defaultBusArn],
        conditions: {
          StringEquals: {
            'events:source': CHANGE_EVENT_SOURCE,
            'events:detail-type': CHANGE_EVENT_DETAIL_TYPE,
          },
        },
      }),
    );
  }

  /**
   * Converse authorizes as `bedrock:InvokeModel` and ConverseStream as
   * `bedrock:InvokeModelWithResponseStream` (Bedrock API reference, "This operation requires
   * permission for the bedrock:InvokeModel action"), in every listed Region. The catalog and the
   * Regions view ask the control plane of the listed Regions, and of no other.
   */
  private grantBedrockInvoke(
    fn: FunctionWithDefaults,
    options: { catalog: boolean; regions: readonly string[] },
  ): void {
    const arn = (region: string, account: string, resource: string) =>
      `arn:${this.partition}:bedrock:${region}:${account}:${resource}`;
    const profiles = options.regions.flatMap((region) => [
      arn(region, this.account, 'inference-profile/*'),
      arn(region, this.account, 'application-inference-profile/*'),
    ]);

    // Any model the deployer's account can reach in a listed Region, directly or through an
    // inference profile invoked there: certifying arbitrary model ids is the service's purpose.
    fn.addToRolePolicy(
      new PolicyStatement({
        sid: 'InvokeModelsInListedRegions',
        effect: Effect.ALLOW,
        actions: BEDROCK_ACTIONS,
        resources: options.regions.flatMap((region) => [
          arn(region, '', 'foundation-model/*'),
          arn(region, this.account, 'inference-profile/*'),
          arn(region, this.account, 'application-inference-profile/*'),
        ]),
      }),
    );
    // A cross-Region inference profile routes a call to the foundation model in another Region
    // of the profile (one the deployer may not list), and IAM authorizes that model ARN too.
    // "Prerequisites for inference profiles"
    // (https://docs.aws.amazon.com/bedrock/latest/userguide/inference-profiles-prereq.html)
    // documents `arn:aws:bedrock:*::foundation-model/*` for the destination Regions, and the
    // Region-less `arn:aws:bedrock:::foundation-model/...` for global profiles; its examples
    // restrict such grants with the `bedrock:InferenceProfileArn` condition, as done here, so
    // other Regions' models are reachable only through this account's profiles in listed Regions.
    fn.addToRolePolicy(
      new PolicyStatement({
        sid: 'InvokeModelsBehindInferenceProfiles',
        effect: Effect.ALLOW,
        actions: BEDROCK_ACTIONS,
        resources: [arn('*', '', 'foundation-model/*'), arn('', '', 'foundation-model/*')],
        conditions: { StringLike: { 'bedrock:InferenceProfileArn': profiles } },
      }),
    );
    // Model access is on by default, but the first call to a third-party model (Anthropic, Cohere,
    // ...) in an account subscribes it through AWS Marketplace, and Bedrock does that with the
    // caller's permissions: without these two actions the call fails with "Model access is denied
    // due to IAM user or service role is not authorized to perform the required AWS Marketplace
    // actions (aws-marketplace:ViewSubscriptions, aws-marketplace:Subscribe)". Unsubscribe, also
    // listed in "Access Amazon Bedrock foundation models", is never needed to invoke a model.
    // aws:CalledViaLast limits both to requests Bedrock makes on the function's behalf, so the
    // role itself cannot subscribe the account to anything.
    // (https://docs.aws.amazon.com/bedrock/latest/userguide/model-access.html)
    fn.addToRolePolicy(
      new PolicyStatement({
        sid: 'SubscribeToModelsThroughBedrock',
        effect: Effect.ALLOW,
        actions: MARKETPLACE_ACTIONS,
        resources: ['*'],
        conditions: { StringEquals: { 'aws:CalledViaLast': 'bedrock.amazonaws.com' } },
      }),
    );
    // The catalog's listing and the Regions view's access check. The Service Authorization
    // Reference gives these actions no resource type, so they can be granted only on "*"; they
    // read model and profile metadata of the account and invoke nothing, and aws:RequestedRegion
    // keeps them to the listed Regions.
    if (options.catalog) {
      fn.addToRolePolicy(
        new PolicyStatement({
          sid: 'ReadControlPlaneOfListedRegions',
          effect: Effect.ALLOW,
          actions: BEDROCK_CONTROL_PLANE_ACTIONS,
          resources: ['*'],
          conditions: { StringEquals: { 'aws:RequestedRegion': [...options.regions] } },
        }),
      );
    }
    const reason =
      "The service certifies any model id a user submits, so it must invoke every foundation model and inference profile of the listed Regions, and other Regions' models only through this account's inference profiles in them (bedrock:InferenceProfileArn condition), as documented in https://docs.aws.amazon.com/bedrock/latest/userguide/inference-profiles-prereq.html.";
    const findings = [
      ...options.regions.flatMap((region) =>
        regionalWildcardFindings(Token.isUnresolved(region) ? '<AWS::Region>' : region),
      ),
      ...CROSS_REGION_WILDCARD_FINDINGS,
    ];
    Validations.of(fn.role!).acknowledge(
      ...findings.map((finding) => ({ id: `AwsSolutions-IAM5[Resource::${finding}]`, reason })),
      {
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason:
          "aws-marketplace:Subscribe and aws-marketplace:ViewSubscriptions support no resource-level permissions (only Subscribe has the aws-marketplace:ProductId key, and the products are every third-party model a user may certify); the statement applies only to calls Bedrock makes on the function's behalf (aws:CalledViaLast = bedrock.amazonaws.com), which is how a first invocation subscribes the account. " +
          (!options.catalog
            ? ''
            : 'bedrock:ListFoundationModels, bedrock:ListInferenceProfiles and bedrock:GetFoundationModelAvailability (the catalog and the Regions view) have no resource type in the Service Authorization Reference, so they can only be granted on "*"; they read the account\'s model and profile metadata, invoke nothing, and are limited to the listed Regions (aws:RequestedRegion).'),
      },
    );
  }

  /** Exactly the item operations the store issues, on this table, and Query on its one index. */
  private grantTableAccess(fn: IFunction): void {
    fn.addToRolePolicy(
      new PolicyStatement({
        sid: 'CertificationTable',
        effect: Effect.ALLOW,
        actions: DYNAMODB_ACTIONS,
        resources: [this.table.tableArn],
      }),
    );
    fn.addToRolePolicy(
      new PolicyStatement({
        sid: 'CertificationTableRecentIndex',
        effect: Effect.ALLOW,
        actions: ['dynamodb:Query'],
        resources: [`${this.table.tableArn}/index/${TABLE_SCHEMA.recentIndex.name}`],
      }),
    );
  }
}

function attributeType(type: 'S' | 'N' | 'B'): AttributeType {
  return { S: AttributeType.STRING, N: AttributeType.NUMBER, B: AttributeType.BINARY }[type];
}

/**
 * Adds the certification stack to `app` with the app's context (see `readStackContext`) and
 * registers cdk-nag's AwsSolutions checks, so `cdk synth` fails on any unacknowledged finding.
 */
export function addCertificationStack(
  app: App,
  props: Omit<CertificationStackProps, 'context'> = {},
): CertificationStack {
  const stackName =
    (app.node.tryGetContext('stackName') as string | undefined) ?? DEFAULT_STACK_NAME;
  const stack = new CertificationStack(app, stackName, {
    ...props,
    context: readStackContext(app.node),
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  return stack;
}

/** The URL's CORS settings in CDK terms; `undefined` (no `Cors` block) when no origin is allowed. */
function toCdkCors(cors: FunctionUrlCors | undefined): FunctionUrlCorsOptions | undefined {
  if (!cors) return undefined;
  return {
    allowedOrigins: [...cors.allowedOrigins],
    allowedMethods: cors.allowedMethods.map((method) => HttpMethod[method]),
    allowedHeaders: [...cors.allowedHeaders],
    exposedHeaders: [...cors.exposedHeaders],
    allowCredentials: cors.allowCredentials,
    maxAge: Duration.seconds(cors.maxAgeSeconds),
  };
}
