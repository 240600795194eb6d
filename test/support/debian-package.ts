import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';

const INSTALLS = new Map<string, Promise<void>>();

/**
 * Makes sure a Debian package's binary is there, installing the package with apt when it is
 * missing (as root, or through passwordless sudo); never a downloaded build. Fails with a message
 * saying what to do when it cannot.
 */
export function ensureDebianPackage(binary: string, packageName: string): Promise<void> {
  if (existsSync(binary)) return Promise.resolve();
  let install = INSTALLS.get(packageName);
  if (!install) {
    install = installPackage(binary, packageName);
    INSTALLS.set(packageName, install);
  }
  return install;
}

async function installPackage(binary: string, packageName: string): Promise<void> {
  const asRoot = process.getuid?.() === 0;
  const command = `apt-get update && apt-get install -y ${packageName}`;
  const child = spawn(
    asRoot ? 'sh' : 'sudo',
    asRoot ? ['-c', command] : ['-n', 'sh', '-c', command],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
  child.stderr.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
  const exitCode = await new Promise<number | null>((resolve) => {
    child.once('error', () => resolve(null));
    child.once('close', resolve);
  });
  if (exitCode !== 0 || !existsSync(binary)) {
    throw new Error(
      `This test needs Debian's ${packageName} at ${binary}. Installing it with \`${command}\` failed (exit ${exitCode}). ` +
        `Install it yourself (as root) and rerun.\n${output}`,
    );
  }
}
