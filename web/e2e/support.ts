// Shared helpers of the e2e suite: the environment scripts/e2e.sh exports, the agent's API
// (Basic auth with an API token), the mail dir (.eml files), texts in the three languages.
import fs from 'node:fs';
import path from 'node:path';
import { expect, type APIRequestContext, type BrowserContext, type Page } from '@playwright/test';
import { messages } from '../src/i18n/messages';
import { fill, type Locale } from '../src/i18n/locale';

function required(name: string): string {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set: run the suite through scripts/e2e.sh`);
  return v;
}

export const env = {
  get portal() {
    return required('PORTAL_URL').replace(/\/$/, '');
  },
  // The API the tests call directly (the agent's side); the same server as the portal's.
  get api() {
    return (process.env.API_URL || required('PORTAL_URL')).replace(/\/$/, '');
  },
  get agentEmail() {
    return process.env.AGENT_EMAIL || 'ana.souza@chamado.local';
  },
  get agentToken() {
    return required('AGENT_TOKEN');
  },
  get mailDir() {
    return required('MAIL_DIR');
  },
  get out() {
    return process.env.E2E_OUT || '/tmp/chamado-e2e-artifacts';
  },
  customerPassword: process.env.CUSTOMER_PASSWORD || 'customer-demo-2026',
  carla: 'carla@cliente.com.br',
  diego: 'diego@cliente.mx',
  emma: 'emma@customer.example',
};

// The portal's own text for a key (so a wording change does not break the suite, but the
// wrong language does). Throws on an unknown key: a renamed key must be noticed.
export function t(locale: Locale, key: string, vars: Record<string, string | number> = {}): string {
  const text = messages[locale][key];
  if (text === undefined) throw new Error(`no text ${key} in ${locale}`);
  return fill(text, vars);
}

export function exact(s: string): RegExp {
  return new RegExp(`^\\s*${s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);
}

// A unique address per test run (sign-ups are throttled per address, not per run).
export function freshEmail(tag: string): string {
  return `e2e-${tag}-${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}@example.org`;
}

// ---- the agent's API

function agentAuth(): string {
  return 'Basic ' + Buffer.from(`${env.agentEmail}/token:${env.agentToken}`).toString('base64');
}

export async function agentApi<T = any>(
  request: APIRequestContext,
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  p: string,
  body?: unknown,
): Promise<T> {
  const res = await request.fetch(`${env.api}${p}`, {
    method,
    headers: { Authorization: agentAuth(), 'Content-Type': 'application/json' },
    data: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok()) throw new Error(`${method} ${p} → ${res.status()}: ${text.slice(0, 500)}`);
  return (text ? JSON.parse(text) : {}) as T;
}

export async function createTicketAsAgent(
  request: APIRequestContext,
  opts: { requester: string; subject: string; body: string; ccs?: string[]; png?: string },
): Promise<number> {
  let uploads: string[] = [];
  if (opts.png) {
    const res = await request.post(`${env.api}/api/v2/uploads?filename=${encodeURIComponent(opts.png)}`, {
      headers: { Authorization: agentAuth(), 'Content-Type': 'image/png' },
      data: PNG_1PX,
    });
    expect(res.status(), 'agent upload').toBe(201);
    uploads = [(await res.json()).upload.token];
  }
  const r = await agentApi(request, 'POST', '/api/v2/tickets', {
    ticket: {
      subject: opts.subject,
      comment: { body: opts.body, uploads },
      requester: { email: opts.requester },
      email_ccs: (opts.ccs ?? []).map((e) => ({ user_email: e })),
    },
  });
  return r.ticket.id as number;
}

// The customer label of a status, in a language, from the workflow (never hard-coded).
export async function customerStatusLabel(request: APIRequestContext, key: string, locale: Locale): Promise<string> {
  const r = await agentApi(request, 'GET', `/api/v2/custom_statuses?locale=${encodeURIComponent(locale)}`);
  const s = (r.custom_statuses as any[]).find((x) => x.chamado_key === key);
  if (!s) throw new Error(`no status ${key}`);
  return s.chamado_labels.end_user[locale] as string;
}

// ---- customers' sessions

// Signs in through the API with the context's cookie jar: the browser is then signed in.
export async function loginByApi(context: BrowserContext, email: string, password = env.customerPassword) {
  const res = await context.request.post(`${env.portal}/api/v2/chamado/auth/login`, {
    headers: { 'Content-Type': 'application/json' },
    data: JSON.stringify({ email, password }),
  });
  expect(res.status(), `login ${email}`).toBe(200);
}

// A verified customer made through the API (sign-up + the mailed link), for tests that are not
// about signing up.
export async function makeCustomer(
  request: APIRequestContext,
  tag: string,
  locale: Locale = 'pt-BR',
): Promise<{ email: string; password: string; name: string }> {
  const email = freshEmail(tag);
  const password = 'Lagarta-azul-2026!';
  const name = `E2E ${tag}`;
  const res = await request.post(`${env.api}/api/v2/chamado/auth/signup`, {
    headers: { 'Content-Type': 'application/json' },
    data: JSON.stringify({ name, email, password, locale }),
  });
  expect(res.status(), 'signup').toBe(202);
  const link = verifyLinkOf(await waitForMail(email));
  const token = new URL(link).hash.replace(/^#token=/, '');
  const v = await request.post(`${env.api}/api/v2/chamado/auth/verify`, {
    headers: { 'Content-Type': 'application/json' },
    data: JSON.stringify({ token }),
  });
  expect(v.status(), 'verify').toBe(200);
  return { email, password, name };
}

// ---- mail written as files (DATA/mail-out/*.eml)

function decodeQuotedPrintable(s: string): string {
  const bytes: number[] = [];
  const soft = s.replace(/=\r?\n/g, '');
  for (let i = 0; i < soft.length; i++) {
    const c = soft[i];
    if (c === '=' && /^[0-9A-Fa-f]{2}$/.test(soft.slice(i + 1, i + 3))) {
      bytes.push(parseInt(soft.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      for (const b of Buffer.from(c, 'utf8')) bytes.push(b);
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

// The decoded text of every part of a message (quoted-printable or base64 parts decoded).
export function decodeMail(raw: string): string {
  const out: string[] = [];
  const parts = raw.split(/\r?\n--[^\r\n]+\r?\n/);
  for (const part of parts) {
    const sep = part.search(/\r?\n\r?\n/);
    const head = sep >= 0 ? part.slice(0, sep) : '';
    const body = sep >= 0 ? part.slice(sep).trimStart() : part;
    if (/content-transfer-encoding:\s*quoted-printable/i.test(head)) out.push(decodeQuotedPrintable(body));
    else if (/content-transfer-encoding:\s*base64/i.test(head))
      out.push(Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8'));
    else out.push(body);
  }
  return out.join('\n');
}

// Waits (polling the mail dir, the outbox is asynchronous) for a message to this address.
export async function waitForMail(to: string, match: RegExp = /verify-email#token=/, timeoutMs = 15_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  const dir = env.mailDir;
  for (;;) {
    const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.eml')) : [];
    for (const f of files) {
      const raw = fs.readFileSync(path.join(dir, f), 'utf8');
      const toLine = raw.match(/^To:.*$/im)?.[0] ?? '';
      if (!toLine.toLowerCase().includes(to.toLowerCase())) continue;
      const text = decodeMail(raw);
      if (match.test(text)) return text;
    }
    if (Date.now() > deadline) throw new Error(`no mail to ${to} matching ${match} in ${dir}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

// The verification link of a decoded mail, moved onto the portal's origin (the server's
// public_url is its default, http://127.0.0.1:8080, as the port is picked at start).
export function verifyLinkOf(text: string): string {
  const m = text.match(/(https?:\/\/[^\s"<>]+)\/verify-email#token=([A-Za-z0-9_\-]+)/);
  if (!m) throw new Error('no verify link in the mail');
  return `${env.portal}/verify-email#token=${m[2]}`;
}

// ---- small page helpers

// A one-pixel PNG (valid: the server checks the content with libmagic).
export const PNG_1PX = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

export async function noHorizontalScroll(page: Page): Promise<{ scrollWidth: number; innerWidth: number }> {
  return page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
  }));
}

// The ticket id (protocol number) from a /tickets/ID URL.
export function ticketIdFromUrl(url: string): number {
  const m = new URL(url).pathname.match(/^\/tickets\/(\d+)/);
  if (!m) throw new Error(`not a ticket URL: ${url}`);
  return Number(m[1]);
}
