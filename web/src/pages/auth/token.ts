// Reads a mail link's `#token=…` and takes it out of the address bar at once, so it is not left
// in the history, a bookmark or a screenshot (the query and path stay). Until the link is
// settled (used, or refused) the token waits in this tab's sessionStorage, so a reload of the
// page (or a remount) does not lose it; `settleToken` forgets it.
import { tokenFromHash } from './logic';

const key = (kind: string) => `chamado.link.${kind}`;

export function takeToken(kind: 'verify' | 'reset'): string {
  if (typeof location === 'undefined') return '';
  const fromHash = tokenFromHash(location.hash);
  if (location.hash) {
    try {
      history.replaceState(history.state, '', location.pathname + location.search);
    } catch {
      /* some embedded browsers refuse; the token is single-use anyway */
    }
  }
  try {
    if (fromHash) sessionStorage.setItem(key(kind), fromHash);
    else return sessionStorage.getItem(key(kind)) ?? '';
  } catch {
    /* storage off: this render only */
  }
  return fromHash;
}

export function settleToken(kind: 'verify' | 'reset') {
  try {
    sessionStorage.removeItem(key(kind));
  } catch {
    /* nothing stored */
  }
}
