// The only way the portal talks to the server: /api/v2 with the session cookie. Writes carry
// the session's CSRF token (the readable chamado_csrf cookie) in X-CSRF-Token.

export interface ApiErrorBody {
  error?: string | { title?: string; message?: string };
  description?: string;
  details?: Record<string, { error?: string; description?: string }[]>;
}

// A refused request: HTTP status plus Zendesk's error JSON (`error`, `description`, `details`).
export class ApiError extends Error {
  constructor(
    public status: number,
    public code: string,
    public description: string,
    public details: ApiErrorBody['details'] = {},
    public retryAfter?: number,
  ) {
    super(description || code || `HTTP ${status}`);
  }
  // The first rule named for `field` in details (e.g. "FileTypeNotAllowed"), if any.
  ruleFor(field: string): { error?: string; description?: string } | undefined {
    return this.details?.[field]?.[0];
  }
}

export function cookie(name: string): string | undefined {
  for (const part of document.cookie.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return undefined;
}

async function fail(res: Response): Promise<never> {
  let body: ApiErrorBody = {};
  try {
    body = await res.json();
  } catch {
    /* not JSON: keep the status */
  }
  const code = typeof body.error === 'string' ? body.error : (body.error?.title ?? '');
  const desc = body.description ?? (typeof body.error === 'object' ? (body.error?.message ?? '') : '');
  const ra = res.headers.get('Retry-After');
  throw new ApiError(res.status, code, desc, body.details ?? {}, ra ? Number(ra) : undefined);
}

function headers(method: string, json: boolean): Record<string, string> {
  const h: Record<string, string> = { Accept: 'application/json' };
  if (json) h['Content-Type'] = 'application/json';
  if (method !== 'GET' && method !== 'HEAD') {
    const t = cookie('chamado_csrf');
    if (t) h['X-CSRF-Token'] = t;
  }
  return h;
}

export async function api<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(path, {
    method,
    credentials: 'same-origin',
    headers: headers(method, body !== undefined),
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) return fail(res);
  if (res.status === 204 || res.status === 202) {
    const text = await res.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }
  return (await res.json()) as T;
}

export const get = <T>(path: string) => api<T>('GET', path);
export const post = <T>(path: string, body: unknown = {}) => api<T>('POST', path, body);
export const put = <T>(path: string, body: unknown) => api<T>('PUT', path, body);
export const del = <T>(path: string) => api<T>('DELETE', path);

// Adds query parameters, skipping empty ones.
export function withQuery(path: string, q: Record<string, string | number | boolean | undefined | null>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== null && v !== '') p.set(k, String(v));
  const s = p.toString();
  return s ? `${path}${path.includes('?') ? '&' : '?'}${s}` : path;
}

export interface UploadAnswer {
  upload: { token: string; expires_at: string; attachments: Attachment[]; attachment: Attachment };
}

export interface Attachment {
  id: number;
  file_name: string;
  content_url: string;
  content_type: string;
  size: number;
  chamado_redacted?: boolean;
}

// One file into an upload (POST /api/v2/uploads?filename=, raw body); `token` adds it to an
// earlier upload so that one comment takes them all.
export async function uploadFile(file: File, token?: string): Promise<UploadAnswer> {
  const res = await fetch(withQuery('/api/v2/uploads', { filename: file.name, token }), {
    method: 'POST',
    credentials: 'same-origin',
    headers: { ...headers('POST', false), 'Content-Type': file.type || 'application/octet-stream' },
    body: file,
  });
  if (!res.ok) return fail(res);
  return (await res.json()) as UploadAnswer;
}
