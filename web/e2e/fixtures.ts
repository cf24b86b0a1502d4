// The suite's `test`: every page of every test is watched for Content-Security-Policy
// violations (Chromium's console "Refused to …" messages and the securitypolicyviolation event)
// and for uncaught script errors; any of them fails the test that caused it.
import { test as base, expect, type BrowserContext, type BrowserContextOptions, type Page } from '@playwright/test';

export interface Watch {
  csp: string[];
  errors: string[];
}

// Watches a browser context: its pages' CSP violations and uncaught errors go into `watch`.
export async function watchContext(context: BrowserContext, watch: Watch) {
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`CSP-VIOLATION ${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
    });
  });
  const hook = (page: Page) => {
    page.on('console', (m) => {
      const text = m.text();
      if (/Content Security Policy|CSP-VIOLATION/i.test(text)) watch.csp.push(`${page.url()}: ${text}`);
    });
    page.on('pageerror', (e) => watch.errors.push(`${page.url()}: ${e.message}`));
  };
  context.pages().forEach(hook);
  context.on('page', hook);
}

export const test = base.extend<{ watch: Watch; newContext: (o?: BrowserContextOptions) => Promise<BrowserContext> }>({
  watch: [
    async ({ context }, use, testInfo) => {
      const watch: Watch = { csp: [], errors: [] };
      await watchContext(context, watch);
      await use(watch);
      if (testInfo.status !== testInfo.expectedStatus) {
        // Tell why a page may have gone blank.
        for (const line of [...watch.csp, ...watch.errors]) console.log(`[page] ${line}`);
      } else {
        expect(watch.csp, 'CSP violations reported in the console').toEqual([]);
        expect(watch.errors, 'uncaught errors in the page').toEqual([]);
      }
    },
    { auto: true },
  ],
  // Another browser (no cookies, no storage), watched like the default one, closed at the end.
  newContext: async ({ browser, watch, baseURL, viewport, locale, timezoneId, hasTouch, isMobile }, use) => {
    const made: BrowserContext[] = [];
    await use(async (o = {}) => {
      const ctx = await browser.newContext({ baseURL, viewport, locale, timezoneId, hasTouch, isMobile, ...o });
      await watchContext(ctx, watch);
      made.push(ctx);
      return ctx;
    });
    for (const c of made) await c.close();
  },
});

export { expect };
