import { Duration, Validations, type RemovalPolicy } from 'aws-cdk-lib';
import {
  AccountRecovery,
  FeaturePlan,
  Mfa,
  UserPool,
  type UserPoolClient,
  type UserPoolGroup,
} from 'aws-cdk-lib/aws-cognito';
import { ADMIN_GROUP } from '../../shared/auth/groups.js';
import type { Construct } from 'constructs';

/** Props of {@link CertificationUserPool}. */
export interface CertificationUserPoolProps {
  /** Applied to the pool, which holds the users. */
  removalPolicy: RemovalPolicy;
}

/**
 * The user pool the stack creates when none is imported, with its one app client: users are
 * created by an administrator, sign in with a password (plus optional TOTP) and get access tokens
 * from InitiateAuth. A `UserPool` itself, like `FunctionWithDefaults` is a function, so its
 * logical id stays the one the stack has always given it.
 */
export class CertificationUserPool extends UserPool {
  /** The public client the CLI and browser pages get tokens from. */
  readonly client: UserPoolClient;
  /**
   * `admins`: its members read every user's usage (`GET /api/certification/admin/usage`).
   * Add one with `aws cognito-idp admin-add-user-to-group --group-name admins`.
   */
  readonly adminsGroup: UserPoolGroup;

  constructor(scope: Construct, id: string, props: CertificationUserPoolProps) {
    super(scope, id, {
      // Every user can spend the deployer's Bedrock budget, so strangers must not sign up.
      selfSignUpEnabled: false,
      signInAliases: { username: true, email: true },
      signInCaseSensitive: false,
      standardAttributes: { email: { required: true, mutable: true } },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      // Optional TOTP: users can enrol an authenticator app; SMS is off (per-message cost and
      // SIM-swap risk).
      mfa: Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      featurePlan: FeaturePlan.ESSENTIALS,
      removalPolicy: props.removalPolicy,
    });
    this.client = this.addClient('CliAndBrowserClient', {
      // Public client: a browser page and the AWS CLI cannot keep a secret.
      generateSecret: false,
      // USER_PASSWORD_AUTH lets a newcomer get a token with `aws cognito-idp initiate-auth`;
      // SRP is what browser SDKs (Amplify) use and never sends the password.
      authFlows: { userPassword: true, userSrp: true },
      // No hosted UI: tokens come from InitiateAuth, so no OAuth callback URLs to manage.
      disableOAuth: true,
      preventUserExistenceErrors: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(30),
      enableTokenRevocation: true,
    });
    // Cognito puts a member's groups in its access tokens (`cognito:groups`); the service reads them.
    this.adminsGroup = this.addGroup('AdminsGroup', {
      groupName: ADMIN_GROUP,
      description:
        "Operators: may read every user's certification usage (GET /api/certification/admin/usage).",
    });
    Validations.of(this).acknowledge(
      {
        id: 'AwsSolutions-COG2',
        reason:
          'MFA is OPTIONAL (TOTP) rather than REQUIRED so a newcomer can get an access token with one `aws cognito-idp initiate-auth` call; users can enrol TOTP, and deployers who need it can set mfa: Mfa.REQUIRED.',
      },
      {
        id: 'AwsSolutions-COG8',
        reason:
          'Essentials plan: the Plus plan (threat protection) is billed per monthly active user, while users here are few and created by an administrator with self sign-up off; import a Plus-plan pool with -c userPoolId=... when needed.',
      },
    );
  }
}
