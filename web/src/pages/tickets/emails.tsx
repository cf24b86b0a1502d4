// The e-mails we sent this customer about a ticket (GET /api/v2/chamado/requests/{id}/deliveries).
import { useEffect, useState } from 'preact/hooks';
import { ApiError, get } from '../../api';
import { Alert } from '../../components/alert';
import { errorText } from '../../components/errors';
import { useI18n } from '../../i18n';
import type { Delivery } from './types';

const STATES = ['queued', 'sending', 'sent', 'dead', 'bounced'];

export function EmailsPanel({ id }: { id: number }) {
  const { t, dateTime } = useI18n();
  const [rows, setRows] = useState<Delivery[] | null | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  useEffect(() => {
    let live = true;
    get<{ deliveries?: Delivery[] }>(`/api/v2/chamado/requests/${id}/deliveries?per_page=100`).then(
      (d) => live && setRows(d.deliveries ?? []),
      (e) => {
        if (!live) return;
        if (e instanceof ApiError && e.status === 404) setRows(null);
        else setError(errorText(t, e));
      },
    );
    return () => {
      live = false;
    };
  }, [id]);
  if (error) return <Alert>{error}</Alert>;
  if (rows === undefined) return <p>{t('state.loading')}</p>;
  if (rows === null) return <p>{t('tickets.emails.unavailable')}</p>;
  if (rows.length === 0) return <p>{t('tickets.emails.empty')}</p>;
  return (
    <table class="responsive tickets-emails">
      <caption class="visually-hidden">{t('tickets.emails.caption')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('tickets.emails.when')}</th>
          <th scope="col">{t('tickets.emails.to')}</th>
          <th scope="col">{t('tickets.emails.subject')}</th>
          <th scope="col">{t('tickets.emails.state')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((d, i) => (
          <tr key={d.id ?? i}>
            <td data-label={t('tickets.emails.when')}>{dateTime(d.sent_at || d.created_at)}</td>
            <td data-label={t('tickets.emails.to')} class="tickets-break">
              {d.to}
            </td>
            <td data-label={t('tickets.emails.subject')}>{d.subject}</td>
            <td data-label={t('tickets.emails.state')}>
              <span>
                <span class={`badge tickets-mail-${STATES.includes(d.state ?? '') ? d.state : 'other'}`}>
                  {STATES.includes(d.state ?? '') ? t(`tickets.emails.state.${d.state}`) : (d.state ?? '—')}
                </span>
                {d.description && d.state !== 'sent' && <span class="tickets-muted tickets-block">{d.description}</span>}
              </span>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
