// Every page of the portal, how to reach it and wait until it has settled, and its main actions
// (what a person must be able to reach on a phone). Used by screenshots.spec.ts and phone.spec.ts.
import { expect, type APIRequestContext, type BrowserContext, type Locator, type Page } from '@playwright/test';
import { agentApi, createTicketAsAgent, env, exact, loginByApi, t } from './support';

const L = 'pt-BR' as const;

export interface PortalPage {
  name: string;
  signedIn: boolean;
  open(page: Page, ticketId: number): Promise<void>;
  actions(page: Page, ticketId: number): Locator[];
}

// Settled: one h1, nothing loading.
export async function settle(page: Page) {
  await expect(page.getByRole('heading', { level: 1 })).toHaveCount(1);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
  await expect(page.getByText(t(L, 'state.loading'), { exact: true })).toHaveCount(0);
}

async function go(page: Page, path: string, h1?: string | RegExp) {
  await page.goto(path);
  await settle(page);
  if (h1 !== undefined) await expect(page.getByRole('heading', { level: 1 })).toHaveText(h1);
}

async function openTab(page: Page, id: number, tab: 'activity' | 'emails') {
  await go(page, `/tickets/${id}`);
  await page.getByRole('tab', { name: t(L, `tickets.tabs.${tab}`) }).click();
  await expect(page.getByRole('tab', { name: t(L, `tickets.tabs.${tab}`) })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('tabpanel')).toBeVisible();
  await settle(page);
}

const button = (page: Page, key: string) => page.getByRole('button', { name: t(L, key), exact: true });
const navLink = (page: Page, key: string) =>
  page.getByRole('navigation').getByRole('link', { name: exact(t(L, key)) });

export const PAGES: PortalPage[] = [
  {
    name: 'home',
    signedIn: false,
    open: (p) => go(p, '/', t(L, 'home.title')),
    actions: (p) => [
      p.getByRole('main').getByRole('link', { name: new RegExp(t(L, 'nav.new_ticket')) }),
      navLink(p, 'nav.login'),
      p.getByRole('combobox', { name: t(L, 'nav.language') }),
    ],
  },
  {
    name: 'login',
    signedIn: false,
    open: (p) => go(p, '/login', t(L, 'auth.login.title')),
    actions: (p) => [p.getByLabel(t(L, 'auth.field.email'), { exact: true }), button(p, 'auth.login.submit')],
  },
  {
    name: 'signup',
    signedIn: false,
    open: (p) => go(p, '/signup', t(L, 'auth.signup.title')),
    actions: (p) => [p.getByLabel(t(L, 'auth.field.password'), { exact: true }), button(p, 'auth.signup.submit')],
  },
  {
    name: 'forgot',
    signedIn: false,
    open: (p) => go(p, '/forgot-password', t(L, 'auth.forgot.title')),
    actions: (p) => [button(p, 'auth.forgot.submit')],
  },
  {
    name: 'reset',
    signedIn: false,
    open: (p) => go(p, '/reset-password#token=e2e-screenshot-token-0000000000000000000', t(L, 'auth.reset.title')),
    actions: (p) => [p.getByLabel(t(L, 'auth.field.new_password'), { exact: true }), button(p, 'auth.reset.submit')],
  },
  {
    name: 'verify',
    signedIn: false,
    open: async (p) => {
      await go(p, '/verify-email#token=e2e-screenshot-token-0000000000000000000', t(L, 'auth.verify.title'));
      await expect(p.getByText(t(L, 'auth.verify.checking'))).toHaveCount(0);
    },
    actions: (p) => [p.getByRole('main').getByRole('link', { name: t(L, 'auth.verify.go_login') }).first()],
  },
  {
    name: 'not-found',
    signedIn: false,
    open: (p) => go(p, '/esta-pagina-nao-existe', t(L, 'error.not_found')),
    actions: (p) => [p.getByRole('link', { name: t(L, 'action.back_home') })],
  },
  {
    name: 'new-ticket',
    signedIn: true,
    open: (p) => go(p, '/tickets/new', t(L, 'new_ticket.title')),
    actions: (p) => [
      p.getByLabel(new RegExp(`^\\s*${t(L, 'new_ticket.subject.label')}`)),
      p.locator('button').filter({ hasText: exact(t(L, 'new_ticket.attachments.choose')) }),
      button(p, 'new_ticket.submit'),
    ],
  },
  {
    name: 'my-tickets',
    signedIn: true,
    open: (p) => go(p, '/tickets', t(L, 'tickets.list.title')),
    actions: (p, id) => [
      p.getByRole('link', { name: `#${id}`, exact: true }),
      p.getByRole('searchbox').or(p.getByLabel(t(L, 'tickets.search.label'), { exact: true })).first(),
      navLink(p, 'nav.new_ticket'),
    ],
  },
  {
    name: 'ticket',
    signedIn: true,
    open: (p, id) => go(p, `/tickets/${id}`),
    actions: (p) => [
      p.getByLabel(t(L, 'tickets.reply.label'), { exact: true }),
      button(p, 'tickets.reply.send'),
      button(p, 'tickets.close.button'),
      p.getByRole('tab', { name: t(L, 'tickets.tabs.emails') }),
    ],
  },
  {
    name: 'activity',
    signedIn: true,
    open: (p, id) => openTab(p, id, 'activity'),
    actions: (p) => [p.getByRole('heading', { name: t(L, 'tickets.activity.timeline') })],
  },
  {
    name: 'emails',
    signedIn: true,
    open: (p, id) => openTab(p, id, 'emails'),
    actions: (p) => [p.getByRole('tabpanel')],
  },
  {
    name: 'profile',
    signedIn: true,
    open: (p) => go(p, '/profile', t(L, 'profile.title')),
    actions: (p) => [p.getByRole('main').getByLabel(t(L, 'profile.locale'), { exact: true }), button(p, 'profile.save')],
  },
];

// A ticket of Carla's with an agent's answer and an attachment (so every part of the ticket
// page has something to show, the e-mails tab included).
export async function carlasTicket(request: APIRequestContext, tag: string): Promise<number> {
  const stamp = Date.now().toString(36);
  const id = await createTicketAsAgent(request, {
    requester: env.carla,
    subject: `Relatório de vendas não abre (${tag} ${stamp})`,
    body: 'Ao abrir o relatório de vendas de outubro aparece uma tela em branco.',
    png: 'captura.png',
  });
  await agentApi(request, 'PUT', `/api/v2/tickets/${id}`, {
    ticket: { comment: { body: 'Obrigado pelo aviso. Pode nos dizer qual navegador usa?', public: true }, status: 'pending' },
  });
  return id;
}

// Visits every page (signed out first, then as Carla) and calls `each` on it once settled.
export async function visitAll(
  page: Page,
  context: BrowserContext,
  ticketId: number,
  each: (p: PortalPage) => Promise<void>,
) {
  for (const p of PAGES.filter((x) => !x.signedIn)) {
    await p.open(page, ticketId);
    await each(p);
  }
  await loginByApi(context, env.carla);
  for (const p of PAGES.filter((x) => x.signedIn)) {
    await p.open(page, ticketId);
    await each(p);
  }
}
