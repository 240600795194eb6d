import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import cdkNag from 'cdk-nag';
import { addCertificationStack, CertificationStack } from '../../infra/certification-stack.js';
import { readStackContext } from '../../infra/stack-context.js';

/** One synthesized stack: template, cloud assembly on disk, and the validations' verdicts. */
export interface Synthesized {
  stack: CertificationStack;
  template: Template;
  /** The cloud assembly directory (holds the bundled asset). */
  outdir: string;
  /** AwsSolutions findings nobody acknowledged, as `ruleName @ constructPath`. */
  nagFindings: string[];
  /** Every acknowledgment in the stack: rule id → reason. */
  acknowledgments: Map<string, string>;
  /** With `viaApp`: the plugin reports of the synth-time validation report (empty when clean). */
  validationReports?: unknown[];
  cleanup(): Promise<void>;
}

export interface SynthesizeOptions {
  /**
   * Build the app as `infra/app.ts` does, with cdk-nag registered as a validation plugin, so
   * synthesis fails on an unacknowledged finding exactly as `cdk synth` would.
   */
  viaApp?: boolean;
}

/**
 * Synthesizes the stack with `context` as `cdk synth -c ...` does, bundling included, and runs
 * the AwsSolutions pack over it.
 */
export async function synthesize(
  context: Record<string, string>,
  options: SynthesizeOptions = {},
): Promise<Synthesized> {
  const outdir = await mkdtemp(join(tmpdir(), 'cdk-test-'));
  const viaApp = options.viaApp ?? false;
  // CDK's built-in CloudFormation validation (a WebAssembly rule engine) costs several CPU
  // seconds per synthesis on the shared test machine; `cdk synth` still runs it.
  const app = new App({ context, outdir, builtinCloudFormationValidation: false });
  const stack = viaApp
    ? addCertificationStack(app)
    : new CertificationStack(app, 'Test', { context: readStackContext(app.node) });
  // Throws if a registered validation plugin reports a violation.
  const assembly = app.synth();
  const template = Template.fromJSON(
    assembly.getStackArtifact(stack.artifactId).template as Record<string, unknown>,
  );
  const validationReports = viaApp
    ? (
        JSON.parse(await readFile(join(outdir, 'validation-report.json'), 'utf8')) as {
          pluginReports: unknown[];
        }
      ).pluginReports
    : undefined;

  const report = new cdkNag.AwsSolutionsChecks().validateScope(stack);
  const nagFindings = report.violations.flatMap((violation) =>
    violation.violatingResources.map(
      (resource) => `${violation.ruleName} @ ${resource.constructPath}`,
    ),
  );

  const acknowledgments = new Map<string, string>();
  for (const construct of stack.node.findAll()) {
    for (const entry of construct.node.metadata) {
      if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY) continue;
      for (const [id, reason] of Object.entries(entry.data as Record<string, string>)) {
        acknowledgments.set(id.replace(/^annotation::/i, ''), reason);
      }
    }
  }
  return {
    stack,
    template,
    outdir,
    nagFindings,
    acknowledgments,
    validationReports,
    cleanup: () => rm(outdir, { recursive: true, force: true }),
  };
}

type Intrinsic =
  | string
  | number
  | boolean
  | { Ref: string }
  | { 'Fn::Join': [string, Intrinsic[]] }
  | { 'Fn::GetAtt': [string, string] };

/**
 * Resolves the few intrinsics the function's environment uses, with pseudo parameters of a
 * sample deployment and `<logicalId>` for resource references.
 */
export function resolveIntrinsic(value: unknown, pseudo: Record<string, string> = {}): string {
  const v = value as Intrinsic;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return String(v);
  if ('Ref' in v) return pseudo[v.Ref] ?? `<${v.Ref}>`;
  if ('Fn::Join' in v)
    return v['Fn::Join'][1].map((part) => resolveIntrinsic(part, pseudo)).join(v['Fn::Join'][0]);
  if ('Fn::GetAtt' in v) return `<${v['Fn::GetAtt'].join('.')}>`;
  throw new Error(`unsupported intrinsic ${JSON.stringify(value)}`);
}
