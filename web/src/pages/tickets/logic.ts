// The tickets pages' decisions, as pure functions (unit-tested in logic.test.ts): what the URL
// of "My tickets" means, which API call lists it, what a status lets the customer do, who
// wrote a comment, how the activity timeline reads.
import { withQuery } from '../../api';
import type { Activity, ActivityEvent, Comment, CustomStatus, Request, SideloadedUser } from './types';

export const PER_PAGE = 25;

// Legacy categories of the two filter groups (`status=` takes legacy statuses).
export const OPEN_GROUP = ['new', 'open', 'pending', 'hold'];
export const SOLVED_GROUP = ['solved', 'closed'];

// The state of "My tickets", kept in its URL: ?status=open|solved|<custom status id>&q=&page=
export interface ListState {
  filter: string; // '' (all), 'open', 'solved' or a custom status id
  q: string;
  page: number;
}

export function parseListQuery(query: Record<string, string | undefined>): ListState {
  const raw = (query.status ?? '').trim();
  const filter = raw === 'open' || raw === 'solved' || /^\d+$/.test(raw) ? raw : '';
  const n = Number(query.page);
  const page = Number.isInteger(n) && n >= 1 && n <= 100000 ? n : 1;
  return { filter, q: (query.q ?? '').trim().slice(0, 200), page };
}

export function listUrl(s: ListState): string {
  return withQuery('/tickets', { status: s.filter, q: s.q, page: s.page > 1 ? s.page : undefined });
}

// The request that lists one page: the requests I made or am CC of, last activity first.
export function listApiPath(s: ListState): string {
  const base = s.q ? '/api/v2/requests/search' : '/api/v2/requests';
  const q: Record<string, string | number | boolean | undefined> = {
    query: s.q || undefined,
    chamado_include_ccd: true,
    sort_by: 'updated_at',
    sort_order: 'desc',
    page: s.page,
    per_page: PER_PAGE,
  };
  if (s.filter === 'open') q.status = OPEN_GROUP.join(',');
  else if (s.filter === 'solved') q.status = SOLVED_GROUP.join(',');
  else if (s.filter) q.chamado_custom_status_id = s.filter;
  return withQuery(base, q);
}

// A server that ignores the filter parameters must not show the wrong tickets: the page keeps
// only the rows that match (a no-op when the server filtered).
export function matchesFilter(r: Request, filter: string): boolean {
  if (!filter) return true;
  if (filter === 'open') return r.status === undefined || OPEN_GROUP.includes(r.status);
  if (filter === 'solved') return r.status === undefined || SOLVED_GROUP.includes(r.status);
  return r.custom_status_id === undefined || r.custom_status_id === null || String(r.custom_status_id) === filter;
}

// "123", "#123", " # 123 " → 123; anything else (subject words) → undefined.
export function ticketNumber(q: string): number | undefined {
  const m = /^#?\s*(\d{1,15})$/.exec(q.trim());
  if (!m) return undefined;
  const n = Number(m[1]);
  return n > 0 && Number.isSafeInteger(n) ? n : undefined;
}

export function pageCount(count: number | undefined, perPage = PER_PAGE): number {
  return Math.max(1, Math.ceil((count ?? 0) / perPage));
}

// The customer's label of a status in `locale`: chamado_labels.end_user, else the server's
// end_user_label (already in ?locale=), else undefined (the caller falls back).
export function statusLabel(s: CustomStatus | undefined, locale: string, asCc = false): string | undefined {
  if (!s) return undefined;
  return (asCc ? s.chamado_labels?.cc?.[locale] : undefined) || s.chamado_labels?.end_user?.[locale] || s.end_user_label || s.chamado_labels?.agent?.[locale] || s.agent_label || undefined;
}

export function findStatus(statuses: CustomStatus[] | undefined, id: number | null | undefined): CustomStatus | undefined {
  if (id === null || id === undefined) return undefined;
  return statuses?.find((s) => s.id === id);
}

export function isSolved(r: Request, s?: CustomStatus): boolean {
  if (s?.status_category) return s.status_category === 'solved';
  return r.status === 'solved' || r.status === 'closed';
}

export function isCc(r: Request, userId: number): boolean {
  return r.requester_id !== undefined && r.requester_id !== userId;
}

export function dueDate(r: Request): string | null {
  return r.chamado_due_at || r.due_at || null;
}

export interface Allowed {
  comment: boolean;
  close: boolean;
  reopen: boolean;
  rate: boolean;
}

// What the current status lets this customer do (the workflow's flags), and whether they may
// rate (the requester of a solved, unmerged request whose rating is offered or given).
export function allowed(r: Request, s: CustomStatus | undefined, userId: number): Allowed {
  const closed = s?.chamado_closed === true || r.status === 'closed';
  const merged = r.chamado_merged_into !== null && r.chamado_merged_into !== undefined;
  const score = r.satisfaction_rating?.score;
  return {
    comment: !!s && s.chamado_customer_may_comment !== false && !closed,
    close: !!s && s.chamado_customer_may_close === true && !closed && r.can_be_solved_by_me !== false,
    reopen: !!s && s.chamado_customer_may_reopen === true && !closed,
    rate:
      !isCc(r, userId) &&
      !merged &&
      isSolved(r, s) &&
      (score === 'offered' || score === 'good' || score === 'bad'),
  };
}

export type AuthorKind = 'you' | 'requester' | 'agent' | 'other' | 'support';

// Who wrote a comment, as the customer should read it. A sideloaded user (or an author object
// on the comment) gives the name; without one, the customer's own comments are "you", the
// requester's "requester"; the activity's comment events (`actors`: comment id → by) tell
// agents from other people in copy; without any of these, the support team.
export function commentAuthor(
  c: Comment,
  userId: number,
  requesterId: number | undefined,
  users: SideloadedUser[] | undefined,
  actors?: Map<number, string>,
): { kind: AuthorKind; name?: string } {
  if (c.author_id === userId) return { kind: 'you' };
  const u = users?.find((x) => x.id === c.author_id);
  const given = u ?? c.chamado_author ?? c.author;
  const name = given?.name?.trim() || undefined;
  const role = given?.role;
  const by = actors?.get(c.id);
  if (by === 'you') return { kind: 'you' };
  if ((c.author_id !== undefined && c.author_id === requesterId) || by === 'requester') return { kind: 'requester', name };
  const staff = u?.agent;
  if (role === 'agent' || role === 'admin' || staff === true || by === 'agent') return { kind: 'agent', name };
  if (role === 'end-user' || staff === false || by === 'cc') return { kind: 'other', name };
  return { kind: 'support', name };
}

// Oldest first, public only (the API never sends internal notes to customers; this is a second
// guard), stable for equal times.
export function conversation(comments: Comment[]): Comment[] {
  return comments
    .filter((c) => c.public !== false)
    .map((c, i) => [c, i] as const)
    .sort(([a, i], [b, j]) => {
      const d = Date.parse(a.created_at ?? '') - Date.parse(b.created_at ?? '');
      return Number.isFinite(d) && d !== 0 ? d : i - j;
    })
    .map(([c]) => c);
}

// A comment's text: plain_body, else body. Never HTML.
export function commentText(c: Comment): string {
  return c.plain_body ?? c.body ?? '';
}

// Links and next pages stay on this site: an absolute URL from the API (content_url,
// next_page) is reduced to its path, so the session cookie goes with it whatever host name the
// server built the URL with.
export function sitePath(url: string | null | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const u = new URL(url, 'http://x.invalid');
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return undefined;
    return u.pathname + u.search;
  } catch {
    return undefined;
  }
}

export function fileSize(bytes: number | undefined, locale: string): string {
  if (bytes === undefined || !Number.isFinite(bytes) || bytes < 0) return '';
  const fmt = (n: number, digits: number) => new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(n);
  if (bytes < 1024) return `${fmt(bytes, 0)} B`;
  if (bytes < 1024 * 1024) return `${fmt(bytes / 1024, 0)} KB`;
  return `${fmt(bytes / (1024 * 1024), 1)} MB`;
}

// Reads the activity answer whatever extra or missing fields it has; events oldest first.
export function readActivity(json: unknown): Activity {
  const root = (json && typeof json === 'object' ? (json as Record<string, unknown>) : {}) as Record<string, unknown>;
  const a = (root.activity && typeof root.activity === 'object' ? root.activity : root) as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === 'string' && v ? v : null);
  const events = (Array.isArray(a.events) ? a.events : [])
    .filter((e): e is ActivityEvent => !!e && typeof e === 'object')
    .map((e, i) => [e, i] as const)
    .sort(([x, i], [y, j]) => {
      const d = Date.parse(String(x.at ?? '')) - Date.parse(String(y.at ?? ''));
      return Number.isFinite(d) && d !== 0 ? d : i - j;
    })
    .map(([e]) => e);
  return {
    first_status_activity_at: str(a.first_status_activity_at),
    last_status_activity_at: str(a.last_status_activity_at),
    events,
  };
}

// Event types as the server names them, with the names of the first drafts accepted too.
export function eventType(e: ActivityEvent): string {
  switch (e.type) {
    case 'status_change':
    case 'status_changed':
      return 'status_change';
    case 'rating':
    case 'satisfaction_rated':
      return 'rating';
    case 'created':
    case 'comment':
    case 'escalation':
    case 'merged':
    case 'unmerged':
      return e.type;
    default:
      return 'other';
  }
}

// The message key that describes one activity event.
export function eventKey(e: ActivityEvent): string {
  return `tickets.activity.event.${eventType(e)}`;
}

export function actorKey(by: string | undefined): string {
  switch (by) {
    case 'you':
    case 'requester':
    case 'cc':
    case 'agent':
    case 'system':
      return `tickets.activity.by.${by}`;
    default:
      return 'tickets.activity.by.unknown';
  }
}

// An escalation event's label: {escalation:{state,label}} (the server), or label/state on the event.
export function escalationText(e: ActivityEvent): string | undefined {
  const nested = e.escalation && typeof e.escalation === 'object' ? (e.escalation as { state?: unknown; label?: unknown }) : undefined;
  const pick = (v: unknown) => (typeof v === 'string' && v ? v : undefined);
  return pick(nested?.label) ?? pick(e.label) ?? pick(nested?.state) ?? pick(e.state);
}

// Who wrote each public comment, from the activity's comment events (comment_id → by).
export function commentActors(a: Activity | null | undefined): Map<number, string> {
  const m = new Map<number, string>();
  for (const e of a?.events ?? []) {
    const id = e.comment_id;
    if (eventType(e) === 'comment' && typeof id === 'number' && typeof e.by === 'string') m.set(id, e.by);
  }
  return m;
}

// A failed upload's rule as the server worded it (details.file / uploads / token), if any.
export function uploadRule(details: Record<string, { error?: string; description?: string }[]> | undefined): string | undefined {
  for (const f of ['file', 'uploads', 'token', 'filename']) {
    const d = details?.[f]?.[0]?.description;
    if (d) return d;
  }
  return undefined;
}
