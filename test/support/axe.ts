/**
 * axe-core in a real page. The page's CSP allows only its own script, so axe is not added as a
 * `<script>`: its source is evaluated through the DevTools protocol (outside the page's CSP), as
 * playwright's `evaluate` does for any test code, and `axe.run` then checks the live DOM.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const require = createRequire(import.meta.url);
let source: Promise<string> | undefined;

/** One violation, short enough to read in a failed assertion. */
export interface AxeFinding {
  id: string;
  impact: string;
  help: string;
  targets: string[];
}

/** What `axe.run` resolves to, as far as these tests read it. */
interface AxeResults {
  violations: {
    id: string;
    impact?: string | null;
    help: string;
    nodes: { target: unknown[] }[];
  }[];
}

/**
 * The serious and critical axe violations of what `page` shows now (hidden views are not
 * checked, as axe skips what is not rendered).
 */
export async function axeViolations(
  page: Page,
  impacts: readonly string[] = ['serious', 'critical'],
): Promise<AxeFinding[]> {
  source ??= readFile(require.resolve('axe-core/axe.min.js'), 'utf8');
  const axe = await source;
  const loaded = await page.evaluate(() => 'axe' in window);
  if (!loaded) await page.evaluate(axe);
  const results = await page.evaluate(
    () =>
      (
        window as unknown as {
          axe: { run: (context: Document, options: object) => Promise<unknown> };
        }
      ).axe.run(document, { resultTypes: ['violations'] }) as Promise<AxeResults>,
  );
  return results.violations
    .filter((violation) => impacts.includes(violation.impact ?? ''))
    .map((violation) => ({
      id: violation.id,
      impact: violation.impact ?? '',
      help: violation.help,
      targets: violation.nodes.slice(0, 5).map((node) => node.target.map(String).join(' ')),
    }));
}
