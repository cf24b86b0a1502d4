// What the ticket page may show after the form sent the customer there: the protocol number of
// the new ticket (?created=N), or that the contact joined an existing case (?merged_from=N).
// Usage on /tickets/:id: <NewTicketNotice id={ticketId} />
import { useLocation } from 'preact-iso';
import { Alert } from '../../components/alert';
import { useI18n } from '../../i18n';

export function NewTicketNotice({ id }: { id: number | string }) {
  const { t } = useI18n();
  const { query } = useLocation();
  const num = (v: string | undefined) => (v && /^\d+$/.test(v) ? v : undefined);
  const created = num(query.created);
  const mergedFrom = num(query.merged_from);
  if (mergedFrom)
    return <Alert kind="info">{t('new_ticket.notice.merged', { id: String(id), from: mergedFrom })}</Alert>;
  if (created && created === String(id))
    return <Alert kind="success">{t('new_ticket.notice.created', { id: created })}</Alert>;
  return null;
}
