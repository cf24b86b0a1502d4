// "My tickets": the requests I made or am CC of, last activity first; filter by status,
// search by number or subject, 25 a page. Filter, search and page live in the URL query so
// back/forward and reload show the same list.
import { useEffect, useRef, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { ApiError, get } from '../../api';
import { Alert } from '../../components/alert';
import { errorText } from '../../components/errors';
import { RequireLogin } from '../../components/require-login';
import { useI18n, type I18n } from '../../i18n';
import type { User } from '../../session';
import {
  findStatus,
  isCc,
  listApiPath,
  listUrl,
  matchesFilter,
  pageCount,
  parseListQuery,
  statusLabel,
  ticketNumber,
  type ListState,
} from './logic';
import { useStatuses } from './statuses';
import type { CustomStatus, Request, RequestList } from './types';

export function statusText(t: I18n['t'], locale: string, statuses: CustomStatus[] | undefined, r: Request,
                           asCc = false): string {
  const label = statusLabel(findStatus(statuses, r.custom_status_id), locale, asCc);
  if (label) return label;
  if (r.status) {
    const key = `tickets.legacy.${r.status}`;
    const text = t(key);
    return text === key ? r.status : text;
  }
  return '';
}

export function CcBadge() {
  const { t } = useI18n();
  return (
    <span class="badge tickets-cc" title={t('tickets.cc.title')}>
      <span aria-hidden="true">{t('tickets.cc.badge')}</span>
      <span class="visually-hidden">{t('tickets.cc.title')}</span>
    </span>
  );
}

interface Loaded {
  key: string;
  rows: Request[];
  count: number;
  hasNext: boolean;
  hasPrev: boolean;
}

async function fetchList(s: ListState): Promise<Omit<Loaded, 'key'>> {
  const res = await get<RequestList>(listApiPath(s));
  let rows = (res.requests ?? []).filter((r) => matchesFilter(r, s.filter));
  let count = res.count ?? rows.length;
  // A number the search did not find (an older server searches subjects only): ask for it.
  const n = s.q ? ticketNumber(s.q) : undefined;
  if (n !== undefined && s.page === 1 && !rows.some((r) => r.id === n)) {
    try {
      const one = await get<{ request: Request }>(`/api/v2/requests/${n}`);
      if (one.request && matchesFilter(one.request, s.filter)) {
        rows = [one.request, ...rows];
        count += 1;
      }
    } catch (e) {
      if (!(e instanceof ApiError && e.status === 404)) throw e;
    }
  }
  return { rows, count, hasNext: !!res.next_page, hasPrev: !!res.previous_page || s.page > 1 };
}

function TicketsList({ user }: { user: User }) {
  const { t, locale, dateTime } = useI18n();
  const { query, route } = useLocation();
  const state = parseListQuery(query);
  const key = listUrl(state);
  const statuses = useStatuses(locale);
  const [loaded, setLoaded] = useState<Loaded | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const [search, setSearch] = useState(state.q);
  const live = useRef(key);

  useEffect(() => {
    live.current = key;
    setError(undefined);
    setSearch(state.q);
    fetchList(state).then(
      (r) => live.current === key && setLoaded({ key, ...r }),
      (e) => live.current === key && setError(errorText(t, e)),
    );
  }, [key]);

  const go = (next: Partial<ListState>) => route(listUrl({ ...state, ...next }));
  const pages = pageCount(loaded?.count);
  const busy = !error && loaded?.key !== key;
  const filtering = state.filter !== '' || state.q !== '';

  return (
    <section class="tickets-list" aria-busy={busy}>
      <h1>{t('tickets.list.title')}</h1>
      <div class="tickets-tools">
        <div class="field">
          <label for="tickets-filter">{t('tickets.filter.label')}</label>
          <select
            id="tickets-filter"
            value={state.filter}
            onChange={(e) => go({ filter: (e.currentTarget as HTMLSelectElement).value, page: 1 })}
          >
            <option value="">{t('tickets.filter.all')}</option>
            <option value="open">{t('tickets.filter.open')}</option>
            <option value="solved">{t('tickets.filter.solved')}</option>
            {(statuses ?? []).length > 0 && (
              <optgroup label={t('tickets.filter.by_status')}>
                {(statuses ?? []).map((s) => (
                  <option value={String(s.id)} key={s.id}>
                    {statusLabel(s, locale) ?? String(s.id)}
                  </option>
                ))}
              </optgroup>
            )}
            {/^\d+$/.test(state.filter) && !findStatus(statuses, Number(state.filter)) && (
              <option value={state.filter}>{state.filter}</option>
            )}
          </select>
        </div>
        <form
          class="tickets-search"
          role="search"
          onSubmit={(e) => {
            e.preventDefault();
            go({ q: search.trim(), page: 1 });
          }}
        >
          <div class="field">
            <label for="tickets-search">{t('tickets.search.label')}</label>
            <div class="tickets-search-row">
              <input
                id="tickets-search"
                type="search"
                value={search}
                maxLength={200}
                aria-describedby="tickets-search-hint"
                onInput={(e) => setSearch((e.currentTarget as HTMLInputElement).value)}
              />
              <button type="submit">{t('tickets.search.button')}</button>
            </div>
            <span class="hint" id="tickets-search-hint">
              {t('tickets.search.hint')}
            </span>
          </div>
        </form>
      </div>
      {filtering && (
        <p class="tickets-filtering">
          {state.q ? t('tickets.search.showing', { q: state.q }) : null}{' '}
          <a href="/tickets">{t('tickets.filter.clear')}</a>
        </p>
      )}

      {error && <Alert>{error}</Alert>}
      {!error && busy && !loaded && <p>{t('state.loading')}</p>}
      {loaded && loaded.rows.length === 0 && !busy && !error && (
        <div class="tickets-empty">
          <p>{filtering ? t('tickets.list.none_found') : t('tickets.list.empty')}</p>
          <p>
            <a class="button" href="/tickets/new">
              {t('tickets.list.open_one')}
            </a>
          </p>
        </div>
      )}
      {loaded && loaded.rows.length > 0 && (
        <>
          <table class="responsive tickets-table">
            <caption class="visually-hidden">{t('tickets.list.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('tickets.col.number')}</th>
                <th scope="col">{t('tickets.col.subject')}</th>
                <th scope="col">{t('tickets.col.created')}</th>
                <th scope="col">{t('tickets.col.updated')}</th>
                <th scope="col">{t('tickets.col.status')}</th>
              </tr>
            </thead>
            <tbody>
              {loaded.rows.map((r) => (
                <tr key={r.id}>
                  <td data-label={t('tickets.col.number')}>
                    <a href={`/tickets/${r.id}`}>#{r.id}</a>
                  </td>
                  <td data-label={t('tickets.col.subject')}>
                    <span class="tickets-subject">
                      {r.subject || t('tickets.no_subject')}
                      {isCc(r, user.id) && (
                        <>
                          {' '}
                          <CcBadge />
                        </>
                      )}
                    </span>
                  </td>
                  <td data-label={t('tickets.col.created')}>{dateTime(r.created_at)}</td>
                  <td data-label={t('tickets.col.updated')}>{dateTime(r.updated_at)}</td>
                  <td data-label={t('tickets.col.status')}>{statusText(t, locale, statuses, r, isCc(r, user.id))}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <nav class="tickets-pager" aria-label={t('tickets.pager.label')}>
            {loaded.hasPrev ? (
              <a href={listUrl({ ...state, page: state.page - 1 })} rel="prev">
                {t('tickets.pager.previous')}
              </a>
            ) : (
              <span aria-hidden="true" class="tickets-pager-off">
                {t('tickets.pager.previous')}
              </span>
            )}
            <span class="tickets-pager-where">{t('tickets.pager.page_of', { page: state.page, pages: Math.max(pages, state.page) })}</span>
            {loaded.hasNext ? (
              <a href={listUrl({ ...state, page: state.page + 1 })} rel="next">
                {t('tickets.pager.next')}
              </a>
            ) : (
              <span aria-hidden="true" class="tickets-pager-off">
                {t('tickets.pager.next')}
              </span>
            )}
          </nav>
        </>
      )}
    </section>
  );
}

export function MyTickets() {
  return <RequireLogin>{(user) => <TicketsList user={user} />}</RequireLogin>;
}
