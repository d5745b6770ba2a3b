import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { REPO } from '../support/pruned.js';
import { openIntranetBrowser } from './intranet.js';
import { workbench } from './workbench-pages.js';

/**
 * The README's screenshots, taken from a running `npm start` (default http://localhost:4000, or the
 * origin given as the first argument) in the intranet browser, signed in as the analyst:
 * `node tests/dist/browser/screenshots.js http://localhost:4000`.
 */
const origin = (process.argv[2] ?? 'http://localhost:4000').replace(/\/$/, '');
const out = join(REPO, 'gateway', 'workbench', 'screenshots');
await mkdir(out, { recursive: true });
const browser = await openIntranetBrowser({ viewport: { width: 1440, height: 900 } });
try {
  const { page } = browser;
  await workbench.openIde(page, origin);
  await workbench.signInFromPicker(page, 'analyst');
  await workbench.runSavedOperation(page, 'DistrictStatistics');
  await page.getByTestId('result-export').waitFor();
  await page.waitForTimeout(1000);
  await page.screenshot({ path: join(out, 'ide.png') });

  await workbench.openDashboard(page, origin);
  await page.locator('[data-figure="inspections"]').waitFor();
  await page.waitForTimeout(1000);
  await page.screenshot({ path: join(out, 'dashboard.png'), fullPage: true });
  const foreign = browser.foreign();
  process.stdout.write(`screenshots in ${out}; ${browser.requests.length} requests, ${foreign.length} to another host\n`);
  if (foreign.length) throw new Error(`requests to another host: ${foreign.join(', ')}`);
} finally {
  await browser.close();
}
