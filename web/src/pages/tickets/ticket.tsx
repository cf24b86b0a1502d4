// A ticket's page: number and subject, status, escalation, due date; the public conversation,
// the activity timeline and the e-mails we sent, as tabs; reply, close, reopen and rate as the
// workflow allows. A ticket the customer may not see is "not found", with no data at all.
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, get, put } from '../../api';
import { NewTicketNotice } from '../new-ticket/notice';
import { Alert } from '../../components/alert';
import { errorText } from '../../components/errors';
import { RequireLogin } from '../../components/require-login';
import { useI18n } from '../../i18n';
import type { User } from '../../session';
import { ActivityPanel } from './activity';
import { Conversation, ReplyForm } from './conversation';
import { EmailsPanel } from './emails';
import { CcBadge, statusText } from './list';
import { allowed, commentActors, dueDate, findStatus, isCc, readActivity, sitePath } from './logic';
import { RatingForm } from './rating';
import { useStatuses } from './statuses';
import type { Activity, Comment, CommentList, Request, SideloadedUser } from './types';

const TABS = ['conversation', 'activity', 'emails'] as const;
type Tab = (typeof TABS)[number];

async function loadComments(id: number): Promise<{ comments: Comment[]; users: SideloadedUser[] }> {
  const comments: Comment[] = [];
  const users: SideloadedUser[] = [];
  let path: string | undefined = `/api/v2/requests/${id}/comments?include=users&per_page=100`;
  for (let i = 0; path && i < 20; i++) {
    const page: CommentList = await get<CommentList>(path);
    comments.push(...(page.comments ?? []));
    users.push(...(page.users ?? []));
    path = sitePath(page.next_page);
  }
  return { comments, users };
}

// The activity timeline; null when this server has none for customers (404 on a request the
// caller could read) or it failed: the page works without it.
async function loadActivity(id: number): Promise<Activity | null> {
  try {
    return readActivity(await get<unknown>(`/api/v2/chamado/requests/${id}/activity`));
  } catch {
    return null;
  }
}

export function TicketNotFound() {
  const { t } = useI18n();
  return (
    <section>
      <h1>{t('tickets.not_found.title')}</h1>
      <p>{t('tickets.not_found.text')}</p>
      <p>
        <a href="/tickets">{t('tickets.back')}</a>
      </p>
    </section>
  );
}

function Tabs({ tab, setTab }: { tab: Tab; setTab: (t: Tab) => void }) {
  const { t } = useI18n();
  const refs = useRef<(HTMLButtonElement | null)[]>([]);
  const move = (to: number) => {
    const i = (to + TABS.length) % TABS.length;
    setTab(TABS[i]);
    refs.current[i]?.focus();
  };
  return (
    <div role="tablist" aria-label={t('tickets.tabs.label')} class="tickets-tabs">
      {TABS.map((name, i) => (
        <button
          key={name}
          type="button"
          role="tab"
          id={`tickets-tab-${name}`}
          aria-selected={tab === name}
          aria-controls={`tickets-panel-${name}`}
          tabIndex={tab === name ? 0 : -1}
          ref={(el) => {
            refs.current[i] = el;
          }}
          onClick={() => setTab(name)}
          onKeyDown={(e) => {
            if (e.key === 'ArrowRight') move(i + 1);
            else if (e.key === 'ArrowLeft') move(i - 1);
            else if (e.key === 'Home') move(0);
            else if (e.key === 'End') move(TABS.length - 1);
            else return;
            e.preventDefault();
          }}
        >
          {t(`tickets.tabs.${name}`)}
        </button>
      ))}
    </div>
  );
}

// One tab's panel (the tabs above name it by id).
function TabPanel({ name, shown, children }: { name: string; shown: boolean; children: ComponentChildren }) {
  return (
    <div role="tabpanel" id={`tickets-panel-${name}`} aria-labelledby={`tickets-tab-${name}`} hidden={!shown} class="tickets-panel">
      {children}
    </div>
  );
}

// One dated line of the ticket's facts.
function WhenItem({ label, iso }: { label: string; iso: string | undefined }) {
  const { dateTime } = useI18n();
  return (
    <div>
      <dt>{label}</dt>
      <dd>
        <time dateTime={iso ?? ""}>{dateTime(iso)}</time>
      </dd>
    </div>
  );
}

function Ticket({ id, user }: { id: number; user: User }) {
  const { t, locale } = useI18n();
  const statuses = useStatuses(locale);
  const [request, setRequest] = useState<Request | null | undefined>(undefined);
  const [comments, setComments] = useState<{ comments: Comment[]; users: SideloadedUser[] } | undefined>(undefined);
  const [activity, setActivity] = useState<Activity | null | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const [notice, setNotice] = useState<string | undefined>(undefined);
  const [tab, setTab] = useState<Tab>('conversation');
  const [confirmClose, setConfirmClose] = useState(false);
  const [closing, setClosing] = useState(false);
  const [actionError, setActionError] = useState<string | undefined>(undefined);
  const closeRef = useRef<HTMLButtonElement>(null);
  const confirmRef = useRef<HTMLButtonElement>(null);

  const load = async () => {
    try {
      const [r, c, a] = await Promise.all([
        get<{ request: Request }>(`/api/v2/requests/${id}`),
        loadComments(id),
        loadActivity(id),
      ]);
      setRequest(r.request ?? null);
      setComments(c);
      setActivity(a);
      setError(undefined);
    } catch (e) {
      if (e instanceof ApiError && (e.status === 404 || e.status === 403)) {
        setRequest(null); // never show anything of a ticket the customer may not see
        setComments(undefined);
        setActivity(undefined);
      } else setError(errorText(t, e));
    }
  };

  useEffect(() => {
    setRequest(undefined);
    setComments(undefined);
    setActivity(undefined);
    setNotice(undefined);
    setConfirmClose(false);
    setTab('conversation');
    load();
  }, [id]);

  useEffect(() => {
    if (confirmClose) confirmRef.current?.focus();
  }, [confirmClose]);

  useEffect(() => {
    if (request) document.title = `#${request.id} ${request.subject ?? ''} — ${t('app.name')}`;
    else if (request === null) document.title = `${t('tickets.not_found.title')} — ${t('app.name')}`;
  }, [request, locale]);

  if (request === null) return <TicketNotFound />;
  if (request === undefined || !comments) {
    return (
      <section aria-busy={!error}>
        {error ? (
          <>
            <h1>{t('tickets.ticket.error_title')}</h1>
            <Alert>{error}</Alert>
          </>
        ) : (
          <p>{t('state.loading')}</p>
        )}
      </section>
    );
  }

  const status = findStatus(statuses, request.custom_status_id);
  const can = allowed(request, status, user.id);
  const due = dueDate(request);
  const escalation = request.chamado_escalation;
  const closed = status?.chamado_closed === true || request.status === 'closed';

  const close = async () => {
    setClosing(true);
    setActionError(undefined);
    try {
      await put(`/api/v2/requests/${id}`, { request: { solved: true } });
      setConfirmClose(false);
      await load();
      setNotice(t('tickets.close.done'));
    } catch (e) {
      setActionError(errorText(t, e));
    } finally {
      setClosing(false);
    }
  };

  const focusReply = () => {
    setTab('conversation');
    setTimeout(() => {
      const el = document.getElementById('tickets-reply-body');
      el?.scrollIntoView({ block: 'center' });
      el?.focus();
    }, 0);
  };

  return (
    <article class="tickets-ticket" aria-labelledby="tickets-title">
      <p class="tickets-back">
        <a href="/tickets">{t('tickets.back')}</a>
      </p>
      <h1 id="tickets-title">
        #{request.id} {request.subject || t('tickets.no_subject')}
      </h1>
      <NewTicketNotice id={request.id} />
      {request.chamado_merged_into ? (
        <Alert kind="info">
          {t('tickets.merged_into')} <a href={`/tickets/${request.chamado_merged_into}`}>#{request.chamado_merged_into}</a>
        </Alert>
      ) : null}
      {notice && <Alert kind="success">{notice}</Alert>}

      <dl class="tickets-meta" aria-label={t('tickets.meta.label')}>
        <div>
          <dt>{t('tickets.meta.status')}</dt>
          <dd>
            <span class="badge tickets-status">{statusText(t, locale, statuses, request, isCc(request, user.id))}</span>
          </dd>
        </div>
        {escalation && (escalation.label || escalation.state) && (
          <div>
            <dt>{t('tickets.meta.escalation')}</dt>
            <dd>{escalation.label || escalation.state}</dd>
          </div>
        )}
        {due && !closed && <WhenItem label={t('tickets.meta.due')} iso={due} />}
        <WhenItem label={t('tickets.meta.created')} iso={request.created_at} />
        <WhenItem label={t('tickets.meta.updated')} iso={request.updated_at} />
        {isCc(request, user.id) && (
          <div>
            <dt>{t('tickets.meta.you')}</dt>
            <dd>
              <CcBadge />
            </dd>
          </div>
        )}
      </dl>

      {(can.close || can.reopen) && (
        <div class="tickets-actions">
          {actionError && <Alert>{actionError}</Alert>}
          {!confirmClose ? (
            <div class="actions">
              {can.close && (
                <button type="button" class="secondary" ref={closeRef} onClick={() => setConfirmClose(true)}>
                  {t('tickets.close.button')}
                </button>
              )}
              {can.reopen && can.comment && (
                <button type="button" class="secondary" onClick={focusReply}>
                  {t('tickets.reopen.button')}
                </button>
              )}
            </div>
          ) : (
            <div class="tickets-confirm" role="group" aria-labelledby="tickets-confirm-text">
              <p id="tickets-confirm-text">{t('tickets.close.confirm_text')}</p>
              <div class="actions">
                <button type="button" ref={confirmRef} disabled={closing} onClick={close}>
                  {closing ? t('state.saving') : t('tickets.close.confirm')}
                </button>
                <button
                  type="button"
                  class="secondary"
                  onClick={() => {
                    setConfirmClose(false);
                    setTimeout(() => closeRef.current?.focus(), 0);
                  }}
                >
                  {t('tickets.close.cancel')}
                </button>
              </div>
            </div>
          )}
        </div>
      )}

      <Tabs tab={tab} setTab={setTab} />

      <TabPanel name="conversation" shown={tab === 'conversation'}>
        <Conversation
          comments={comments.comments}
          users={comments.users}
          actors={commentActors(activity)}
          userId={user.id}
          requesterId={request.requester_id}
        />
        {can.comment ? (
          <ReplyForm
            id={request.id}
            reopens={can.reopen}
            onSent={async (reopened) => {
              await load();
              setNotice(reopened ? t('tickets.reply.sent_reopened') : t('tickets.reply.sent'));
            }}
          />
        ) : closed ? (
          <p class="tickets-closed-note">
            {t('tickets.reply.closed')} <a href="/tickets/new">{t('tickets.list.open_one')}</a>
          </p>
        ) : null}
        {can.rate && <RatingForm id={request.id} current={request.satisfaction_rating} onRated={load} />}
      </TabPanel>
      <TabPanel name="activity" shown={tab === 'activity'}>
        {tab === 'activity' && <ActivityPanel activity={activity} statuses={statuses} asCc={isCc(request, user.id)} />}
      </TabPanel>
      <TabPanel name="emails" shown={tab === 'emails'}>
        {tab === 'emails' && <EmailsPanel id={request.id} />}
      </TabPanel>
    </article>
  );
}

export function TicketPage({ id }: { id?: string }) {
  const n = /^\d{1,15}$/.test(id ?? '') ? Number(id) : NaN;
  return (
    <RequireLogin>{(user) => (Number.isSafeInteger(n) && n > 0 ? <Ticket id={n} user={user} /> : <TicketNotFound />)}</RequireLogin>
  );
}
