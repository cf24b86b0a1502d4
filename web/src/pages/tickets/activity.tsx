// A ticket's activity: when its status first and last moved, and the timeline of what happened
// (GET /api/v2/chamado/requests/{id}/activity, read by the ticket page).
import { useI18n, type I18n } from '../../i18n';
import { actorKey, escalationText, eventKey, eventType, findStatus, statusLabel } from './logic';
import type { Activity, ActivityEvent, CustomStatus } from './types';

function describe(e: ActivityEvent, t: I18n['t'], label: (id: number | null | undefined) => string): string {
  const key = eventKey(e);
  switch (eventType(e)) {
    case 'created': {
      const first = label(e.custom_status_id ?? e.to_custom_status_id);
      return first ? t('tickets.activity.event.created_in', { to: first }) : t(key, {});
    }
    case 'status_change': {
      const from = label(e.from_custom_status_id);
      const to = label(e.to_custom_status_id);
      if (from && to) return t(key, { from, to });
      return t('tickets.activity.event.status_set', { to: to || '—' });
    }
    case 'escalation':
      return t(key, { label: escalationText(e) ?? '—' });
    case 'merged':
      return t(key, { into: typeof e.merged_into === 'number' ? `#${e.merged_into}` : '—' });
    case 'rating': {
      const score = e.score === 'good' || e.score === 'bad' ? t(`tickets.rating.${e.score}`) : '—';
      return t(key, { score });
    }
    case 'other':
      return t(key, { what: (typeof e.label === 'string' && e.label) || e.type || '—' });
    default:
      return t(key, {});
  }
}

// activity: undefined while loading, null when this server has no activity for customers.
export function ActivityPanel({ activity, statuses, asCc = false }: {
  activity: Activity | null | undefined;
  statuses: CustomStatus[] | undefined;
  asCc?: boolean;
}) {
  const { t, locale, dateTime } = useI18n();
  const label = (sid: number | null | undefined) => statusLabel(findStatus(statuses, sid), locale, asCc) ?? '';
  if (activity === undefined) return <p>{t('state.loading')}</p>;
  if (activity === null) return <p>{t('tickets.activity.unavailable')}</p>;
  const events = activity.events ?? [];
  return (
    <>
      <dl class="tickets-meta">
        <div>
          <dt>{t('tickets.activity.first')}</dt>
          <dd>{activity.first_status_activity_at ? dateTime(activity.first_status_activity_at) : t('tickets.activity.never')}</dd>
        </div>
        <div>
          <dt>{t('tickets.activity.last')}</dt>
          <dd>{activity.last_status_activity_at ? dateTime(activity.last_status_activity_at) : t('tickets.activity.never')}</dd>
        </div>
      </dl>
      <h2>{t('tickets.activity.timeline')}</h2>
      {events.length === 0 ? (
        <p>{t('tickets.activity.empty')}</p>
      ) : (
        <ol class="tickets-timeline">
          {events.map((e, i) => (
            <li key={i}>
              <span class="tickets-muted">
                <time dateTime={e.at}>{dateTime(e.at)}</time> · {t(actorKey(e.by))}
              </span>
              <span>{describe(e, t, label)}</span>
            </li>
          ))}
        </ol>
      )}
    </>
  );
}
