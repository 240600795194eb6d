import { describe, expect, it } from 'vitest';
import { anyNumber } from '../support/matchers.js';
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { UnauthorizedError } from '../../shared/errors.js';
import { createTokenVerifier } from '../../shared/auth/token-verifier.js';
import { startJwtIssuer } from '../../local/jwt-issuer.js';

const run = promisify(execFile);
const tsx = join(process.cwd(), 'node_modules', '.bin', 'tsx');

async function cli(args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const { stdout, stderr } = await run(tsx, ['local/token-cli.ts', ...args], {
      cwd: process.cwd(),
    });
    return { stdout, stderr, code: 0 };
  } catch (error) {
    const failed = error as { stdout: string; stderr: string; code: number };
    return { stdout: failed.stdout, stderr: failed.stderr, code: failed.code };
  }
}

describe('token CLI (npm run token)', () => {
  it('prints only a token that the running issuer accepts, and an expired one on request', async () => {
    // Prepare: the issuer as npm start runs it, sharing the key file
    const keyFile = join(mkdtempSync(join(tmpdir(), 'token-cli-')), 'dev-issuer.json');
    const issuer = await startJwtIssuer({ keyFile });
    const verifier = createTokenVerifier({
      issuer: issuer.issuer,
      clientId: issuer.clientId,
      jwksUri: issuer.jwksUri,
    });
    try {
      // Act
      const [valid, expired] = await Promise.all([
        cli(['--sub', 'alice', '--key-file', keyFile]),
        cli(['--sub', 'alice', '--expires-in', '-60', '--key-file', keyFile]),
      ]);

      // Assess
      expect(valid.code).toBe(0);
      expect(valid.stdout).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
      await expect(verifier.verify(`Bearer ${valid.stdout.trim()}`)).resolves.toEqual({
        sub: 'alice',
        username: 'alice',
        expiresAt: anyNumber(),
      });
      expect(expired.code).toBe(0);
      await expect(verifier.verify(`Bearer ${expired.stdout.trim()}`)).rejects.toBeInstanceOf(
        UnauthorizedError,
      );
    } finally {
      await issuer.close();
    }
  });

  it('--group puts the user in Cognito groups (cognito:groups), as an operator token needs', async () => {
    // Prepare
    const keyFile = join(mkdtempSync(join(tmpdir(), 'token-cli-')), 'dev-issuer.json');
    const issuer = await startJwtIssuer({ keyFile });
    const verifier = createTokenVerifier({
      issuer: issuer.issuer,
      clientId: issuer.clientId,
      jwksUri: issuer.jwksUri,
    });
    try {
      // Act
      const [admin, both, plain, bad] = await Promise.all([
        cli(['--sub', 'olga', '--group', 'admins', '--key-file', keyFile]),
        cli([
          '--sub',
          'olga',
          '--group',
          'admins',
          '--group',
          'billing',
          '--group',
          'admins',
          '--key-file',
          keyFile,
        ]),
        cli(['--sub', 'olga', '--key-file', keyFile]),
        cli(['--sub', 'olga', '--group', '', '--key-file', keyFile]),
      ]);

      // Assess
      await expect(verifier.verify(`Bearer ${admin.stdout.trim()}`)).resolves.toEqual({
        sub: 'olga',
        username: 'olga',
        groups: ['admins'],
        expiresAt: anyNumber(),
      });
      await expect(verifier.verify(`Bearer ${both.stdout.trim()}`)).resolves.toEqual({
        sub: 'olga',
        username: 'olga',
        groups: ['admins', 'billing'],
        expiresAt: anyNumber(),
      });
      const claims = JSON.parse(
        Buffer.from(plain.stdout.trim().split('.')[1] ?? '', 'base64url').toString(),
      ) as Record<string, unknown>;
      expect(claims).not.toHaveProperty('cognito:groups');
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain('--group must be a Cognito group name');
    } finally {
      await issuer.close();
    }
  });

  it('explains its usage on stderr and exits 2 without --sub', async () => {
    const { stdout, stderr, code } = await cli(['--expires-in', '60']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain('--sub is required');
    expect(stderr).toContain('Usage: npm run token');
  });
});
