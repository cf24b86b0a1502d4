// Issue 9, languages: pt-BR by default for a Portuguese browser, the browser's language when we
// speak it, switchable in the header, remembered in this browser and, for a signed-in person, in
// the profile (so it follows them to another browser).
import { test, expect } from './fixtures';
import { exact, loginByApi, makeCustomer, t } from './support';
import type { Page } from '@playwright/test';
import type { Locale } from '../src/i18n/locale';

const languageSelect = (page: Page) => page.getByRole('combobox', { name: /^(Idioma|Language)$/ });

async function expectHomeIn(page: Page, l: Locale) {
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(t(l, 'home.title'));
  await expect(page.getByRole('link', { name: t(l, 'nav.new_ticket') }).first()).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', l);
}

test('pt-BR for a Portuguese browser; switching to es and en changes the texts and survives a reload', async ({ page }) => {
  await page.goto('/');
  await expectHomeIn(page, 'pt-BR');
  await expect(languageSelect(page)).toHaveValue('pt-BR');

  await languageSelect(page).selectOption('es');
  await expectHomeIn(page, 'es');
  await expect(page.getByRole('link', { name: exact(t('es', 'nav.login')) })).toBeVisible();

  await languageSelect(page).selectOption('en');
  await expectHomeIn(page, 'en');
  await expect(page.getByRole('link', { name: exact(t('en', 'nav.signup')) })).toBeVisible();

  await page.reload();
  await expectHomeIn(page, 'en');
  await expect(languageSelect(page)).toHaveValue('en');
});

test('a Spanish browser gets Spanish, an unknown language gets pt-BR', async ({ newContext }) => {
  for (const [browserLocale, expected] of [
    ['es-MX', 'es'],
    ['de-DE', 'pt-BR'],
  ] as const) {
    const page = await (await newContext({ locale: browserLocale })).newPage();
    await page.goto('/');
    await expectHomeIn(page, expected);
  }
});

test('a signed-in person’s choice is saved in the profile and follows them to another browser', async ({
  page,
  context,
  newContext,
  request,
}) => {
  const who = await makeCustomer(request, 'lang', 'pt-BR');
  await loginByApi(context, who.email, who.password);
  await page.goto('/');
  await expectHomeIn(page, 'pt-BR');
  await expect(page.getByRole('link', { name: exact(t('pt-BR', 'nav.my_tickets')) }).first()).toBeVisible();

  const saved = page.waitForResponse(
    (r) => r.url().endsWith('/api/v2/chamado/profile') && r.request().method() === 'PUT',
  );
  await languageSelect(page).selectOption('es');
  expect((await saved).status()).toBe(200);
  await expectHomeIn(page, 'es');
  await expect(page.getByRole('link', { name: exact(t('es', 'nav.my_tickets')) }).first()).toBeVisible();

  // Another browser (English, nothing stored): English until they sign in, then their Spanish.
  {
    const p2 = await (await newContext({ locale: 'en-US' })).newPage();
    await p2.goto('/login');
    await expect(p2.locator('html')).toHaveAttribute('lang', 'en');
    await p2.getByLabel(t('en', 'auth.field.email'), { exact: true }).fill(who.email);
    await p2.getByLabel(t('en', 'auth.field.password'), { exact: true }).fill(who.password);
    await p2.getByRole('button', { name: t('en', 'auth.login.submit') }).click();
    await expect(p2.locator('html')).toHaveAttribute('lang', 'es');
    await expect(p2.getByRole('link', { name: exact(t('es', 'nav.my_tickets')) }).first()).toBeVisible();
    await p2.goto('/');
    await expectHomeIn(p2, 'es');
  }
});
