// /verify-email#token=…: the link of the verification mail. The token lives in the fragment
// (never sent to a server, never in a Referer); the page reads it, takes it out of the address
// bar and POSTs it. A good link verifies the address and opens a session (200 {user,
// csrf_token} + cookies); a bad, used or expired one is a 422 on `token`.
import { useEffect, useRef, useState } from 'preact/hooks';
import { post } from '../../api';
import { Alert } from '../../components/alert';
import { errorText } from '../../components/errors';
import { useI18n } from '../../i18n';
import { useSession } from '../../session';
import { settleToken, takeToken } from './token';
import { tokenProblem, type TokenProblem } from './logic';
import { ResendForm } from './resend';

// One POST per link even if the page mounts twice (the second would find the link used).
const asked = new Map<string, Promise<unknown>>();
function verifyOnce(token: string): Promise<unknown> {
  let p = asked.get(token);
  if (!p) {
    p = post('/api/v2/chamado/auth/verify', { token });
    asked.set(token, p);
    p.catch((e) => {
      if (!tokenProblem(e)) asked.delete(token); // a network failure may be retried
    });
  }
  return p;
}

type State =
  | { kind: 'checking' }
  | { kind: 'missing' }
  | { kind: 'done'; signedIn: boolean }
  | { kind: 'problem'; problem: TokenProblem }
  | { kind: 'error'; text: string };

export function VerifyEmail() {
  const { t } = useI18n();
  const { refresh } = useSession();
  const token = useRef<string | undefined>(undefined);
  token.current ??= takeToken('verify');
  const [state, setState] = useState<State>(token.current ? { kind: 'checking' } : { kind: 'missing' });
  const [sending, setSending] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);

  const verify = async () => {
    if (!token.current || sending) return;
    setSending(true);
    setState({ kind: 'checking' });
    try {
      await verifyOnce(token.current);
      settleToken('verify');
      const u = await refresh().catch(() => null);
      setState({ kind: 'done', signedIn: !!u });
    } catch (e) {
      const p = tokenProblem(e);
      if (p) settleToken('verify');
      setState(p ? { kind: 'problem', problem: p } : { kind: 'error', text: errorText(t, e) });
    } finally {
      setSending(false);
    }
  };
  useEffect(() => {
    verify();
  }, []);
  useEffect(() => {
    if (state.kind !== 'checking') heading.current?.focus();
  }, [state.kind]);

  return (
    <section class="auth-page" aria-labelledby="verify-title">
      <h1 id="verify-title" ref={heading} tabIndex={-1}>
        {t('auth.verify.title')}
      </h1>
      {state.kind === 'checking' && (
        <p role="status" aria-busy="true">
          {t('auth.verify.checking')}
        </p>
      )}
      {state.kind === 'done' && (
        <>
          <Alert kind="success">{state.signedIn ? t('auth.verify.done_signed_in') : t('auth.verify.done')}</Alert>
          <div class="actions">
            {state.signedIn ? (
              <>
                <a class="button" href="/tickets/new">
                  {t('nav.new_ticket')}
                </a>
                <a href="/tickets">{t('nav.my_tickets')}</a>
              </>
            ) : (
              <a class="button" href="/login">
                {t('auth.verify.go_login')}
              </a>
            )}
          </div>
        </>
      )}
      {(state.kind === 'problem' || state.kind === 'missing') && (
        <>
          <Alert kind="error">
            {state.kind === 'missing' ? t('auth.link.missing') : t(`auth.link.${state.problem}`)}
          </Alert>
          <p>{t('auth.verify.ask_again')}</p>
          <ResendForm />
          <p class="auth-aside">
            {t('auth.verify.already')} <a href="/login">{t('auth.verify.go_login')}</a>
          </p>
        </>
      )}
      {state.kind === 'error' && (
        <>
          <Alert kind="error">{state.text}</Alert>
          <div class="actions">
            <button type="button" onClick={verify} disabled={sending}>
              {t('auth.verify.retry')}
            </button>
          </div>
        </>
      )}
    </section>
  );
}
