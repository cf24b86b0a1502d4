// Issue 9, who sees a ticket: a customer in CC finds it in "My tickets", marked as CC, and can
// open it; another customer opening its address gets "not found" and not a word of it.
import { test, expect } from './fixtures';
import { agentApi, createTicketAsAgent, env, loginByApi, t } from './support';

test('a CC’d customer sees the ticket marked as CC; another customer gets “not found”', async ({
  page,
  context,
  request,
  newContext,
}) => {
  const stamp = Date.now().toString(36);
  const subject = `Nota fiscal rejeitada ${stamp}`;
  const body = `Detalhe confidencial do pedido ${stamp}`;
  const id = await createTicketAsAgent(request, { requester: env.diego, subject, body, ccs: [env.carla] });

  // Carla (pt-BR) is in CC.
  await loginByApi(context, env.carla);
  await page.goto('/tickets');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(t('pt-BR', 'tickets.list.title'));
  const link = page.getByRole('link', { name: `#${id}`, exact: true });
  const row = page.getByRole('row').filter({ has: link });
  await expect(row).toContainText(subject);
  await expect(row.getByText(t('pt-BR', 'tickets.cc.badge'), { exact: true })).toBeVisible();
  await expect(row).toContainText(t('pt-BR', 'tickets.cc.title'));
  // Her own tickets carry no CC mark (the demo's ticket #1 is hers).
  const own = page.getByRole('row').filter({ has: page.getByRole('link', { name: '#1', exact: true }) });
  await expect(own).toHaveCount(1);
  await expect(own).not.toContainText(t('pt-BR', 'tickets.cc.title'));

  await link.click();
  await expect(page).toHaveURL(new RegExp(`/tickets/${id}$`));
  await expect(page.getByRole('heading', { level: 1 })).toContainText(subject);
  await expect(page.getByText(body)).toBeVisible();
  await expect(page.getByLabel(t('pt-BR', 'tickets.meta.label'))).toContainText(t('pt-BR', 'tickets.cc.title'));

  // Diego, the requester, closes it ("Close this case"): Carla, in copy, reads who closed it
  // (the workflow's CC wording), never "Closed by you".
  const diegoAuth = 'Basic ' + Buffer.from(`${env.diego}/token:${process.env.DIEGO_TOKEN}`).toString('base64');
  const closed = await request.put(`${env.api}/api/v2/requests/${id}`, {
    headers: { Authorization: diegoAuth, 'Content-Type': 'application/json' },
    data: JSON.stringify({ request: { solved: true } }),
  });
  expect(closed.status(), await closed.text()).toBe(200);
  const statuses = await agentApi(request, 'GET', '/api/v2/custom_statuses?locale=pt-BR');
  const closedByYou = (statuses.custom_statuses as any[]).find((x) => x.chamado_key === 'closed_by_you');
  await page.reload();
  const facts = page.getByLabel(t('pt-BR', 'tickets.meta.label'));
  await expect(facts).toContainText(closedByYou.chamado_labels.cc['pt-BR']);
  await expect(facts).not.toContainText(closedByYou.chamado_labels.end_user['pt-BR']);

  // Emma (en) is neither requester nor CC.
  const emma = await newContext();
  await loginByApi(emma, env.emma);
  const p2 = await emma.newPage();
  await p2.goto(`/tickets/${id}`);
  await expect(p2.getByRole('heading', { level: 1 })).toHaveText(t('en', 'tickets.not_found.title'));
  await expect(p2.locator('body')).not.toContainText(subject);
  await expect(p2.locator('body')).not.toContainText(stamp);
  expect(await p2.title()).not.toContain(stamp);
  // Nor in her list.
  await p2.goto('/tickets');
  await expect(p2.getByRole('heading', { level: 1 })).toHaveText(t('en', 'tickets.list.title'));
  await expect(p2.getByRole('table')).toBeVisible();
  await expect(p2.locator('body')).not.toContainText(stamp);
});
