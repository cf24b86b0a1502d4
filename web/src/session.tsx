// Who is signed in: GET /api/v2/chamado/auth/session (the chamado_session cookie). undefined
// while asking, null when nobody. Signing in or out refreshes it; the user's profile language
// and time zone become the portal's.
import { createContext, type ComponentChildren } from 'preact';
import { useCallback, useContext, useEffect, useState } from 'preact/hooks';
import { ApiError, get, post, put } from './api';
import { useI18n } from './i18n';
import { matchLocale, type Locale } from './i18n/locale';

export interface User {
  id: number;
  name: string;
  email: string;
  role: 'end-user' | 'agent' | 'admin';
  locale: string;
  time_zone: string;
  verified?: boolean;
}

interface SessionCtx {
  user: User | null | undefined;
  refresh(): Promise<User | null>;
  logout(): Promise<void>;
  // Switches the language and, when signed in, remembers it in the profile.
  chooseLocale(l: Locale): Promise<void>;
}

const Ctx = createContext<SessionCtx>({
  user: undefined,
  refresh: async () => null,
  logout: async () => {},
  chooseLocale: async () => {},
});

export function SessionProvider({ children }: { children: ComponentChildren }) {
  const i18n = useI18n();
  const [user, setUser] = useState<User | null | undefined>(undefined);
  const adopt = (u: User | null) => {
    setUser(u);
    if (u) {
      const l = matchLocale(u.locale);
      if (l && l !== i18n.locale) i18n.setLocale(l);
      i18n.setTimeZone(u.time_zone || undefined);
    }
  };
  const refresh = useCallback(async () => {
    try {
      const s = await get<{ user: User }>('/api/v2/chamado/auth/session');
      adopt(s.user);
      return s.user;
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) {
        adopt(null);
        return null;
      }
      throw e;
    }
  }, [i18n]);
  useEffect(() => {
    refresh().catch(() => setUser(null));
  }, []);
  const logout = async () => {
    try {
      await post('/api/v2/chamado/auth/logout');
    } finally {
      setUser(null);
    }
  };
  const chooseLocale = async (l: Locale) => {
    i18n.setLocale(l);
    if (user) {
      await put('/api/v2/chamado/profile', { profile: { locale: l } }).catch(() => {});
      setUser({ ...user, locale: l });
    }
  };
  return <Ctx.Provider value={{ user, refresh, logout, chooseLocale }}>{children}</Ctx.Provider>;
}

export const useSession = () => useContext(Ctx);
