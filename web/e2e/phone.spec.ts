// Issue 9, phone width (project "phone": 360×740, touch): no page scrolls sideways, and each
// page's main actions can be reached (scrolled to, inside the screen's width, tappable); a ticket
// can be opened and answered by tapping.
import { test, expect } from './fixtures';
import { carlasTicket, visitAll } from './pages';
import { loginByApi, makeCustomer, noHorizontalScroll, t, ticketIdFromUrl } from './support';
import type { Locator, Page } from '@playwright/test';

const L = 'pt-BR' as const;

async function reachable(page: Page, l: Locator, what: string) {
  await l.scrollIntoViewIfNeeded();
  await expect(l, what).toBeVisible();
  await expect(l, what).toBeInViewport();
  const box = await l.boundingBox();
  const width = page.viewportSize()!.width;
  expect(box, what).not.toBeNull();
  expect(box!.x, `${what}: left edge on screen`).toBeGreaterThanOrEqual(0);
  expect(box!.x + box!.width, `${what}: right edge on screen`).toBeLessThanOrEqual(width + 0.5);
  expect(Math.min(box!.width, box!.height), `${what}: big enough to tap`).toBeGreaterThanOrEqual(16);
}

test('at 360 px no page scrolls sideways and the main actions are reachable', async ({ page, context, request }) => {
  test.setTimeout(60_000);
  const id = await carlasTicket(request, 'phone');
  const wide: string[] = [];
  await visitAll(page, context, id, async (p) => {
    const { scrollWidth, innerWidth } = await noHorizontalScroll(page);
    if (scrollWidth > innerWidth) wide.push(`${p.name}: ${scrollWidth} > ${innerWidth}`);
    const actions = p.actions(page, id);
    for (const [i, a] of actions.entries()) await reachable(page, a, `${p.name} action ${i + 1}`);
    // After scrolling to the actions, still nothing wider than the screen.
    const after = await noHorizontalScroll(page);
    if (after.scrollWidth > after.innerWidth && scrollWidth <= innerWidth) wide.push(`${p.name} (scrolled)`);
  });
  expect(wide, 'pages wider than the screen').toEqual([]);
});

test('on a phone a customer opens a ticket and replies by tapping', async ({ page, context, request }) => {
  const who = await makeCustomer(request, 'phone');
  await loginByApi(context, who.email, who.password);
  await page.goto('/');
  await page.getByRole('main').getByRole('link', { name: new RegExp(t(L, 'nav.new_ticket')) }).tap();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(t(L, 'new_ticket.title'));
  const subject = `Pelo celular ${Date.now().toString(36)}`;
  await page.getByLabel(new RegExp(`^\\s*${t(L, 'new_ticket.subject.label')}`)).fill(subject);
  await page.getByLabel(new RegExp(`^\\s*${t(L, 'new_ticket.description.label')}`)).fill('Escrito no telefone.');
  await page.getByRole('button', { name: t(L, 'new_ticket.submit') }).tap();
  await expect(page).toHaveURL(/\/tickets\/\d+/);
  const id = ticketIdFromUrl(page.url());
  await expect(page.getByRole('heading', { level: 1 })).toContainText(`#${id}`);
  await expect(page.getByRole('heading', { level: 1 })).toContainText(subject);
  await page.getByLabel(t(L, 'tickets.reply.label'), { exact: true }).fill('Mais um detalhe pelo celular.');
  await page.getByRole('button', { name: t(L, 'tickets.reply.send') }).tap();
  await expect(page.getByText(t(L, 'tickets.reply.sent'))).toBeVisible();
  const { scrollWidth, innerWidth } = await noHorizontalScroll(page);
  expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
  await expect(page.getByRole('article').filter({ hasText: 'Mais um detalhe pelo celular.' }).last()).toBeVisible();
});
