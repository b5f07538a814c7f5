/**
 * Chromium driven by playwright-core, for the browser tests of the local preview: `CHROMIUM_PATH`, the system's, or
 * the build `@sparticuz/chromium` ships in its npm package (chromiumBinary.ts), so no machine needs a browser installed.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { resolveChromium } from './chromiumBinary';
import type { LocalSite } from '../local/localSite';
import { startPreview, type Preview, type PreviewOptions } from '../local/preview/server';

export const SCREENSHOT_DIR = path.resolve(__dirname, '../../test-output/screenshots');
export const VIEWPORT = { width: 1280, height: 800 };

export async function launchChromium(): Promise<Browser> {
  const binary = resolveChromium();
  return chromium.launch({
    executablePath: binary.executablePath,
    env: { ...process.env, ...binary.env },
    args: [
      '--no-sandbox',
      '--headless',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** A local site's page in Chromium: the preview server, the browser and one page whose problems are collected. */
export interface OpenedPreview {
  preview: Preview;
  browser: Browser;
  page: Page;
  problems: () => Promise<string[]>;
}

/**
 * Serves `local` through the preview server (a note from the server fails the test), launches Chromium and opens one
 * page at VIEWPORT, not yet navigated. `ownContext`: the page gets a browser context of its own (axe-core's
 * Playwright builder needs one). What was started before a failure is closed again.
 */
export async function openPreview(
  local: LocalSite,
  options: Pick<PreviewOptions, 'entry' | 'timezone'> & { timeoutMs?: number; ownContext?: boolean } = {},
): Promise<OpenedPreview> {
  const preview = await startPreview({
    local,
    port: 0,
    ...(options.timezone ? { timezone: options.timezone } : {}),
    ...(options.entry ? { entry: options.entry } : {}),
    log: (line) => assert.fail(`preview server: ${line}`),
  });
  let browser: Browser | undefined;
  try {
    browser = await launchChromium();
    const page = options.ownContext
      ? await (await browser.newContext({ viewport: VIEWPORT })).newPage()
      : await browser.newPage({ viewport: VIEWPORT });
    page.setDefaultTimeout(options.timeoutMs ?? 10_000);
    return { preview, browser, page, problems: collectPageProblems(page).problems };
  } catch (error) {
    await browser?.close();
    await preview.close();
    throw error;
  }
}

/**
 * Everything that went wrong in the page: uncaught errors, console errors, and the host page's own alerts (a
 * handler that threw, a bridge command the preview lacks). A test asserts this stays empty.
 */
export function collectPageProblems(page: Page): { problems: () => Promise<string[]> } {
  const seen: string[] = [];
  page.on('pageerror', (error) => seen.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') seen.push(`console error: ${message.text()}`);
  });
  return {
    problems: async () => [...seen, ...(await page.locator('#host-errors .host-error').allInnerTexts())],
  };
}

/** The UI Kit elements the host renderer does not know, as it shows them: a dashed box naming the type. */
export function unknownElements(page: Page): Promise<string[]> {
  return page
    .locator('.unknown-component')
    .evaluateAll((boxes) => boxes.map((box) => box.getAttribute('data-type') ?? '?'));
}

export function screenshotPath(name: string): string {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  return path.join(
    SCREENSHOT_DIR,
    `${name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')}.png`,
  );
}

/**
 * Ticks a box or a radio the page controls: it shows ticked once the page's commit has crossed the bridge, so a
 * click, then the ticked box (Playwright's check() looks at once and would call it a failed click).
 */
export async function tick(box: Locator): Promise<void> {
  await box.click();
  await box.and(box.page().locator(':checked')).waitFor();
}

/** Unticks a box the page controls: as tick(), it shows unticked once the page's commit has crossed the bridge. */
export async function untick(box: Locator): Promise<void> {
  await box.click();
  await box.and(box.page().locator(':not(:checked)')).waitFor();
}

/**
 * Waits until no invoke is on its way and the page has stopped committing: the same count twice in a row, `quietMs`
 * apart (the preview host keeps both counts on `document.body.dataset`).
 */
export async function settle(page: Page, quietMs = 80): Promise<void> {
  let last = '';
  for (let stable = 0; stable < 2;) {
    await page.waitForFunction(() => document.body.dataset.pendingInvokes === '0');
    await page.waitForTimeout(quietMs);
    const now = await page.evaluate(() => `${document.body.dataset.pendingInvokes}/${document.body.dataset.commits}`);
    stable = now === last ? stable + 1 : 0;
    last = now;
  }
}

/** Opens one of the page's tabs and waits for it to be selected and settled. */
export async function openTab(page: Page, name: string, quietMs?: number): Promise<void> {
  await page.getByRole('tab', { name, exact: true }).click();
  await page.getByRole('tab', { name, exact: true, selected: true }).waitFor();
  await settle(page, quietMs);
}

/** Runs a step; if it fails, its error also says what went wrong inside the page, which is usually the reason. */
export async function explained(problems: () => Promise<string[]>, step: () => Promise<void>): Promise<void> {
  try {
    await step();
  } catch (error) {
    const seen = await problems().catch(() => []);
    if (seen.length > 0 && error instanceof Error)
      error.message += `\nWhat went wrong in the page:\n  ${seen.join('\n  ')}`;
    throw error;
  }
}
