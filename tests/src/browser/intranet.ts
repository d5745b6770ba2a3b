import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/** Debian's Chromium (`.ci/run` installs it when missing), or another one named by CHROMIUM_PATH. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Headless and quiet: no sandbox (root in CI), and none of Chromium's own calls home. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-quic',
  '--disable-sync',
];

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

export interface IntranetBrowser {
  context: BrowserContext;
  page: Page;
  /** Every URL the pages asked for, local or not, in order. */
  requests: string[];
  /** The requests to another host than this machine (each was aborted). */
  foreign: () => string[];
  /** Messages the pages logged as errors, and Content-Security-Policy violations. */
  consoleErrors: string[];
  downloadsDir: string;
  close: () => Promise<void>;
}

function isForeign(url: string): boolean {
  const parsed = new URL(url);
  if (!['http:', 'https:', 'ws:', 'wss:'].includes(parsed.protocol)) return false;
  return !LOCAL_HOSTS.has(parsed.hostname);
}

/**
 * A browser on an intranet (政务内网): headless Chromium with a fresh profile, in which every request
 * to a host other than this machine is recorded and aborted, as a government network without
 * internet would.
 */
export async function openIntranetBrowser(
  options: { viewport?: { width: number; height: number } } = {},
): Promise<IntranetBrowser> {
  const profile = await mkdtemp(join(tmpdir(), 'cso-chromium-'));
  const downloadsDir = await mkdtemp(join(tmpdir(), 'cso-downloads-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    acceptDownloads: true,
    downloadsPath: downloadsDir,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    viewport: options.viewport ?? { width: 1440, height: 900 },
  });
  const requests: string[] = [];
  const consoleErrors: string[] = [];
  context.on('request', (request) => requests.push(request.url()));
  await context.route('**/*', (route) => (isForeign(route.request().url()) ? route.abort('blockedbyclient') : route.continue()));
  const watch = (page: Page) =>
    page.on('console', (message) => {
      if (message.type() === 'error' || /Content Security Policy/i.test(message.text())) consoleErrors.push(message.text());
    });
  context.on('page', watch);
  const page = context.pages()[0] ?? (await context.newPage());
  watch(page);
  return {
    context,
    page,
    requests,
    foreign: () => requests.filter(isForeign),
    consoleErrors,
    downloadsDir,
    close: async () => {
      await context.close();
      await rm(profile, { recursive: true, force: true });
      await rm(downloadsDir, { recursive: true, force: true });
    },
  };
}
