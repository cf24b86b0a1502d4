// Issue 9, keyboard: the new-ticket form can be filled and sent with Tab, typing, arrows, Space
// and Enter alone, and every element Tab lands on shows where the focus is.
import { test, expect } from './fixtures';
import { agentApi, loginByApi, makeCustomer, t, ticketIdFromUrl } from './support';
import type { Locator, Page } from '@playwright/test';

const L = 'pt-BR' as const;
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const startsWith = (s: string) => new RegExp(`^\\s*${escape(s)}`);

interface Focused {
  id: string;
  tag: string;
  type: string;
  name: string;
  visible: boolean; // a focus indicator is drawn (outline or box-shadow)
  focusVisible: boolean;
}

async function focused(page: Page): Promise<Focused> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return { id: '', tag: 'body', type: '', name: '', visible: false, focusVisible: false };
    const cs = getComputedStyle(el);
    const outline = cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) > 0;
    const shadow = cs.boxShadow !== 'none' && cs.boxShadow !== '';
    return {
      id: el.id,
      tag: el.tagName.toLowerCase(),
      type: (el as HTMLInputElement).type ?? '',
      name: (el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 60),
      visible: outline || shadow,
      focusVisible: el.matches(':focus-visible'),
    };
  });
}

const idOf = async (l: Locator) => (await l.getAttribute('id')) ?? '(no id)';

test('the new-ticket form can be filled and sent with the keyboard alone, focus always visible', async ({
  page,
  context,
  request,
}) => {
  test.setTimeout(45_000);
  const who = await makeCustomer(request, 'keys');
  await loginByApi(context, who.email, who.password);
  await page.goto('/tickets/new');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(t(L, 'new_ticket.title'));
  const topicSelect = page.getByLabel(startsWith(t(L, 'new_ticket.topic.label')));
  await expect(topicSelect.locator('option[value="topic_billing"]')).toHaveCount(1);

  const ids = {
    cc: await idOf(page.getByLabel(t(L, 'new_ticket.cc.label'), { exact: true })),
    platform: await idOf(page.getByLabel(startsWith(t(L, 'new_ticket.platform.label')))),
    topic: await idOf(topicSelect),
    subject: await idOf(page.getByLabel(startsWith(t(L, 'new_ticket.subject.label')))),
    description: await idOf(page.getByLabel(startsWith(t(L, 'new_ticket.description.label')))),
  };
  const submit = page.getByRole('button', { name: t(L, 'new_ticket.submit') });
  const subject = `Teclado ${Date.now().toString(36)}`;
  const done = new Set<string>();
  const invisible: string[] = [];
  let sent = false;

  for (let i = 0; i < 80 && !sent; i++) {
    await page.keyboard.press('Tab');
    const f = await focused(page);
    if (f.tag === 'body') continue;
    if (!f.visible) invisible.push(`${f.tag}#${f.id} "${f.name}"`);
    if (f.id === ids.cc && !done.has('cc')) {
      await page.keyboard.type('colega@example.org');
      done.add('cc'); // Tab away adds it as a chip
    } else if (f.id === ids.platform && !done.has('platform')) {
      await page.keyboard.type('Windows 11 / Chrome');
      done.add('platform');
    } else if (f.id === ids.topic && !done.has('topic')) {
      await page.keyboard.press('ArrowDown');
      done.add('topic');
    } else if (f.id === ids.subject && !done.has('subject')) {
      await page.keyboard.type(subject);
      done.add('subject');
    } else if (f.id === ids.description && !done.has('description')) {
      await page.keyboard.type('Preenchido só com o teclado.');
      done.add('description');
    } else if (f.tag === 'input' && f.type === 'radio' && !done.has('impact')) {
      await page.keyboard.press('Space');
      done.add('impact');
    } else if (f.tag === 'button' && (await submit.evaluate((b) => b === document.activeElement))) {
      expect([...done].sort()).toEqual(['cc', 'description', 'impact', 'platform', 'subject', 'topic']);
      await page.keyboard.press('Enter');
      sent = true;
    }
  }
  expect(sent, `reached the submit button by Tab (filled: ${[...done].join(', ')})`).toBe(true);
  expect(invisible, 'elements focused by Tab without a visible focus indicator').toEqual([]);

  await expect(page).toHaveURL(/\/tickets\/\d+/);
  const id = ticketIdFromUrl(page.url());
  await expect(page.getByRole('heading', { level: 1 })).toContainText(`#${id}`);
  await expect(page.getByRole('heading', { level: 1 })).toContainText(subject);

  // Everything typed with the keyboard reached the ticket.
  const saved = (await agentApi(request, 'GET', `/api/v2/tickets/${id}`)).ticket;
  const field = (fid: number) => saved.custom_fields.find((f: { id: number }) => f.id === fid)?.value;
  expect(saved.subject).toBe(subject);
  expect(field(100)).toBe('Windows 11 / Chrome');
  expect(field(101)).toBeTruthy();
  expect(field(102)).toMatch(/^impact_/);
  expect(saved.email_cc_ids).toHaveLength(1);
});
