// Home: the two ways in ("Open a ticket", "My tickets"). Help-centre article search joins here
// when articles exist (a later issue).
import { useI18n } from '../i18n';
import { useSession } from '../session';

export function Home() {
  const { t } = useI18n();
  const { user } = useSession();
  return (
    <section class="home">
      <h1>{t('home.title')}</h1>
      <p class="lead">{t('home.lead')}</p>
      <div class="cards">
        <a class="card" href="/tickets/new">
          <strong>{t('nav.new_ticket')}</strong>
          <span>{t('home.new_ticket_hint')}</span>
        </a>
        <a class="card" href={user ? '/tickets' : '/login?return_to=/tickets'}>
          <strong>{t('nav.my_tickets')}</strong>
          <span>{t('home.my_tickets_hint')}</span>
        </a>
      </div>
    </section>
  );
}
