// The portal's shell: header (navigation, language, session), the routes, focus on the main
// content after each navigation (screen readers and keyboard users land on the new page).
import { useEffect, useRef } from 'preact/hooks';
import { ErrorBoundary, LocationProvider, Route, Router, useLocation } from 'preact-iso';
import { I18nProvider, LOCALES, useI18n, type Locale } from './i18n';
import { SessionProvider, useSession } from './session';
import { Home } from './pages/home';
import { NotFound } from './pages/not-found';
import { Login, Signup, ForgotPassword, ResetPassword, VerifyEmail } from './pages/auth';
import { useAuthConfig } from './pages/auth/form';
import { Profile } from './pages/profile';
import { MyTickets, TicketPage } from './pages/tickets';
import { NewTicket } from './pages/new-ticket';

function LanguageSelect() {
  const { t, locale } = useI18n();
  const { chooseLocale } = useSession();
  return (
    <label class="lang">
      <span class="visually-hidden">{t('nav.language')}</span>
      <select
        aria-label={t('nav.language')}
        value={locale}
        onChange={(e) => chooseLocale((e.currentTarget as HTMLSelectElement).value as Locale)}
      >
        {LOCALES.map((l) => (
          <option value={l} key={l}>
            {t(`lang.${l}`)}
          </option>
        ))}
      </select>
    </label>
  );
}

function Header() {
  const { t } = useI18n();
  const { user, logout } = useSession();
  const { route } = useLocation();
  // "Sign up" only where the help desk lets customers create accounts (auth/config).
  const signup = useAuthConfig()?.signup ?? true;
  return (
    <header class="site-header">
      <a class="skip" href="#main">
        {t('nav.skip')}
      </a>
      <a class="brand" href="/">
        {t('app.name')}
      </a>
      <nav aria-label={t('app.name')}>
        <ul>
          <li>
            <a href="/tickets/new">{t('nav.new_ticket')}</a>
          </li>
          {user && (
            <li>
              <a href="/tickets">{t('nav.my_tickets')}</a>
            </li>
          )}
          {user && (
            <li>
              <a href="/profile">{t('nav.profile')}</a>
            </li>
          )}
          {user === null && (
            <li>
              <a href="/login">{t('nav.login')}</a>
            </li>
          )}
          {user === null && signup && (
            <li>
              <a href="/signup">{t('nav.signup')}</a>
            </li>
          )}
          {user && (
            <li>
              <button
                type="button"
                class="link"
                onClick={async () => {
                  await logout();
                  route('/');
                }}
              >
                {t('nav.logout')}
              </button>
            </li>
          )}
        </ul>
      </nav>
      <LanguageSelect />
    </header>
  );
}

// Moves focus to <main> when the path changes (not on the first load).
function Main({ children }: { children: preact.ComponentChildren }) {
  const { path } = useLocation();
  const ref = useRef<HTMLElement>(null);
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    ref.current?.focus();
  }, [path]);
  return (
    <main id="main" ref={ref} tabIndex={-1}>
      {children}
    </main>
  );
}

export function App() {
  return (
    <LocationProvider>
      <I18nProvider>
        <SessionProvider>
          <Header />
          <Main>
            <ErrorBoundary>
              <Router>
                <Route path="/" component={Home} />
                <Route path="/login" component={Login} />
                <Route path="/signup" component={Signup} />
                <Route path="/forgot-password" component={ForgotPassword} />
                <Route path="/reset-password" component={ResetPassword} />
                <Route path="/verify-email" component={VerifyEmail} />
                <Route path="/profile" component={Profile} />
                <Route path="/tickets" component={MyTickets} />
                <Route path="/tickets/new" component={NewTicket} />
                <Route path="/tickets/:id" component={TicketPage} />
                {/* The e-mails' portal links (/requests/N, Zendesk's Help Center paths) */}
                <Route path="/requests" component={MyTickets} />
                <Route path="/requests/:id" component={TicketPage} />
                <Route default component={NotFound} />
              </Router>
            </ErrorBoundary>
          </Main>
        </SessionProvider>
      </I18nProvider>
    </LocationProvider>
  );
}
