import { chromium, type Browser } from 'playwright-core';
import { ensureDebianPackage } from './debian-package.js';
import { startLocalStack, type LocalStack, type LocalStackOptions } from '../../local/stack.js';

/** Debian's Chromium; never a downloaded browser build. */
export const CHROMIUM = '/usr/bin/chromium';
/** Installing Chromium with apt can take minutes: the timeout of a hook that may do it. */
export const CHROMIUM_INSTALL_TIMEOUT_MS = 15 * 60_000;

/** Launches Debian's Chromium headless (installing the package when it is missing). */
export async function launchChromium(): Promise<Browser> {
  await ensureDebianPackage(CHROMIUM, 'chromium');
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** A local stack and a Chromium for one browser test file. */
export interface StackAndBrowser {
  stack: LocalStack;
  browser: Browser;
  /** Closes the browser, then the stack. */
  close: () => Promise<void>;
}

/** Starts a local stack with `options` and Debian's Chromium together. */
export async function startStackAndBrowser(
  options: LocalStackOptions & { bedrock?: undefined } = {},
): Promise<StackAndBrowser> {
  const [stack, browser] = await Promise.all([startLocalStack(options), launchChromium()]);
  return {
    stack,
    browser,
    close: async () => {
      await browser.close();
      await stack.close();
    },
  };
}
