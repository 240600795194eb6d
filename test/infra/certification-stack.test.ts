import { readdir, readFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { Annotations, Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, SERVICE_DEFAULTS } from '../../shared/config.js';
import { CERTIFY_FUNCTION } from '../../shared/lambda-limits.js';
import { parseRecertifyEvent, recertifyScheduleInput } from '../../shared/recertify-event.js';
import { createTableInput, TABLE_SCHEMA } from '../../shared/store/table-schema.js';
import { resolveIntrinsic, synthesize, type Synthesized } from './synth.js';

const partitionRegionAccount = (resource: string) => ({
  'Fn::Join': [
    '',
    [
      'arn:',
      { Ref: 'AWS::Partition' },
      ':bedrock:',
      { Ref: 'AWS::Region' },
      ':',
      { Ref: 'AWS::AccountId' },
      `:${resource}`,
    ],
  ],
});
const REGIONAL_PROFILES = [
  partitionRegionAccount('inference-profile/*'),
  partitionRegionAccount('application-inference-profile/*'),
];
const BEDROCK_ACTIONS = ['bedrock:InvokeModel', 'bedrock:InvokeModelWithResponseStream'];

/** The one function in the template: [logicalId, properties]. */
function lambdaFunction(template: Template): [string, Record<string, unknown>] {
  const functions = Object.entries(template.findResources('AWS::Lambda::Function'));
  expect(functions).toHaveLength(1);
  const [id, resource] = functions[0] as [string, { Properties: Record<string, unknown> }];
  return [id, resource.Properties];
}

function environmentOf(template: Template): Record<string, unknown> {
  return (lambdaFunction(template)[1].Environment as { Variables: Record<string, unknown> })
    .Variables;
}

function logicalId(template: Template, type: string): string {
  const ids = Object.keys(template.findResources(type));
  expect(ids).toHaveLength(1);
  return ids[0] as string;
}

/** The statements of the function role's only policy. */
function roleStatements(template: Template): Record<string, unknown>[] {
  const policies = Object.values(template.findResources('AWS::IAM::Policy')) as {
    Properties: { PolicyDocument: { Statement: Record<string, unknown>[] } };
  }[];
  expect(policies).toHaveLength(1);
  return (policies[0] as (typeof policies)[number]).Properties.PolicyDocument.Statement;
}

/** DynamoDB operations the store sends (`new XxxCommand(` in shared/store). */
async function storeDynamoDbActions(): Promise<string[]> {
  const dir = join(import.meta.dirname, '../../shared/store');
  const actions = new Set<string>();
  for (const file of await readdir(dir)) {
    if (!file.endsWith('.ts')) continue;
    const source = await readFile(join(dir, file), 'utf8');
    for (const match of source.matchAll(/new (\w+)Command\(/g)) actions.add(`dynamodb:${match[1]}`);
  }
  return [...actions].sort();
}

/** Bedrock control plane operations the catalog sends (`new XxxCommand(` and `paginateXxx(` in shared/catalog). */
async function catalogBedrockActions(): Promise<string[]> {
  const dir = join(import.meta.dirname, '../../shared/catalog');
  const actions = new Set<string>();
  for (const file of await readdir(dir)) {
    if (!file.endsWith('.ts')) continue;
    const source = await readFile(join(dir, file), 'utf8');
    for (const match of source.matchAll(/new (\w+)Command\(|paginate(\w+)\(/g))
      actions.add(`bedrock:${match[1] ?? match[2]}`);
  }
  return [...actions].sort();
}

/** Assertions that hold whichever way Cognito is wired. */
function describeCommonInfrastructure(synthesized: () => Synthesized): void {
  it('serves the function through a Function URL in RESPONSE_STREAM mode, with the JWT checked in code', () => {
    const { template } = synthesized();
    template.hasResourceProperties('AWS::Lambda::Url', {
      InvokeMode: 'RESPONSE_STREAM',
      AuthType: 'NONE',
      TargetFunctionArn: { 'Fn::GetAtt': [lambdaFunction(template)[0], 'Arn'] },
    });
  });

  it("runs Node.js 22 on ARM64 with Lambda's largest timeout, for batches (a single certification ends within 75 s)", () => {
    const [, fn] = lambdaFunction(synthesized().template);
    expect(fn).toMatchObject({
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
      MemorySize: 512,
    });
    expect(fn.Timeout).toBe(900);
    expect(CERTIFY_FUNCTION.timeoutMs).toBe(900_000);
  });

  it('logs to its own log group with a retention, writable by the role and nothing broader', () => {
    const { template } = synthesized();
    const logGroupId = logicalId(template, 'AWS::Logs::LogGroup');
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
    expect(lambdaFunction(template)[1].LoggingConfig).toEqual({ LogGroup: { Ref: logGroupId } });
    expect(roleStatements(template)).toContainEqual({
      Sid: 'WriteOwnLogGroup',
      Effect: 'Allow',
      Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      Resource: { 'Fn::GetAtt': [logGroupId, 'Arn'] },
    });
    // No managed policy: AWSLambdaBasicExecutionRole would allow every log group.
    template.hasResourceProperties('AWS::IAM::Role', { ManagedPolicyArns: Match.absent() });
  });

  it('creates the table on demand with TTL on expiresAt, the recent index, point-in-time recovery and KMS encryption', () => {
    synthesized().template.hasResourceProperties('AWS::DynamoDB::Table', {
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [
        { AttributeName: TABLE_SCHEMA.partitionKey.name, KeyType: 'HASH' },
        { AttributeName: TABLE_SCHEMA.sortKey.name, KeyType: 'RANGE' },
      ],
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
        { AttributeName: 'listedAt', AttributeType: 'S' },
      ],
      // What the local table is created with (createTableInput): the same sparse index.
      GlobalSecondaryIndexes: createTableInput('certifications').GlobalSecondaryIndexes,
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      // SSEEnabled without a key: the AWS managed KMS key (aws/dynamodb).
      SSESpecification: { SSEEnabled: true },
    });
  });

  it('lets the function invoke any model of its region, and other regions only through its inference profiles', () => {
    const statements = roleStatements(synthesized().template);
    expect(statements).toContainEqual({
      Sid: 'InvokeModelsInListedRegions',
      Effect: 'Allow',
      Action: BEDROCK_ACTIONS,
      Resource: [
        {
          'Fn::Join': [
            '',
            [
              'arn:',
              { Ref: 'AWS::Partition' },
              ':bedrock:',
              { Ref: 'AWS::Region' },
              '::foundation-model/*',
            ],
          ],
        },
        ...REGIONAL_PROFILES,
      ],
    });
    expect(statements).toContainEqual({
      Sid: 'InvokeModelsBehindInferenceProfiles',
      Effect: 'Allow',
      Action: BEDROCK_ACTIONS,
      Resource: [
        { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':bedrock:*::foundation-model/*']] },
        { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':bedrock:::foundation-model/*']] },
      ],
      Condition: { StringLike: { 'bedrock:InferenceProfileArn': REGIONAL_PROFILES } },
    });
  });

  it('lets Bedrock subscribe the account to a third-party model through Marketplace on its first call, and nothing else', () => {
    const statements = roleStatements(synthesized().template);
    expect(statements).toContainEqual({
      Sid: 'SubscribeToModelsThroughBedrock',
      Effect: 'Allow',
      Action: ['aws-marketplace:Subscribe', 'aws-marketplace:ViewSubscriptions'],
      Resource: '*',
      Condition: { StringEquals: { 'aws:CalledViaLast': 'bedrock.amazonaws.com' } },
    });
    // No other Marketplace action (Unsubscribe included), and none without the condition.
    const marketplace = statements.filter((statement) =>
      JSON.stringify(statement.Action).includes('aws-marketplace:'),
    );
    expect(marketplace).toHaveLength(1);
  });

  it('lets the catalog and the Regions view ask the control plane of its Region exactly what they send, on "*" as those actions require', async () => {
    const statements = roleStatements(synthesized().template);
    const listing = statements.filter((statement) =>
      JSON.stringify(statement.Action).includes('bedrock:List'),
    );
    expect(listing).toEqual([
      {
        Sid: 'ReadControlPlaneOfListedRegions',
        Effect: 'Allow',
        Action: [
          'bedrock:ListFoundationModels',
          'bedrock:ListInferenceProfiles',
          'bedrock:GetFoundationModelAvailability',
        ],
        Resource: '*',
        Condition: { StringEquals: { 'aws:RequestedRegion': [{ Ref: 'AWS::Region' }] } },
      },
    ]);
    expect(await catalogBedrockActions()).toEqual([
      'bedrock:GetFoundationModelAvailability',
      'bedrock:ListFoundationModels',
      'bedrock:ListInferenceProfiles',
    ]);
    // No other control plane action (Get*, Create*, ...) anywhere in the role.
    const bedrockActions = statements
      .flatMap((statement) => [statement.Action].flat() as string[])
      .filter((action) => action.startsWith('bedrock:'));
    expect(new Set(bedrockActions)).toEqual(
      new Set([
        'bedrock:InvokeModel',
        'bedrock:InvokeModelWithResponseStream',
        'bedrock:ListFoundationModels',
        'bedrock:ListInferenceProfiles',
        'bedrock:GetFoundationModelAvailability',
      ]),
    );
    expect(synthesized().acknowledgments.get('AwsSolutions-IAM5[Resource::*]')).toMatch(
      /bedrock:ListFoundationModels, bedrock:ListInferenceProfiles and bedrock:GetFoundationModelAvailability .* no resource type/,
    );
  });

  it('grants exactly the item operations the store sends, on this table only, and Query on its index', async () => {
    const { template } = synthesized();
    const tableId = logicalId(template, 'AWS::DynamoDB::Table');
    const dynamo = roleStatements(template).filter((statement) =>
      JSON.stringify(statement.Action).includes('dynamodb:'),
    );
    expect(dynamo).toEqual([
      {
        Sid: 'CertificationTable',
        Effect: 'Allow',
        Action: [
          'dynamodb:GetItem',
          'dynamodb:BatchGetItem',
          'dynamodb:PutItem',
          'dynamodb:UpdateItem',
          'dynamodb:Query',
          'dynamodb:DeleteItem',
        ],
        Resource: { 'Fn::GetAtt': [tableId, 'Arn'] },
      },
      {
        Sid: 'CertificationTableRecentIndex',
        Effect: 'Allow',
        Action: 'dynamodb:Query',
        Resource: {
          'Fn::Join': ['', [{ 'Fn::GetAtt': [tableId, 'Arn'] }, '/index/recent']],
        },
      },
    ]);
    expect([...(dynamo[0]?.Action as string[])].sort()).toEqual(await storeDynamoDbActions());
  });

  it('creates nothing scheduled without a watch list: no schedule, second function, PutEvents, rule, topic or subscription', () => {
    const { template } = synthesized();
    for (const type of [
      'AWS::Scheduler::Schedule',
      'AWS::Events::Rule',
      'AWS::SNS::Topic',
      'AWS::SNS::Subscription',
      'AWS::Lambda::EventInvokeConfig',
    ]) {
      expect(Object.keys(template.findResources(type)), type).toEqual([]);
    }
    expect(Object.keys(template.findResources('AWS::Lambda::Function'))).toHaveLength(1);
    expect(JSON.stringify(template.toJSON())).not.toContain('events:PutEvents');
    expect(environmentOf(template).CHANGE_EVENT_BUS).toBeUndefined();
  });

  it('holds no other permission than logs, Bedrock (with its Marketplace subscription and the catalog listing) and the table', () => {
    const sids = roleStatements(synthesized().template).map((statement) => statement.Sid);
    expect(sids).toEqual([
      'WriteOwnLogGroup',
      'InvokeModelsInListedRegions',
      'InvokeModelsBehindInferenceProfiles',
      'SubscribeToModelsThroughBedrock',
      'ReadControlPlaneOfListedRegions',
      'CertificationTable',
      'CertificationTableRecentIndex',
    ]);
  });

  it('passes an environment the handler configuration accepts, setting only what differs from its defaults', () => {
    const { template } = synthesized();
    const env = Object.fromEntries(
      Object.entries(environmentOf(template)).map(([name, value]) => [
        name,
        resolveIntrinsic(value, {}),
      ]),
    );
    // AWS_REGION is set by Lambda itself (a reserved variable); the stack must not set it.
    expect(env.AWS_REGION).toBeUndefined();
    // A pool id the configuration accepts stands in for the created pool's reference.
    const config = loadConfig({
      ...env,
      AWS_REGION: 'eu-west-1',
      AUTH_USER_POOL_ID: 'eu-west-1_Created123',
    });
    expect(config.tableName).toBe(`<${logicalId(template, 'AWS::DynamoDB::Table')}>`);
    expect(
      Object.keys(env).filter((name) =>
        /^(CACHE_TTL|CERTIFICATION_DEADLINE|PROBE_TIMEOUT|KEEPALIVE|RATE_LIMIT_WINDOW)/.test(name),
      ),
    ).toEqual([]);
    expect(config.cacheTtlSeconds).toEqual(SERVICE_DEFAULTS.cacheTtlSeconds);
    expect(config.certificationDeadlineMs).toBe(SERVICE_DEFAULTS.certificationDeadlineMs);
    expect(config.bedrockEndpoint).toBeUndefined();
    expect(config.bedrockControlPlaneEndpoint).toBeUndefined();
    expect(config.catalogListingTtlSeconds).toBe(SERVICE_DEFAULTS.catalogListingTtlSeconds);
    expect(config.dynamoDbEndpoint).toBeUndefined();
    expect(env).toMatchObject({
      NODE_OPTIONS: '--enable-source-maps',
      POWERTOOLS_SERVICE_NAME: 'bedrock-certification',
      POWERTOOLS_LOG_LEVEL: 'INFO',
    });
  });

  it('outputs the function URL, user pool, app client and table name', () => {
    const { template } = synthesized();
    expect(Object.keys(template.findOutputs('*')).sort()).toEqual([
      'FunctionUrl',
      'TableName',
      'UserPoolClientId',
      'UserPoolId',
    ]);
    template.hasOutput('FunctionUrl', {
      Value: { 'Fn::GetAtt': [logicalId(template, 'AWS::Lambda::Url'), 'FunctionUrl'] },
    });
    template.hasOutput('TableName', {
      Value: { Ref: logicalId(template, 'AWS::DynamoDB::Table') },
    });
  });

  it('has no unacknowledged cdk-nag AwsSolutions finding, and every acknowledgment has a reason', () => {
    const { nagFindings, acknowledgments } = synthesized();
    expect(nagFindings).toEqual([]);
    for (const [id, reason] of acknowledgments) {
      expect(reason.length, `reason of ${id}`).toBeGreaterThan(60);
    }
  });
}

describe('CertificationStack, creating its Cognito user pool', () => {
  let synthesized: Synthesized;
  beforeAll(async () => {
    synthesized = await synthesize(
      { allowedOrigins: 'https://a.example,https://b.example', reservedConcurrency: '3' },
      { viaApp: true },
    );
    return () => synthesized.cleanup();
  });

  describeCommonInfrastructure(() => synthesized);

  it('creates a user pool without self sign-up, with a strong password policy and optional TOTP', () => {
    synthesized.template.hasResourceProperties('AWS::Cognito::UserPool', {
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      Policies: {
        PasswordPolicy: {
          MinimumLength: 12,
          RequireLowercase: true,
          RequireUppercase: true,
          RequireNumbers: true,
          RequireSymbols: true,
        },
      },
      MfaConfiguration: 'OPTIONAL',
      EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
    });
  });

  it('creates a public app client that can get tokens with USER_PASSWORD_AUTH and SRP', () => {
    const { template } = synthesized;
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      UserPoolId: { Ref: logicalId(template, 'AWS::Cognito::UserPool') },
      GenerateSecret: false,
      ExplicitAuthFlows: Match.arrayWith(['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_USER_SRP_AUTH']),
      AllowedOAuthFlowsUserPoolClient: false,
    });
  });

  it('wires the function to the created pool by its id, client id from the client', () => {
    const { template } = synthesized;
    const env = environmentOf(template);
    const poolId = logicalId(template, 'AWS::Cognito::UserPool');
    const clientId = logicalId(template, 'AWS::Cognito::UserPoolClient');
    expect(env.AUTH_USER_POOL_ID).toEqual({ Ref: poolId });
    expect(env.AUTH_ISSUER).toBeUndefined();
    expect(env.AUTH_CLIENT_ID).toEqual({ Ref: clientId });
    template.hasOutput('UserPoolId', { Value: { Ref: poolId } });
    template.hasOutput('UserPoolClientId', { Value: { Ref: clientId } });
  });

  it('allows the listed origins to call the URL with Authorization and Content-Type, GET and POST', () => {
    synthesized.template.hasResourceProperties('AWS::Lambda::Url', {
      Cors: {
        AllowOrigins: ['https://a.example', 'https://b.example'],
        AllowMethods: ['GET', 'POST'],
        AllowHeaders: ['authorization', 'content-type'],
        ExposeHeaders: ['retry-after', 'x-request-id'],
        AllowCredentials: false,
        MaxAge: 3600,
      },
    });
  });

  it('synthesizes as `cdk synth` does, with the cdk-nag plugin registered and reporting nothing', () => {
    // app.synth() would have thrown on an unacknowledged finding; the report also lists
    // warnings, which would not fail the synth.
    expect(synthesized.stack.stackName).toBe('BedrockModelCertification');
    expect(synthesized.validationReports).toEqual([]);
  });

  it('caps concurrency when asked', () => {
    expect(lambdaFunction(synthesized.template)[1].ReservedConcurrentExecutions).toBe(3);
  });

  it('warns at synth that a reservation needs the account limit plus 100, which a new account may not have', () => {
    const warnings = Annotations.fromStack(synthesized.stack).findWarning(
      '*',
      Match.stringLikeRegexp('reservedConcurrency=3'),
    );
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.entry.data).toMatch(
      /at least 103 .*New accounts may start with a limit of 10.*get-account-settings/,
    );
  });

  it("leaves the rate limit to the service's default, and sets no monthly quota, unless asked", () => {
    expect(environmentOf(synthesized.template).RATE_LIMIT_PER_MINUTE).toBeUndefined();
    expect(environmentOf(synthesized.template).READ_RATE_LIMIT_PER_MINUTE).toBeUndefined();
    expect(environmentOf(synthesized.template).MONTHLY_CERTIFICATION_QUOTA).toBeUndefined();
  });

  it("creates the admins group in the pool it creates: its members read every user's usage", () => {
    const { template } = synthesized;
    const groups = Object.values(template.findResources('AWS::Cognito::UserPoolGroup'));
    expect(groups).toHaveLength(1);
    expect(groups[0]).toMatchObject({
      Properties: {
        GroupName: 'admins',
        UserPoolId: { Ref: logicalId(template, 'AWS::Cognito::UserPool') },
      },
    });
  });

  it('retains the table, user pool and logs by default, with table deletion protection on', () => {
    const { template } = synthesized;
    template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({ DeletionProtectionEnabled: true }),
    });
    template.hasResource('AWS::Cognito::UserPool', { DeletionPolicy: 'Retain' });
    template.hasResource('AWS::Logs::LogGroup', { DeletionPolicy: 'Retain' });
  });

  it('acknowledges exactly the reviewed cdk-nag findings', () => {
    expect([...synthesized.acknowledgments.keys()].sort()).toEqual([
      'AwsSolutions-COG2',
      'AwsSolutions-COG8',
      'AwsSolutions-IAM5[Resource::*]',
      'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:bedrock:*::foundation-model/*]',
      'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:bedrock:::foundation-model/*]',
      'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:bedrock:<AWS::Region>::foundation-model/*]',
      'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:bedrock:<AWS::Region>:<AWS::AccountId>:application-inference-profile/*]',
      'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:bedrock:<AWS::Region>:<AWS::AccountId>:inference-profile/*]',
      'AwsSolutions-L1',
    ]);
  });
});

describe('CertificationStack, importing a user pool from context', () => {
  const userPoolId = 'eu-central-1_AbCdEf123';
  const userPoolClientId = '4example5client6id7abcdefgh';
  let synthesized: Synthesized;
  beforeAll(async () => {
    synthesized = await synthesize({
      userPoolId,
      userPoolClientId,
      removalPolicy: 'destroy',
      rateLimitPerMinute: '30',
      readRateLimitPerMinute: '240',
      monthlyQuota: '200',
    });
    return () => synthesized.cleanup();
  });

  describeCommonInfrastructure(() => synthesized);

  it("creates no Cognito resource (the admins group of an imported pool is the deployer's to create)", () => {
    expect(Object.keys(synthesized.template.findResources('AWS::Cognito::UserPool'))).toEqual([]);
    expect(Object.keys(synthesized.template.findResources('AWS::Cognito::UserPoolClient'))).toEqual(
      [],
    );
    expect(Object.keys(synthesized.template.findResources('AWS::Cognito::UserPoolGroup'))).toEqual(
      [],
    );
  });

  it('wires the function to the imported pool by its id (the verifier accepts both issuer forms), the given client id', () => {
    const { template } = synthesized;
    const env = environmentOf(template);
    expect(env.AUTH_USER_POOL_ID).toBe(userPoolId);
    expect(env.AUTH_ISSUER).toBeUndefined();
    expect(env.AUTH_CLIENT_ID).toBe(userPoolClientId);
    expect(loadConfig({ ...env, AWS_REGION: 'eu-west-1', TABLE_NAME: 'table' }).auth).toEqual({
      userPoolId,
      clientId: userPoolClientId,
    });
    template.hasOutput('UserPoolId', { Value: userPoolId });
    template.hasOutput('UserPoolClientId', { Value: userPoolClientId });
  });

  it('sends no CORS configuration when no origin is allowed (the page at / is same-origin)', () => {
    synthesized.template.hasResourceProperties('AWS::Lambda::Url', { Cors: Match.absent() });
  });

  it('passes rate limits and a monthly quota given as context, which the handler configuration accepts', () => {
    const env = environmentOf(synthesized.template);
    expect(env.RATE_LIMIT_PER_MINUTE).toBe('30');
    expect(env.READ_RATE_LIMIT_PER_MINUTE).toBe('240');
    expect(env.MONTHLY_CERTIFICATION_QUOTA).toBe('200');
    const config = loadConfig({ ...env, AWS_REGION: 'eu-west-1', TABLE_NAME: 'table' });
    expect(config.monthlyCertificationQuota).toBe(200);
    expect(config.readRateLimit).toEqual({ limit: 240 });
  });

  it('leaves concurrency to the account pool unless asked, and then has nothing to warn about', () => {
    expect(lambdaFunction(synthesized.template)[1].ReservedConcurrentExecutions).toBeUndefined();
    expect(
      Annotations.fromStack(synthesized.stack).findWarning(
        '*',
        Match.stringLikeRegexp('reservedConcurrency'),
      ),
    ).toEqual([]);
  });

  it('deletes the table and logs on destroy only because the context asked, and drops deletion protection', () => {
    const { template } = synthesized;
    template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Delete',
      Properties: Match.objectLike({ DeletionProtectionEnabled: false }),
    });
    template.hasResource('AWS::Logs::LogGroup', { DeletionPolicy: 'Delete' });
  });
});

/** Resources of `type` as [logicalId, properties]. */
function resources(template: Template, type: string): [string, Record<string, unknown>][] {
  return Object.entries(template.findResources(type)).map(([id, resource]) => [
    id,
    (resource as { Properties: Record<string, unknown> }).Properties,
  ]);
}

/** The function whose logical id starts with `prefix`. */
function functionNamed(template: Template, prefix: string): [string, Record<string, unknown>] {
  const found = resources(template, 'AWS::Lambda::Function').filter(([id]) =>
    id.startsWith(prefix),
  );
  expect(found).toHaveLength(1);
  return found[0] as [string, Record<string, unknown>];
}

/** The statements of the policy attached to the role whose logical id starts with `prefix`. */
function statementsOfRole(template: Template, prefix: string): Record<string, unknown>[] {
  const policies = resources(template, 'AWS::IAM::Policy').filter(([, policy]) =>
    (policy.Roles as { Ref: string }[]).some((role) => role.Ref.startsWith(prefix)),
  );
  expect(policies).toHaveLength(1);
  return (policies[0]?.[1].PolicyDocument as { Statement: Record<string, unknown>[] }).Statement;
}

const WATCHLIST = ['amazon.nova-pro-v1:0', 'us.anthropic.claude-sonnet-4-5-20250929-v1:0'];
const DEFAULT_BUS = {
  'Fn::Join': [
    '',
    [
      'arn:',
      { Ref: 'AWS::Partition' },
      ':events:',
      { Ref: 'AWS::Region' },
      ':',
      { Ref: 'AWS::AccountId' },
      ':event-bus/default',
    ],
  ],
};

describe('CertificationStack with -c watchlist=... -c alertEmail=...', () => {
  let synthesized: Synthesized;
  beforeAll(async () => {
    synthesized = await synthesize(
      {
        watchlist: WATCHLIST.join(','),
        recertifySchedule: 'cron(0 6 ? * MON-FRI *)',
        alertEmail: 'ops@example.com',
      },
      { viaApp: true },
    );
    return () => synthesized.cleanup();
  });

  it('creates an EventBridge Scheduler schedule, in UTC, that invokes the re-certify function with the watch list', () => {
    const { template } = synthesized;
    const [recertifyId] = functionNamed(template, 'RecertifyFunction');
    const schedules = resources(template, 'AWS::Scheduler::Schedule');
    expect(schedules).toHaveLength(1);
    const [, schedule] = schedules[0] as [string, Record<string, unknown>];
    expect(schedule).toMatchObject({
      ScheduleExpression: 'cron(0 6 ? * MON-FRI *)',
      ScheduleExpressionTimezone: 'Etc/UTC',
      FlexibleTimeWindow: { Mode: 'OFF' },
      State: 'ENABLED',
      Target: {
        Arn: { 'Fn::GetAtt': [recertifyId, 'Arn'] },
        RoleArn: {
          'Fn::GetAtt': [expect.stringMatching(/^RecertificationSchedulerRole/) as string, 'Arn'],
        },
        RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 3600 },
      },
    });
    // The input the function parses: the watch list, and the context attributes Scheduler fills in.
    const input = JSON.parse((schedule.Target as { Input: string }).Input) as unknown;
    expect(parseRecertifyEvent(input).modelIds).toEqual(WATCHLIST);
    expect(input).toEqual(recertifyScheduleInput(WATCHLIST));
  });

  it('adds a second function, without a URL, that runs up to 15 minutes, is not retried, and is configured as the certify function', () => {
    const { template } = synthesized;
    const [certifyId, certify] = functionNamed(template, 'CertifyFunction');
    const [recertifyId, recertify] = functionNamed(template, 'RecertifyFunction');
    expect(recertify).toMatchObject({
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
      Timeout: 900,
    });
    expect(resources(template, 'AWS::Lambda::Url').map(([, url]) => url.TargetFunctionArn)).toEqual(
      [{ 'Fn::GetAtt': [certifyId, 'Arn'] }],
    );
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: recertifyId },
      MaximumRetryAttempts: 0,
    });
    const env = (fn: Record<string, unknown>) =>
      (fn.Environment as { Variables: Record<string, unknown> }).Variables;
    expect(env(recertify)).toEqual(env(certify));
    expect(env(certify).CHANGE_EVENT_BUS).toEqual(DEFAULT_BUS);
    const config = loadConfig({
      ...Object.fromEntries(
        Object.entries(env(recertify)).map(([k, v]) => [
          k,
          resolveIntrinsic(v, {
            'AWS::Partition': 'aws',
            'AWS::Region': 'eu-west-1',
            'AWS::AccountId': '123456789012',
          }),
        ]),
      ),
      AWS_REGION: 'eu-west-1',
      AUTH_USER_POOL_ID: 'eu-west-1_Created123',
    });
    expect(config.changeEventBus).toBe('arn:aws:events:eu-west-1:123456789012:event-bus/default');
    expect(config.recertifyConcurrency).toBe(SERVICE_DEFAULTS.recertifyConcurrency);
  });

  it('lets the scheduler role only be assumed by Scheduler for this account, and only invoke that function', () => {
    const { template } = synthesized;
    const [recertifyId] = functionNamed(template, 'RecertifyFunction');
    const roles = resources(template, 'AWS::IAM::Role').filter(([id]) =>
      id.startsWith('RecertificationSchedulerRole'),
    );
    expect(roles).toHaveLength(1);
    expect((roles[0]?.[1].AssumeRolePolicyDocument as { Statement: unknown[] }).Statement).toEqual([
      {
        Action: 'sts:AssumeRole',
        Effect: 'Allow',
        Principal: { Service: 'scheduler.amazonaws.com' },
        Condition: {
          StringEquals: {
            'aws:SourceAccount': { Ref: 'AWS::AccountId' },
            'aws:SourceArn': {
              'Fn::Join': [
                '',
                [
                  'arn:',
                  { Ref: 'AWS::Partition' },
                  ':scheduler:',
                  { Ref: 'AWS::Region' },
                  ':',
                  { Ref: 'AWS::AccountId' },
                  ':schedule-group/default',
                ],
              ],
            },
          },
        },
      },
    ]);
    expect(statementsOfRole(template, 'RecertificationSchedulerRole')).toEqual([
      {
        Sid: 'InvokeRecertifyFunction',
        Effect: 'Allow',
        Action: 'lambda:InvokeFunction',
        Resource: { 'Fn::GetAtt': [recertifyId, 'Arn'] },
      },
    ]);
  });

  it('grants events:PutEvents on the default bus only, for the change events only, to both functions; the re-certify function holds what the certify function holds but the catalog listing', () => {
    const { template } = synthesized;
    const certify = statementsOfRole(template, 'CertifyFunctionRole');
    const recertify = statementsOfRole(template, 'RecertifyFunctionRole');
    const putEvents = {
      Sid: 'PutChangeEventsOnDefaultBus',
      Effect: 'Allow',
      Action: 'events:PutEvents',
      Resource: DEFAULT_BUS,
      Condition: {
        StringEquals: {
          'events:source': 'bedrock-model-certification',
          'events:detail-type': 'Certification Changed',
        },
      },
    };
    expect(certify).toContainEqual(putEvents);
    expect(recertify).toContainEqual(putEvents);
    expect(recertify.map((statement) => statement.Sid)).toEqual(
      certify
        .map((statement) => statement.Sid)
        .filter((sid) => sid !== 'ReadControlPlaneOfListedRegions'),
    );
    expect(certify.map((statement) => statement.Sid)).toContain('ReadControlPlaneOfListedRegions');
    // Nobody else may put events, and nobody may use any other events action.
    const allStatements = resources(template, 'AWS::IAM::Policy').flatMap(
      ([, policy]) => (policy.PolicyDocument as { Statement: Record<string, unknown>[] }).Statement,
    );
    expect(
      allStatements.filter((statement) => JSON.stringify(statement.Action).includes('events:')),
    ).toEqual([putEvents, putEvents]);
  });

  it('with alertEmail: a rule on the change events feeds an SNS topic (TLS only) that the email is subscribed to', () => {
    const { template } = synthesized;
    const [topicId] = resources(template, 'AWS::SNS::Topic')[0] as [string, unknown];
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'ops@example.com',
      TopicArn: { Ref: topicId },
    });
    const rules = resources(template, 'AWS::Events::Rule');
    expect(rules).toHaveLength(1);
    expect(rules[0]?.[1]).toMatchObject({
      EventPattern: {
        source: ['bedrock-model-certification'],
        'detail-type': ['Certification Changed'],
      },
      State: 'ENABLED',
      Targets: [{ Arn: { Ref: topicId }, Id: expect.any(String) as string }],
    });
    // No EventBusName: the default bus, where the functions put the events.
    expect(rules[0]?.[1].EventBusName).toBeUndefined();
    // No role on the target (EventBridge's documentation: SNS targets use the topic's resource
    // policy), and so no role for EventBridge at all.
    expect(
      resources(template, 'AWS::IAM::Role').filter(([, role]) =>
        JSON.stringify(role.AssumeRolePolicyDocument).includes('events.amazonaws.com'),
      ),
    ).toEqual([]);
    // The topic admits EventBridge for this rule only, and nobody without TLS.
    const [ruleId] = rules[0] as [string, unknown];
    const policies = resources(template, 'AWS::SNS::TopicPolicy');
    expect(policies).toHaveLength(1);
    const policy = policies[0]?.[1] as {
      Topics: unknown[];
      PolicyDocument: { Statement: Record<string, unknown>[] };
    };
    expect(policy.Topics).toEqual([{ Ref: topicId }]);
    expect(policy.PolicyDocument.Statement).toEqual([
      expect.objectContaining({
        Effect: 'Deny',
        Action: 'sns:Publish',
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      }),
      {
        Sid: 'PublishCertificationChangesFromAlertRule',
        Effect: 'Allow',
        Principal: { Service: 'events.amazonaws.com' },
        Action: 'sns:Publish',
        Resource: { Ref: topicId },
        Condition: { ArnEquals: { 'aws:SourceArn': { 'Fn::GetAtt': [ruleId, 'Arn'] } } },
      },
    ]);
  });

  it('outputs the re-certify function name and the alert topic', () => {
    const { template } = synthesized;
    expect(Object.keys(template.findOutputs('*')).sort()).toEqual([
      'AlertTopicArn',
      'FunctionUrl',
      'RecertifyFunctionName',
      'TableName',
      'UserPoolClientId',
      'UserPoolId',
    ]);
  });

  it('is cdk-nag clean as `cdk synth` runs it; the one new acknowledgment (SNS2) has its reason', () => {
    const { nagFindings, acknowledgments, validationReports } = synthesized;
    expect(nagFindings).toEqual([]);
    expect(validationReports).toEqual([]);
    expect(acknowledgments.get('AwsSolutions-SNS2')).toMatch(/customer managed KMS key/);
    for (const [id, reason] of acknowledgments)
      expect(reason.length, `reason of ${id}`).toBeGreaterThan(60);
  });

  it('bundles the re-certify handler with shared code only: no local stand-in, no HTTP app or page', async () => {
    const { template, outdir } = synthesized;
    const [, recertify] = functionNamed(template, 'RecertifyFunction');
    const assetDir = join(
      outdir,
      `asset.${(recertify.Code as { S3Key: string }).S3Key.replace(/\.zip$/, '')}`,
    );
    const map = JSON.parse(await readFile(join(assetDir, 'index.mjs.map'), 'utf8')) as {
      sources: string[];
    };
    const projectRoot = join(import.meta.dirname, '../..');
    const own = map.sources
      .map((source) => relative(projectRoot, resolve(assetDir, source)))
      .filter((file) => !file.split('/').includes('node_modules'));
    expect(own).toContain('functions/recertify/handler.ts');
    expect(
      own.filter((file) => !file.startsWith('functions/recertify/') && !file.startsWith('shared/')),
    ).toEqual([]);
    expect(
      own.filter(
        (file) => file.startsWith('shared/web/') || file.startsWith('shared/http/handlers/'),
      ),
    ).toEqual([]);
  });
});

describe('CertificationStack with a watch list and no alert email', () => {
  let synthesized: Synthesized;
  beforeAll(async () => {
    synthesized = await synthesize({ watchlist: 'amazon.nova-lite-v1:0' });
    return () => synthesized.cleanup();
  });

  it('schedules the default rate(1 day) and puts change events, with no topic, rule or subscription', () => {
    const { template } = synthesized;
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'rate(1 day)',
    });
    expect(resources(template, 'AWS::Lambda::Function')).toHaveLength(2);
    for (const type of ['AWS::Events::Rule', 'AWS::SNS::Topic', 'AWS::SNS::Subscription'])
      expect(resources(template, type), type).toEqual([]);
    expect(synthesized.nagFindings).toEqual([]);
  });
});

describe('CertificationStack certifying in several Regions', () => {
  const REGIONS = ['us-east-1', 'eu-west-1', 'ap-northeast-1'];
  let synthesized: Synthesized;
  beforeAll(async () => {
    synthesized = await synthesize({ regions: REGIONS.join(',') }, { viaApp: true });
    return () => synthesized.cleanup();
  });
  const inRegion = (region: string, account: boolean, resource: string) => ({
    'Fn::Join': [
      '',
      account
        ? [
            'arn:',
            { Ref: 'AWS::Partition' },
            `:bedrock:${region}:`,
            { Ref: 'AWS::AccountId' },
            `:${resource}`,
          ]
        : ['arn:', { Ref: 'AWS::Partition' }, `:bedrock:${region}::${resource}`],
    ],
  });

  it('passes the list to the handler, whose configuration reads it', () => {
    const env = environmentOf(synthesized.template);
    expect(env.CERTIFICATION_REGIONS).toBe(REGIONS.join(','));
    const config = loadConfig({
      AWS_REGION: 'eu-west-1',
      TABLE_NAME: 't',
      AUTH_USER_POOL_ID: 'eu-west-1_Created123',
      AUTH_CLIENT_ID: 'c',
      CERTIFICATION_REGIONS: env.CERTIFICATION_REGIONS as string,
    });
    expect(config.regions).toEqual(['eu-west-1', 'us-east-1', 'ap-northeast-1']);
  });

  it('invokes models and profiles in each listed Region, and the models behind their profiles anywhere', () => {
    const statements = roleStatements(synthesized.template);
    const profiles = REGIONS.flatMap((region) => [
      inRegion(region, true, 'inference-profile/*'),
      inRegion(region, true, 'application-inference-profile/*'),
    ]);
    expect(statements).toContainEqual({
      Sid: 'InvokeModelsInListedRegions',
      Effect: 'Allow',
      Action: BEDROCK_ACTIONS,
      Resource: REGIONS.flatMap((region) => [
        inRegion(region, false, 'foundation-model/*'),
        inRegion(region, true, 'inference-profile/*'),
        inRegion(region, true, 'application-inference-profile/*'),
      ]),
    });
    expect(statements).toContainEqual(
      expect.objectContaining({
        Sid: 'InvokeModelsBehindInferenceProfiles',
        Condition: { StringLike: { 'bedrock:InferenceProfileArn': profiles } },
      }),
    );
    // Nothing of the stack's own Region unless it is listed.
    expect(JSON.stringify(statements)).not.toContain('"Ref":"AWS::Region"');
  });

  it('asks the control plane of the listed Regions only', () => {
    expect(roleStatements(synthesized.template)).toContainEqual(
      expect.objectContaining({
        Sid: 'ReadControlPlaneOfListedRegions',
        Resource: '*',
        Condition: { StringEquals: { 'aws:RequestedRegion': REGIONS } },
      }),
    );
  });

  it("is cdk-nag clean, each Region's wildcards acknowledged with the reason", () => {
    expect(synthesized.nagFindings).toEqual([]);
    expect(synthesized.validationReports).toEqual([]);
    for (const region of REGIONS)
      expect(
        synthesized.acknowledgments.get(
          `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:bedrock:${region}::foundation-model/*]`,
        ),
      ).toMatch(/listed Regions/);
  });
});
