// Issue 9, security: the portal is served with a strict Content-Security-Policy, nothing on the
// pages trips it (the `watch` fixture fails any test whose pages log a violation), and signed-out
// visitors of private pages land on the login page.
import { test, expect } from './fixtures';
import { env, t } from './support';

function directives(csp: string): Map<string, string[]> {
  const m = new Map<string, string[]>();
  for (const part of csp.split(';')) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) m.set(name.toLowerCase(), values);
  }
  return m;
}

test('/ answers a Content-Security-Policy that forbids inline scripts and styles', async ({ request }) => {
  const res = await request.get(`${env.portal}/`);
  expect(res.status()).toBe(200);
  expect(res.headers()['content-type']).toMatch(/text\/html/);
  const csp = res.headers()['content-security-policy'];
  expect(csp, 'Content-Security-Policy header on /').toBeTruthy();
  const d = directives(csp!);
  const scripts = d.get('script-src') ?? d.get('default-src');
  expect(scripts, 'script-src or default-src').toBeTruthy();
  expect(scripts).not.toContain("'unsafe-inline'");
  expect(scripts).not.toContain("'unsafe-eval'");
  expect(scripts).not.toContain('*');
  const styles = d.get('style-src') ?? d.get('default-src');
  expect(styles, 'style-src or default-src').toBeTruthy();
  expect(styles).not.toContain("'unsafe-inline'");
  // The page itself carries no inline script (the policy would block it; a test would notice).
  const html = await res.text();
  expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/i);
  expect(html).not.toMatch(/\sstyle=/i);
});

test('a deep link (/tickets/123) is the portal too, with the same policy', async ({ request }) => {
  const res = await request.get(`${env.portal}/tickets/123`);
  expect(res.status()).toBe(200);
  expect(res.headers()['content-type']).toMatch(/text\/html/);
  expect(res.headers()['content-security-policy']).toBeTruthy();
});

test('signed-out visits to private pages go to the login page', async ({ page }) => {
  for (const path of ['/tickets/new', '/profile', '/tickets/1']) {
    await page.goto(path);
    await expect(page).toHaveURL(new RegExp(`/login\\?return_to=${encodeURIComponent(path)}$`));
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(t('pt-BR', 'auth.login.title'));
    await expect(page.locator('body')).not.toContainText('Não consigo acessar o painel'); // ticket #1's subject
  }
});

test('a signed-out visit to /tickets goes to the login page, which brings you back', async ({ page }) => {
  await page.goto('/tickets');
  await expect(page).toHaveURL(/\/login\?return_to=%2Ftickets$/);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await page.getByLabel(t('pt-BR', 'auth.field.email')).fill(env.carla);
  await page.getByLabel(t('pt-BR', 'auth.field.password')).fill(env.customerPassword);
  await page.getByRole('button', { name: t('pt-BR', 'auth.login.submit') }).click();
  await expect(page).toHaveURL(/\/tickets$/);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
});

test('the policy is enforced, and a violation would be noticed by the suite', async ({ page, watch }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  // What an injected inline script or style would meet: blocked, and reported in the console
  // (which is what every other test of this suite listens for).
  // An inline script runs synchronously when appended, if it runs at all.
  const ran = await page.evaluate(() => {
    const s = document.createElement('script');
    s.textContent = 'window.__e2eInline = 1;';
    document.body.appendChild(s);
    return (window as unknown as { __e2eInline?: number }).__e2eInline === 1;
  });
  expect(ran, 'an inline script ran').toBe(false);
  await expect.poll(() => watch.csp.length).toBeGreaterThan(0);
  expect(watch.csp.join('\n')).toMatch(/script-src|default-src/);
  watch.csp.length = 0; // expected here; any other violation fails its test
});
