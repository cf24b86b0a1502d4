// The workflow's statuses with the customer labels (GET /api/v2/custom_statuses?locale=),
// fetched once per language and shared by the tickets pages.
import { useEffect, useState } from 'preact/hooks';
import { get } from '../../api';
import type { CustomStatus } from './types';

const cache = new Map<string, Promise<CustomStatus[]>>();

function load(locale: string): Promise<CustomStatus[]> {
  let p = cache.get(locale);
  if (!p) {
    p = get<{ custom_statuses?: CustomStatus[] }>(`/api/v2/custom_statuses?locale=${encodeURIComponent(locale)}`)
      .then((r) => r.custom_statuses ?? [])
      .catch((e) => {
        cache.delete(locale); // try again next time
        throw e;
      });
    cache.set(locale, p);
  }
  return p;
}

// undefined while loading; [] when they could not be read (labels fall back to the legacy status).
export function useStatuses(locale: string): CustomStatus[] | undefined {
  const [statuses, setStatuses] = useState<CustomStatus[] | undefined>(undefined);
  useEffect(() => {
    let live = true;
    load(locale).then(
      (s) => live && setStatuses(s),
      () => live && setStatuses([]),
    );
    return () => {
      live = false;
    };
  }, [locale]);
  return statuses;
}
