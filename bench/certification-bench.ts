import { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { startBedrockSimulator } from '../local/bedrock-simulator/index.js';
import { certifyModel } from '../shared/certification/engine.js';
import type { Clock } from '../shared/clock.js';
import type { SuiteName } from '../shared/suites.js';

/** Results of {@link benchCertification}; the goals are in `bench/run.ts` (ratio ≤ 1.10, tokens per suite). */
export interface CertificationBenchResult {
  /** Mean wall time of one certification. */
  wallMs: number;
  /** Mean latency of the slowest probe of each certification. */
  slowestProbeMs: number;
  /** Total wall time ÷ total slowest-probe time: 1.0 means fully concurrent, 6 sequential. */
  ratio: number;
  /** Most Bedrock tokens (input, output and prompt-cache) any one certification spent. */
  tokens: number;
}

/** What to certify. */
export interface CertificationBenchOptions {
  /** Default the Claude Sonnet 4.5 US inference profile. */
  modelId?: string;
  /** Default `core`. */
  suite?: SuiteName;
}

const CLAUDE = 'us.anthropic.claude-sonnet-4-5-20250929-v1:0';
const RUNS = 3;

/** Sub-millisecond clock on the epoch scale, so probe latencies compare with the wall time. */
const preciseClock: Clock = { now: () => performance.timeOrigin + performance.now() };

/**
 * Certifies a model (Claude Sonnet 4.5's US profile by default) with a suite on the Bedrock simulator at
 * realistic timing (time scale 1), through the real SDK, a few times after one warm-up run (which
 * opens the HTTP/2 session and warms the JIT, as a warm Lambda container would be). Compares each
 * certification's wall time with its slowest probe (the prompt-caching probe's two calls are one
 * probe), and counts the Bedrock tokens it spent.
 */
export async function benchCertification(
  options: CertificationBenchOptions = {},
): Promise<CertificationBenchResult> {
  const modelId = options.modelId ?? CLAUDE;
  const suite = options.suite ?? 'core';
  const sim = await startBedrockSimulator({ timeScale: 1 });
  const client = new BedrockRuntimeClient({
    region: 'us-east-1',
    endpoint: sim.url,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  try {
    await certifyModel(modelId, {
      bedrock: client,
      region: 'us-east-1',
      suite,
      clock: preciseClock,
    });
    let wallTotal = 0;
    let slowestTotal = 0;
    let tokens = 0;
    for (let run = 0; run < RUNS; run++) {
      const started = performance.now();
      const certification = await certifyModel(modelId, {
        bedrock: client,
        region: 'us-east-1',
        suite,
        clock: preciseClock,
      });
      wallTotal += performance.now() - started;
      if (certification.status !== 'certified') {
        throw new Error(
          `Benchmark certification of ${modelId} (${suite}) was ${certification.status}, expected certified`,
        );
      }
      slowestTotal += Math.max(...certification.results.map((result) => result.latencyMs));
      tokens = Math.max(tokens, certification.usage.totalTokens);
    }
    return {
      wallMs: Math.round(wallTotal / RUNS),
      slowestProbeMs: Math.round(slowestTotal / RUNS),
      ratio: Math.round((wallTotal / slowestTotal) * 1000) / 1000,
      tokens,
    };
  } finally {
    client.destroy();
    await sim.close();
  }
}
