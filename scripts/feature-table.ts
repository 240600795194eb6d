/**
 * `npm run docs:features`: writes the table of the simulated models' full-suite features into
 * README.md, from the simulator's catalog (test/local/bedrock-simulator/feature-table.test.ts
 * fails while the README is out of date).
 */
import { readFile, writeFile } from 'node:fs/promises';
import { withFeatureTable } from '../local/bedrock-simulator/feature-table.js';

const path = new URL('../README.md', import.meta.url);
const before = await readFile(path, 'utf8');
const after = withFeatureTable(before);
if (after !== before) await writeFile(path, after);
process.stdout.write(after === before ? 'README.md is up to date\n' : 'updated README.md\n');
