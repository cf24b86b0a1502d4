// End-to-end suite (issue 9): the customer portal driven through Debian's Chromium against a
// real `chamado serve`. Run it with `bash scripts/e2e.sh BIN` (it starts the server, exports
// PORTAL_URL, the demo tokens and the mail dir); `npx playwright test` alone expects those
// variables already set (see e2e/env.ts). Never `npx playwright install`: no browser download.
import { defineConfig } from '@playwright/test';

const chromiumFromDebian = {
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-dev-shm-usage',
    '--disable-background-networking',
    '--disable-component-update',
    '--no-first-run',
    '--disable-sync',
    '--disable-quic',
  ],
};

const resultsDir = process.env.E2E_RESULTS_DIR || 'test-results';

export default defineConfig({
  testDir: 'e2e',
  outputDir: `${resultsDir}/output`,
  workers: 1, // 2 cores and one server
  retries: 0,
  fullyParallel: false,
  forbidOnly: true,
  timeout: 30_000,
  expect: { timeout: 7_000 },
  reporter: [['list'], ['json', { outputFile: `${resultsDir}/results.json` }]],
  use: {
    baseURL: process.env.PORTAL_URL,
    browserName: 'chromium',
    headless: true,
    launchOptions: chromiumFromDebian,
    locale: 'pt-BR',
    timezoneId: 'America/Sao_Paulo',
    screenshot: 'only-on-failure',
    trace: 'off',
    actionTimeout: 7_000,
    navigationTimeout: 10_000,
  },
  projects: [
    {
      name: 'desktop',
      use: { viewport: { width: 1280, height: 800 } },
      testIgnore: /phone\.spec\.ts/,
    },
    {
      name: 'phone',
      use: { viewport: { width: 360, height: 740 }, hasTouch: true, isMobile: false },
      testMatch: /(phone|screenshots)\.spec\.ts/,
    },
  ],
});
