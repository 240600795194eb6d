/**
 * `npm run docs:features`: writes the table of the simulated models' full-suite features into
 * docs/architecture.md ("The simulated models' features"), from the simulator's catalog
 * (test/local/bedrock-simulator/feature-table.test.ts fails while the page is out of date).
 */
import { readFile, writeFile } from 'node:fs/promises';
import { FEATURE_TABLE_PAGE, withFeatureTable } from '../local/bedrock-simulator/feature-table.js';

const path = new URL(`../${FEATURE_TABLE_PAGE}`, import.meta.url);
const before = await readFile(path, 'utf8');
const after = withFeatureTable(before);
if (after !== before) await writeFile(path, after);
process.stdout.write(
  after === before ? `${FEATURE_TABLE_PAGE} is up to date\n` : `updated ${FEATURE_TABLE_PAGE}\n`,
);
