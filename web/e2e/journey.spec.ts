// Issue 9, the main story: a new customer signs up, follows the e-mailed link, logs in, opens a
// ticket (CC, platform, topic, impact, a PNG), an agent answers through the API (plus an internal
// note the customer must never see), the customer reads the answer and the attachment, replies,
// closes the case ("Closed by you") and rates it.
import { test, expect } from './fixtures';
import {
  agentApi,
  customerStatusLabel,
  env,
  exact,
  freshEmail,
  PNG_1PX,
  t,
  ticketIdFromUrl,
  verifyLinkOf,
  waitForMail,
} from './support';

const L = 'pt-BR' as const;
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const startsWith = (s: string) => new RegExp(`^\\s*${escape(s)}`);

test('sign up → verify → log in → open a ticket → agent answers → reply → close → rate', async ({ page, request }) => {
  test.setTimeout(60_000);
  const stamp = Date.now().toString(36);
  const email = freshEmail('journey');
  const password = 'Girassol-amarelo-77';
  const name = 'Joana Jornada';
  const subject = `Boleto em dobro ${stamp}`;
  const description = `Recebi dois boletos para a mesma fatura (${stamp}).`;
  const answer = `Olá Joana, o segundo boleto foi cancelado (${stamp}).`;
  const internal = `NOTA INTERNA não mostrar ${stamp}`;
  const reply = `Obrigada, confirmei aqui (${stamp}).`;

  // ---- sign up
  await page.goto('/signup');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(t(L, 'auth.signup.title'));
  await page.getByLabel(t(L, 'auth.field.name'), { exact: true }).fill(name);
  await page.getByLabel(t(L, 'auth.field.email'), { exact: true }).fill(email);
  await page.getByLabel(t(L, 'auth.field.password'), { exact: true }).fill(password);
  await page.getByRole('button', { name: t(L, 'auth.signup.submit') }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(t(L, 'auth.signup.check_title'));
  await expect(page.getByText(email).first()).toBeVisible();

  // ---- the e-mailed link (the page POSTs the fragment's token and signs in)
  const mail = await waitForMail(email);
  expect(mail).toContain(name);
  await page.goto(verifyLinkOf(mail));
  await expect(page.getByText(t(L, 'auth.verify.done_signed_in'))).toBeVisible();

  // ---- log out, log in with the password chosen at sign-up
  await page.getByRole('button', { name: exact(t(L, 'nav.logout')) }).click();
  await expect(page.getByRole('link', { name: exact(t(L, 'nav.login')) })).toBeVisible();
  await page.getByRole('link', { name: exact(t(L, 'nav.login')) }).click();
  await page.getByLabel(t(L, 'auth.field.email'), { exact: true }).fill(email);
  await page.getByLabel(t(L, 'auth.field.password'), { exact: true }).fill(password);
  await page.getByRole('button', { name: t(L, 'auth.login.submit') }).click();
  await expect(page.getByRole('link', { name: exact(t(L, 'nav.my_tickets')) }).first()).toBeVisible();

  // ---- open a ticket
  await page.getByRole('navigation').getByRole('link', { name: exact(t(L, 'nav.new_ticket')) }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(t(L, 'new_ticket.title'));
  const cc = page.getByLabel(t(L, 'new_ticket.cc.label'), { exact: true });
  await cc.fill(env.carla);
  await cc.press('Enter');
  await expect(page.getByRole('list', { name: t(L, 'new_ticket.cc.list_label', { count: 1 }) })).toContainText(env.carla);
  await page.getByLabel(startsWith(t(L, 'new_ticket.platform.label'))).fill('Android 14 / app 3.2.1');
  const topic = page.getByLabel(startsWith(t(L, 'new_ticket.topic.label')));
  await expect(topic.locator('option[value="topic_billing"]')).toHaveCount(1); // the topics arrived
  await topic.selectOption('topic_billing');
  await page.getByLabel(startsWith(t(L, 'new_ticket.subject.label'))).fill(subject);
  await page.getByLabel(startsWith(t(L, 'new_ticket.description.label'))).fill(description);
  await page.getByRole('radio', { name: startsWith(t(L, 'new_ticket.impact.impact_partial')) }).check();
  const uploaded = page.waitForResponse((r) => r.url().includes('/api/v2/uploads') && r.request().method() === 'POST');
  await page.getByLabel(t(L, 'new_ticket.attachments.choose'), { exact: true }).setInputFiles({
    name: 'tela-do-erro.png',
    mimeType: 'image/png',
    buffer: PNG_1PX,
  });
  expect((await uploaded).status()).toBe(201);
  const fileItem = page.getByRole('list', { name: t(L, 'new_ticket.attachments.list_label') }).getByRole('listitem');
  await expect(fileItem).toContainText('tela-do-erro.png');
  await expect(fileItem).toContainText(t(L, 'new_ticket.attachments.state.uploaded'));

  await page.getByRole('button', { name: t(L, 'new_ticket.submit') }).click();
  await expect(page).toHaveURL(/\/tickets\/\d+/);
  const id = ticketIdFromUrl(page.url());
  await expect(page.getByRole('heading', { level: 1 })).toContainText(`#${id}`);
  await expect(page.getByRole('heading', { level: 1 })).toContainText(subject);
  // The protocol number, said in words (new-ticket/notice.tsx); soft: the story goes on.
  await expect.soft(page.getByText(t(L, 'new_ticket.notice.created', { id }))).toBeVisible();

  // What the API saved is what was typed.
  const saved = (await agentApi(request, 'GET', `/api/v2/tickets/${id}`)).ticket;
  const field = (fid: number) => saved.custom_fields.find((f: { id: number }) => f.id === fid)?.value;
  expect(field(100)).toBe('Android 14 / app 3.2.1');
  expect(field(101)).toBe('topic_billing');
  expect(field(102)).toBe('impact_partial');
  expect(saved.email_cc_ids.length).toBe(1);

  // ---- the agent answers (public) and writes an internal note (private)
  await agentApi(request, 'PUT', `/api/v2/tickets/${id}`, { ticket: { comment: { body: answer, public: true } } });
  await agentApi(request, 'PUT', `/api/v2/tickets/${id}`, { ticket: { comment: { body: internal, public: false } } });

  await page.reload();
  await expect(page.getByText(answer)).toBeVisible();
  await expect(page.getByText(description)).toBeVisible();
  const fileLink = page.getByRole('link', { name: /tela-do-erro\.png/ });
  await expect(fileLink).toBeVisible();
  const href = await fileLink.getAttribute('href');
  const got = await page.request.get(new URL(href!, page.url()).toString());
  expect(got.status()).toBe(200);
  expect(got.headers()['content-type']).toMatch(/image\/png/);
  await expect(page.locator('body')).not.toContainText(internal);

  // ---- the customer replies
  await page.getByLabel(t(L, 'tickets.reply.label'), { exact: true }).fill(reply);
  await page.getByRole('button', { name: t(L, 'tickets.reply.send') }).click();
  await expect(page.getByText(t(L, 'tickets.reply.sent'))).toBeVisible();
  await expect(page.getByRole('article').filter({ hasText: reply }).last()).toBeVisible();

  // ---- "Close this case" → the workflow's "Closed by you"
  const closedByYou = await customerStatusLabel(request, 'closed_by_you', L);
  await page.getByRole('button', { name: t(L, 'tickets.close.button') }).click();
  await page.getByRole('button', { name: t(L, 'tickets.close.confirm') }).click();
  await expect(page.getByText(t(L, 'tickets.close.done'))).toBeVisible();
  await expect(page.getByLabel(t(L, 'tickets.meta.label'))).toContainText(closedByYou);
  await expect(page.getByLabel(t(L, 'tickets.reply.label'), { exact: true })).toHaveCount(0);
  await expect(page.getByRole('button', { name: t(L, 'tickets.close.button') })).toHaveCount(0);

  // ---- the rating
  await page.getByRole('radio', { name: t(L, 'tickets.rating.good') }).check();
  await page.getByLabel(t(L, 'tickets.rating.comment'), { exact: true }).fill('Resolveram rápido.');
  await page.getByRole('button', { name: t(L, 'tickets.rating.send') }).click();
  await expect(page.getByText(t(L, 'tickets.rating.thanks'))).toBeVisible();
  const rated = (await agentApi(request, 'GET', `/api/v2/tickets/${id}`)).ticket;
  expect(rated.satisfaction_rating.score).toBe('good');
  expect(rated.custom_status_id).toBeGreaterThan(0);

  // The list shows it, closed by the customer.
  await page.getByRole('navigation').getByRole('link', { name: exact(t(L, 'nav.my_tickets')) }).click();
  const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: `#${id}`, exact: true }) });
  await expect(row).toContainText(subject);
  await expect(row).toContainText(closedByYou);
});
