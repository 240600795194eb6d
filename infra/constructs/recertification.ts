import { Stack, type RemovalPolicy } from 'aws-cdk-lib';
import { Rule, type IRuleTarget, type RuleTargetConfig } from 'aws-cdk-lib/aws-events';
import { Effect, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import {
  Schedule,
  ScheduleExpression,
  ScheduleTargetInput,
  TimeWindow,
  type IScheduleTarget,
  type ScheduleTargetConfig,
} from 'aws-cdk-lib/aws-scheduler';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import type { aws_events as eventsInterfaces } from 'aws-cdk-lib/interfaces';
import { RECERTIFY_FUNCTION } from '../../shared/lambda-limits.js';
import { recertifyScheduleInput } from '../../shared/recertify-event.js';
import { CHANGE_EVENT_DETAIL_TYPE, CHANGE_EVENT_SOURCE } from '../../shared/types.js';
import { FunctionWithDefaults } from './function-defaults.js';

/** Props of {@link Recertification}. */
export interface RecertificationProps {
  /** The re-certify function's handler source (`functions/recertify/handler.ts`). */
  entry: string;
  /** Model ids to re-certify, validated (stack context `watchlist`). */
  watchlist: readonly string[];
  /** An EventBridge Scheduler expression, validated (stack context `recertifySchedule`). */
  schedule: string;
  /** Subscribed to `Certification Changed` events when set (stack context `alertEmail`). */
  alertEmail?: string;
  /** The service's environment, the same the certify function gets. */
  environment: Record<string, string>;
  logRemovalPolicy: RemovalPolicy;
}

/**
 * Continuous certification: an EventBridge Scheduler schedule invokes the re-certify function
 * (no Function URL) with the watch list as its input; with `alertEmail`, a rule on the default
 * bus sends `Certification Changed` events to an SNS topic that email is subscribed to. The
 * stack grants the function what the certify function holds (Bedrock, the table, the change
 * events), since it certifies through the same service.
 */
export class Recertification extends Construct {
  readonly function: FunctionWithDefaults;
  readonly schedule: Schedule;
  /** The role Scheduler assumes to invoke the function, and nothing else. */
  readonly schedulerRole: Role;
  readonly alertTopic?: Topic;
  readonly alertRule?: Rule;

  constructor(scope: Construct, id: string, props: RecertificationProps) {
    super(scope, id);
    const stack = Stack.of(this);

    this.function = new FunctionWithDefaults(stack, 'RecertifyFunction', {
      entry: props.entry,
      handler: 'handler',
      description:
        'Re-certifies the watched Bedrock models on a schedule; announces changes on the default event bus.',
      // 512 MB, 15 minutes (Lambda's maximum): why, in shared/lambda-limits.ts.
      limits: RECERTIFY_FUNCTION,
      // A failed invocation is not run again: the models that were certified would be certified
      // (and paid for) twice, and the next schedule comes anyway.
      retryAttempts: 0,
      logRemovalPolicy: props.logRemovalPolicy,
      environment: props.environment,
    });

    // Trust limited to Scheduler acting for this account's default schedule group (a condition on
    // the schedule's own ARN would make the role and the schedule depend on each other).
    this.schedulerRole = new Role(this, 'SchedulerRole', {
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
        conditions: {
          StringEquals: {
            'aws:SourceAccount': stack.account,
            'aws:SourceArn': stack.formatArn({
              service: 'scheduler',
              resource: 'schedule-group',
              resourceName: 'default',
            }),
          },
        },
      }),
      description:
        'Assumed by EventBridge Scheduler to invoke the re-certify function, and nothing else.',
    });
    // The function's own ARN only, not `arn:*` (versions and aliases) as grantInvoke would add.
    this.schedulerRole.addToPrincipalPolicy(
      new PolicyStatement({
        sid: 'InvokeRecertifyFunction',
        effect: Effect.ALLOW,
        actions: ['lambda:InvokeFunction'],
        resources: [this.function.functionArn],
      }),
    );

    this.schedule = new Schedule(this, 'Schedule', {
      // Evaluated in UTC, as the local scheduler does.
      schedule: ScheduleExpression.expression(props.schedule),
      target: new RecertifyTarget(this.function.functionArn, this.schedulerRole, props.watchlist),
      description: `Re-certifies ${props.watchlist.length} watched Bedrock model(s).`,
      timeWindow: TimeWindow.off(),
    });

    if (props.alertEmail !== undefined) {
      // The events carry model ids and test outcomes, nothing secret; encryption at rest would
      // need a customer managed KMS key whose policy lets EventBridge use it (the AWS managed SNS
      // key does not), a monthly cost for no protection the data needs. In transit, TLS only.
      this.alertTopic = new Topic(this, 'AlertTopic', {
        displayName: 'Bedrock certification changes',
        enforceSSL: true,
      });
      this.alertTopic.addSubscription(new EmailSubscription(props.alertEmail));
      this.alertRule = new Rule(this, 'AlertRule', {
        description:
          'Certification Changed events of the Bedrock certification service, to the alert topic.',
        eventPattern: { source: [CHANGE_EVENT_SOURCE], detailType: [CHANGE_EVENT_DETAIL_TYPE] },
        targets: [new AlertTopicTarget(this.alertTopic)],
      });
    }
  }
}

/**
 * The alert topic as the rule's target, authorized by the topic's resource policy and not by a
 * role: EventBridge's documentation says not to set a `RoleArn` on targets that use resource-based
 * policies (Lambda, SNS, SQS, CloudWatch Logs), as event delivery may then fail
 * (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-resource-based.html). The
 * statement admits `events.amazonaws.com` only for this rule: `aws:SourceArn` is the ARN of the
 * rule that sends the event (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-conditions.html),
 * where CDK's `SnsTopic` target would let any rule of any account publish.
 */
class AlertTopicTarget implements IRuleTarget {
  constructor(private readonly topic: Topic) {}

  bind(rule: eventsInterfaces.IRuleRef): RuleTargetConfig {
    this.topic.addToResourcePolicy(
      new PolicyStatement({
        sid: 'PublishCertificationChangesFromAlertRule',
        effect: Effect.ALLOW,
        principals: [new ServicePrincipal('events.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: { ArnEquals: { 'aws:SourceArn': rule.ruleRef.ruleArn } },
      }),
    );
    return { arn: this.topic.topicArn, targetResource: this.topic };
  }
}

/**
 * Scheduler's templated Lambda target (`Invoke`), invoked asynchronously, with the watch list as
 * input and Scheduler's context attributes for the function's log. CDK's `LambdaInvoke` target
 * would grant the role `lambda:InvokeFunction` on the function's versions and aliases too.
 */
class RecertifyTarget implements IScheduleTarget {
  constructor(
    private readonly functionArn: string,
    private readonly role: Role,
    private readonly watchlist: readonly string[],
  ) {}

  bind(): ScheduleTargetConfig {
    return {
      arn: this.functionArn,
      role: this.role,
      input: ScheduleTargetInput.fromObject(recertifyScheduleInput(this.watchlist)),
      // Retries cover Scheduler failing to hand the event to Lambda (throttling), for an hour;
      // a failed run itself is not retried (the function's retryAttempts is 0).
      retryPolicy: { maximumRetryAttempts: 3, maximumEventAgeInSeconds: 3_600 },
    };
  }
}
