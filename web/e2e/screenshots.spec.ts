// Issue 9, artifacts: every page at desktop (1280×800) and phone (360×740) width, saved as
// <project>-<page>.png in E2E_OUT (scripts/e2e.sh copies them to its output dir). Each page must
// also settle without a CSP violation or a script error (the `watch` fixture).
import path from 'node:path';
import { test } from './fixtures';
import { carlasTicket, PAGES, visitAll } from './pages';
import { env } from './support';

test('every page, screenshotted, with no CSP violation or script error', async ({ page, context, request }, info) => {
  test.setTimeout(60_000);
  const id = await carlasTicket(request, info.project.name);
  const shot: string[] = [];
  await visitAll(page, context, id, async (p) => {
    await page.screenshot({ path: path.join(env.out, `${info.project.name}-${p.name}.png`), fullPage: true });
    shot.push(p.name);
  });
  test.expect(shot).toEqual(PAGES.filter((p) => !p.signedIn).concat(PAGES.filter((p) => p.signedIn)).map((p) => p.name));
});
