// The new-ticket form without the DOM: CC e-mails, client-side validation, the request body,
// and the server's 422 mapped to the form's fields. Unit-tested in form.test.ts.

export const MAX_CCS = 48; // docs/api.md "Tickets"
export const FIELD_PLATFORM = 100;
export const FIELD_TOPIC = 101;
export const FIELD_IMPACT = 102;
export const IMPACT_VALUES = ['impact_total', 'impact_partial', 'impact_none'] as const;

// A pragmatic check (what a person can type by mistake), the server has the last word.
export function isEmail(s: string): boolean {
  return /^[^\s@,;<>()"]+@[^\s@,;<>()"]+\.[^\s@,;<>()".]{2,}$/.test(s) && !s.includes('..') && s.length <= 254;
}

// "a@x.com, b@y.com; c@z.com d@w.com" → the pieces, blanks dropped.
export function splitEmails(input: string): string[] {
  return input
    .split(/[\s,;]+/)
    .map((s) => s.trim().replace(/^<|>$/g, ''))
    .filter(Boolean);
}

export interface CcAdd {
  ccs: string[]; // the new list
  invalid: string[]; // pieces that are not e-mails (kept in the input for fixing)
  duplicates: string[]; // already in the list (or the requester's own)
  overLimit: string[]; // past MAX_CCS
}

// Adds the e-mails typed in `input` to `ccs` (case-insensitive, no repeats, not the requester).
export function addCcs(ccs: readonly string[], input: string, own?: string): CcAdd {
  const out = [...ccs];
  const r: CcAdd = { ccs: out, invalid: [], duplicates: [], overLimit: [] };
  const seen = new Set(out.map((e) => e.toLowerCase()));
  if (own) seen.add(own.toLowerCase());
  for (const piece of splitEmails(input)) {
    if (!isEmail(piece)) r.invalid.push(piece);
    else if (seen.has(piece.toLowerCase())) r.duplicates.push(piece);
    else if (out.length >= MAX_CCS) r.overLimit.push(piece);
    else {
      out.push(piece);
      seen.add(piece.toLowerCase());
    }
  }
  return r;
}

export interface FormState {
  ccs: string[];
  ccInput: string; // typed but not yet added: added on submit
  platform: string;
  topic: string;
  subject: string;
  description: string;
  impact: string;
}

export const EMPTY_FORM: FormState = {
  ccs: [],
  ccInput: '',
  platform: '',
  topic: '',
  subject: '',
  description: '',
  impact: '',
};

export type FieldName = 'ccs' | 'platform' | 'topic' | 'subject' | 'description' | 'impact' | 'attachments';
// Each field's error: a message key plus its variables, or a server's text as is.
export type FieldError = { key: string; vars?: Record<string, string | number> } | { text: string };
export type FieldErrors = Partial<Record<FieldName, FieldError>>;

// What the browser can tell before sending. The CC input's leftovers count as CCs.
export function validate(s: FormState, own?: string): { errors: FieldErrors; ccs: string[] } {
  const errors: FieldErrors = {};
  const add = addCcs(s.ccs, s.ccInput, own);
  if (add.invalid.length) errors.ccs = { key: 'new_ticket.cc.invalid', vars: { emails: add.invalid.join(', ') } };
  else if (add.overLimit.length) errors.ccs = { key: 'new_ticket.cc.too_many', vars: { max: MAX_CCS } };
  if (!s.subject.trim()) errors.subject = { key: 'new_ticket.subject.required' };
  else if (s.subject.trim().length > 250) errors.subject = { key: 'new_ticket.subject.too_long', vars: { max: 250 } };
  if (!s.description.trim()) errors.description = { key: 'new_ticket.description.required' };
  return { errors, ccs: add.ccs };
}

export interface RequestBody {
  request: {
    subject: string;
    comment: { body: string; uploads?: string[] };
    email_ccs?: { user_email: string }[];
    custom_fields: { id: number; value: string | null }[];
  };
}

// POST /api/v2/requests. CCs as Zendesk's email_ccs (the server also takes `collaborators`).
export function requestBody(s: FormState, ccs: readonly string[], uploadToken?: string): RequestBody {
  const custom_fields: { id: number; value: string | null }[] = [];
  if (s.platform.trim()) custom_fields.push({ id: FIELD_PLATFORM, value: s.platform.trim() });
  if (s.topic) custom_fields.push({ id: FIELD_TOPIC, value: s.topic });
  if (s.impact) custom_fields.push({ id: FIELD_IMPACT, value: s.impact });
  const body: RequestBody = {
    request: {
      subject: s.subject.trim(),
      comment: { body: s.description },
      custom_fields,
    },
  };
  if (uploadToken) body.request.comment.uploads = [uploadToken];
  if (ccs.length) body.request.email_ccs = ccs.map((e) => ({ user_email: e }));
  return body;
}

type Details = Record<string, { error?: string; description?: string }[]> | undefined;

// A 422's details → the form's fields. Keys the form does not show stay in `other`.
export function mapServerErrors(details: Details): { fields: FieldErrors; other: string[] } {
  const fields: FieldErrors = {};
  const other: string[] = [];
  for (const [key, list] of Object.entries(details ?? {})) {
    const d = list?.[0];
    if (!d) continue;
    const text = d.description || d.error || key;
    let f: FieldName | undefined;
    if (key === 'subject') f = 'subject';
    else if (key === 'comment' || key === 'comment.body' || key === 'description') f = 'description';
    else if (key === 'collaborators' || key === 'email_ccs' || key === 'additional_collaborators') f = 'ccs';
    else if (key === 'uploads' || key === 'comment.uploads' || key === 'file' || key === 'token') f = 'attachments';
    else if (key === 'custom_fields' || key === 'fields') {
      const id = Number(/\(field (\d+)\)/.exec(text)?.[1]);
      f = id === FIELD_PLATFORM ? 'platform' : id === FIELD_TOPIC ? 'topic' : id === FIELD_IMPACT ? 'impact' : undefined;
    }
    if (f && !fields[f]) fields[f] = { text };
    else if (!f) other.push(text);
  }
  return { fields, other };
}

// Where the browser goes after a 201: the ticket, or the case it was merged into (the ticket
// page may show the notice: ?created= / ?merged_from=).
export function afterCreate(req: { id: number; chamado_merged_into?: number | null }): string {
  if (req.chamado_merged_into) return `/tickets/${req.chamado_merged_into}?merged_from=${req.id}`;
  return `/tickets/${req.id}?created=${req.id}`;
}
