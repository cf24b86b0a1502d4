import { describe, expect, test } from 'vitest';
import messages from './messages';
import {
  actorKey,
  allowed,
  commentActors,
  commentAuthor,
  escalationText,
  eventType,
  conversation,
  dueDate,
  eventKey,
  fileSize,
  isCc,
  listApiPath,
  listUrl,
  matchesFilter,
  pageCount,
  parseListQuery,
  readActivity,
  sitePath,
  statusLabel,
  ticketNumber,
  uploadRule,
} from './logic';
import type { CustomStatus, Request } from './types';

const status = (over: Partial<CustomStatus>): CustomStatus => ({
  id: 1,
  status_category: 'open',
  chamado_closed: false,
  chamado_customer_may_comment: true,
  chamado_customer_may_close: true,
  chamado_customer_may_reopen: false,
  chamado_labels: { end_user: { 'pt-BR': 'Em andamento', es: 'En curso', en: 'In progress' } },
  ...over,
});
const req = (over: Partial<Request>): Request => ({ id: 7, requester_id: 4, status: 'open', custom_status_id: 2, ...over });

describe('the list URL', () => {
  test('reads filter, search and page, refusing nonsense', () => {
    expect(parseListQuery({})).toEqual({ filter: '', q: '', page: 1 });
    expect(parseListQuery({ status: 'open', q: ' boleto ', page: '3' })).toEqual({ filter: 'open', q: 'boleto', page: 3 });
    expect(parseListQuery({ status: '8', page: '0' })).toEqual({ filter: '8', q: '', page: 1 });
    expect(parseListQuery({ status: '<x>', page: '2.5' })).toEqual({ filter: '', q: '', page: 1 });
  });
  test('round-trips and leaves out the defaults', () => {
    expect(listUrl({ filter: '', q: '', page: 1 })).toBe('/tickets');
    const s = { filter: 'solved', q: '#12', page: 2 };
    const url = listUrl(s);
    expect(url).toBe('/tickets?status=solved&q=%2312&page=2');
    const q = Object.fromEntries(new URLSearchParams(url.split('?')[1]));
    expect(parseListQuery(q)).toEqual(s);
  });
});

describe('the list request', () => {
  const params = (p: string) => Object.fromEntries(new URLSearchParams(p.split('?')[1]));
  test('my requests and CCs, last activity first, 25 a page', () => {
    const p = listApiPath({ filter: '', q: '', page: 2 });
    expect(p.startsWith('/api/v2/requests?')).toBe(true);
    expect(params(p)).toEqual({ chamado_include_ccd: 'true', sort_by: 'updated_at', sort_order: 'desc', page: '2', per_page: '25' });
  });
  test('groups filter by legacy status, one status by its id', () => {
    expect(params(listApiPath({ filter: 'open', q: '', page: 1 })).status).toBe('new,open,pending,hold');
    expect(params(listApiPath({ filter: 'solved', q: '', page: 1 })).status).toBe('solved,closed');
    const one = params(listApiPath({ filter: '8', q: '', page: 1 }));
    expect(one.chamado_custom_status_id).toBe('8');
    expect(one.status).toBeUndefined();
  });
  test('a search goes to /requests/search with the same filters', () => {
    const p = listApiPath({ filter: 'open', q: '#12', page: 1 });
    expect(p.startsWith('/api/v2/requests/search?')).toBe(true);
    expect(params(p)).toMatchObject({ query: '#12', status: 'new,open,pending,hold', chamado_include_ccd: 'true' });
  });
  test('rows a server did not filter are dropped', () => {
    expect(matchesFilter(req({ status: 'solved' }), 'open')).toBe(false);
    expect(matchesFilter(req({ status: 'hold' }), 'open')).toBe(true);
    expect(matchesFilter(req({ status: 'closed' }), 'solved')).toBe(true);
    expect(matchesFilter(req({ custom_status_id: 8 }), '8')).toBe(true);
    expect(matchesFilter(req({ custom_status_id: 2 }), '8')).toBe(false);
    expect(matchesFilter(req({}), '')).toBe(true);
  });
  test('ticket numbers in a search', () => {
    expect(ticketNumber('123')).toBe(123);
    expect(ticketNumber(' #123 ')).toBe(123);
    expect(ticketNumber('# 9')).toBe(9);
    expect(ticketNumber('boleto 123')).toBeUndefined();
    expect(ticketNumber('0')).toBeUndefined();
    expect(ticketNumber('#')).toBeUndefined();
  });
  test('page count', () => {
    expect(pageCount(0)).toBe(1);
    expect(pageCount(25)).toBe(1);
    expect(pageCount(26)).toBe(2);
    expect(pageCount(undefined)).toBe(1);
  });
});

describe('statuses and permissions', () => {
  test('the customer label in the current language', () => {
    const s = status({ end_user_label: 'Fallback' });
    expect(statusLabel(s, 'es')).toBe('En curso');
    expect(statusLabel(status({ chamado_labels: undefined, end_user_label: 'Fallback' }), 'es')).toBe('Fallback');
    expect(statusLabel(undefined, 'en')).toBeUndefined();
  });
  test('a customer in copy gets the CC wording where the workflow has one', () => {
    const closed = status({
      chamado_labels: {
        end_user: { 'pt-BR': 'Encerrado por você' },
        cc: { 'pt-BR': 'Encerrado pelo solicitante' },
      },
    });
    expect(statusLabel(closed, 'pt-BR')).toBe('Encerrado por você');
    expect(statusLabel(closed, 'pt-BR', true)).toBe('Encerrado pelo solicitante');
    expect(statusLabel(status({}), 'es', true)).toBe('En curso'); // no CC wording: the customer label
  });
  test('the workflow flags decide reply, close and reopen', () => {
    expect(allowed(req({}), status({}), 4)).toEqual({ comment: true, close: true, reopen: false, rate: false });
    const resolved = status({ id: 6, status_category: 'solved', chamado_customer_may_reopen: true });
    const r = req({ status: 'solved', custom_status_id: 6, satisfaction_rating: { score: 'offered' } });
    expect(allowed(r, resolved, 4)).toEqual({ comment: true, close: true, reopen: true, rate: true });
    const closed = status({
      id: 8,
      status_category: 'solved',
      chamado_closed: true,
      chamado_customer_may_comment: false,
      chamado_customer_may_close: false,
    });
    expect(allowed(req({ status: 'closed', custom_status_id: 8, satisfaction_rating: { score: 'good' } }), closed, 4)).toEqual({
      comment: false,
      close: false,
      reopen: false,
      rate: true,
    });
  });
  test('nothing is allowed before the statuses are known', () => {
    expect(allowed(req({}), undefined, 4)).toEqual({ comment: false, close: false, reopen: false, rate: false });
  });
  test('only the requester rates, only solved and offered or rated, never a duplicate', () => {
    const solved = status({ status_category: 'solved' });
    const r = req({ status: 'solved', satisfaction_rating: { score: 'offered' } });
    expect(allowed(r, solved, 4).rate).toBe(true);
    expect(allowed(r, solved, 5).rate).toBe(false); // a CC
    expect(allowed({ ...r, satisfaction_rating: { score: 'unoffered' } }, solved, 4).rate).toBe(false);
    expect(allowed({ ...r, chamado_merged_into: 3 }, solved, 4).rate).toBe(false);
    expect(allowed(req({ satisfaction_rating: { score: 'offered' } }), status({}), 4).rate).toBe(false);
  });
  test('the server can forbid the close', () => {
    expect(allowed(req({ can_be_solved_by_me: false }), status({}), 4).close).toBe(false);
  });
  test('CC and due date', () => {
    expect(isCc(req({ requester_id: 4 }), 4)).toBe(false);
    expect(isCc(req({ requester_id: 9 }), 4)).toBe(true);
    expect(dueDate(req({ due_at: null, chamado_due_at: '2026-12-02T07:07:11Z' }))).toBe('2026-12-02T07:07:11Z');
    expect(dueDate(req({ due_at: '2026-12-01T00:00:00Z' }))).toBe('2026-12-01T00:00:00Z');
    expect(dueDate(req({}))).toBeNull();
  });
});

describe('the conversation', () => {
  test('oldest first, internal notes never', () => {
    const list = conversation([
      { id: 3, created_at: '2026-01-02T00:00:00Z' },
      { id: 1, created_at: '2026-01-01T00:00:00Z' },
      { id: 2, created_at: '2026-01-01T12:00:00Z', public: false },
      { id: 4, created_at: '2026-01-02T00:00:00Z' },
    ]);
    expect(list.map((c) => c.id)).toEqual([1, 3, 4]);
  });
  test('who wrote it', () => {
    expect(commentAuthor({ id: 1, author_id: 4 }, 4, 4, undefined)).toEqual({ kind: 'you' });
    expect(commentAuthor({ id: 1, author_id: 9 }, 4, 9, [{ id: 9, name: 'Diego' }])).toEqual({ kind: 'requester', name: 'Diego' });
    expect(commentAuthor({ id: 1, author_id: 2 }, 4, 4, [{ id: 2, name: 'Ana', role: 'agent' }])).toEqual({ kind: 'agent', name: 'Ana' });
    expect(commentAuthor({ id: 1, author_id: 5 }, 4, 4, [{ id: 5, name: 'Emma', role: 'end-user' }])).toEqual({ kind: 'other', name: 'Emma' });
    // The shape the server sideloads (Zendesk's request comments): agent true/false, no role.
    expect(commentAuthor({ id: 1, author_id: 2 }, 4, 4, [{ id: 2, name: 'Ana Souza', agent: true }])).toEqual({ kind: 'agent', name: 'Ana Souza' });
    expect(commentAuthor({ id: 1, author_id: 5 }, 4, 4, [{ id: 5, name: 'Emma', agent: false }])).toEqual({ kind: 'other', name: 'Emma' });
    expect(commentAuthor({ id: 1, author_id: 2 }, 4, 4, undefined)).toEqual({ kind: 'support', name: undefined });
  });
  test('links stay on this site', () => {
    expect(sitePath('http://10.0.0.1:8080/attachments/5/a%20b.pdf')).toBe('/attachments/5/a%20b.pdf');
    expect(sitePath('/attachments/5/x.png')).toBe('/attachments/5/x.png');
    expect(sitePath('javascript:alert(1)')).toBeUndefined();
    expect(sitePath(undefined)).toBeUndefined();
    expect(sitePath('https://h/api/v2/requests/1/comments.json?page=2&per_page=100')).toBe('/api/v2/requests/1/comments.json?page=2&per_page=100');
  });
  test('file sizes', () => {
    expect(fileSize(512, 'en')).toBe('512 B');
    expect(fileSize(2048, 'en')).toBe('2 KB');
    expect(fileSize(1.5 * 1024 * 1024, 'pt-BR')).toBe('1,5 MB');
    expect(fileSize(undefined, 'en')).toBe('');
  });
  test("an upload's refusal names its rule", () => {
    expect(uploadRule({ file: [{ error: 'FileTypeNotAllowed', description: "File 'x.exe' is not allowed" }] })).toBe(
      "File 'x.exe' is not allowed",
    );
    expect(uploadRule({ uploads: [{ description: 'bad token' }] })).toBe('bad token');
    expect(uploadRule({ body: [{ description: 'x' }] })).toBeUndefined();
    expect(uploadRule(undefined)).toBeUndefined();
  });
});

describe('the activity', () => {
  test('tolerates missing and extra fields, sorts events', () => {
    const a = readActivity({
      activity: {
        first_status_activity_at: '2026-01-01T00:00:00Z',
        extra: 1,
        events: [
          { at: '2026-01-03T00:00:00Z', type: 'comment', by: 'agent' },
          null,
          { at: '2026-01-01T00:00:00Z', type: 'created', by: 'you', whatever: true },
        ],
      },
    });
    expect(a.first_status_activity_at).toBe('2026-01-01T00:00:00Z');
    expect(a.last_status_activity_at).toBeNull();
    expect(a.events?.map((e) => e.type)).toEqual(['created', 'comment']);
    expect(readActivity(null)).toEqual({ first_status_activity_at: null, last_status_activity_at: null, events: [] });
    expect(readActivity({ activity: { events: 'no' } }).events).toEqual([]);
  });
  test("the server's names and the drafts' names", () => {
    expect(eventType({ type: 'status_changed' })).toBe('status_change');
    expect(eventType({ type: 'status_change' })).toBe('status_change');
    expect(eventType({ type: 'satisfaction_rated' })).toBe('rating');
    expect(eventType({ type: 'unmerged' })).toBe('unmerged');
    expect(eventType({ type: 'new_thing' })).toBe('other');
    expect(escalationText({ type: 'escalation', escalation: { state: 'in_progress', label: 'Em andamento' } })).toBe('Em andamento');
    expect(escalationText({ type: 'escalation', label: 'X' })).toBe('X');
    expect(escalationText({ type: 'escalation', state: 'concluded' })).toBe('concluded');
  });
  test('comment authors from the activity', () => {
    const a = readActivity({
      activity: {
        events: [
          { type: 'comment', by: 'agent', comment_id: 55 },
          { type: 'comment', by: 'cc', comment_id: 56 },
          { type: 'status_changed', by: 'agent' },
        ],
      },
    });
    const actors = commentActors(a);
    expect([...actors.entries()]).toEqual([
      [55, 'agent'],
      [56, 'cc'],
    ]);
    expect(commentAuthor({ id: 56, author_id: 9 }, 4, 5, undefined, actors)).toEqual({ kind: 'other', name: undefined });
    expect(commentAuthor({ id: 55, author_id: 2 }, 4, 5, undefined, actors)).toEqual({ kind: 'agent', name: undefined });
    expect(commentActors(null).size).toBe(0);
  });
  test('every event type and actor has a text in every language', () => {
    const keys = [
      ...['created', 'status_change', 'status_changed', 'comment', 'escalation', 'merged', 'unmerged', 'rating', 'satisfaction_rated', 'surprise'].map(
        (type) => eventKey({ type }),
      ),
      ...['you', 'requester', 'cc', 'agent', 'system', 'martian', undefined].map(actorKey),
      'tickets.activity.event.created_in',
    ];
    for (const l of ['pt-BR', 'es', 'en'] as const) for (const k of keys) expect(messages[l][k], `${l} ${k}`).toBeTruthy();
  });
});

test('the texts built from data exist in every language', () => {
  const dynamic = [
    ...['new', 'open', 'pending', 'hold', 'solved', 'closed'].map((s) => `tickets.legacy.${s}`),
    ...['you', 'requester', 'agent', 'other', 'support'].map((k) => `tickets.author.${k}`),
    ...['requester', 'agent', 'other', 'support'].map((k) => `tickets.author.${k}_role`),
    ...['conversation', 'activity', 'emails'].map((k) => `tickets.tabs.${k}`),
    ...['good', 'bad'].map((k) => `tickets.rating.${k}`),
    ...['queued', 'sending', 'sent', 'dead', 'bounced'].map((k) => `tickets.emails.state.${k}`),
    'tickets.activity.event.status_set',
  ];
  for (const l of ['pt-BR', 'es', 'en'] as const) for (const k of dynamic) expect(messages[l][k], `${l} ${k}`).toBeTruthy();
  for (const l of ['pt-BR', 'es', 'en'] as const)
    for (const k of Object.keys(messages[l])) expect(k.startsWith('tickets.'), k).toBe(true);
});
