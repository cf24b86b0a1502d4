// Every text the portal shows, per language. Each area keeps its own dictionary file; a unit
// test (messages.test.ts) checks that the three languages have the same keys.
import type { Locale } from './locale';
import common from './common';
import auth from '../pages/auth/messages';
import tickets from '../pages/tickets/messages';
import newTicket from '../pages/new-ticket/messages';
import profile from '../pages/profile/messages';

export type Dictionary = Record<string, string>;
export type Messages = Record<Locale, Dictionary>;

const areas: Messages[] = [common, auth, tickets, newTicket, profile];

export const messages: Messages = {
  'pt-BR': Object.assign({}, ...areas.map((a) => a['pt-BR'])),
  es: Object.assign({}, ...areas.map((a) => a.es)),
  en: Object.assign({}, ...areas.map((a) => a.en)),
};
export { areas };
