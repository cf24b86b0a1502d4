// Open a ticket (/tickets/new): the web form of PRODUCT.md §1 — CC e-mails, platform/version,
// topic, subject, description, availability impact and attachments (checked against the
// attachment policy before upload, uploaded one by one into one token) → POST /api/v2/requests.
// What was typed is kept as a draft in sessionStorage until the ticket exists.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { ApiError, del, get, post, uploadFile } from '../../api';
import { Alert } from '../../components/alert';
import { errorText } from '../../components/errors';
import { RequireLogin } from '../../components/require-login';
import { useI18n } from '../../i18n';
import type { User } from '../../session';
import { Attachments } from './attachments';
import {
  addCcs,
  afterCreate,
  EMPTY_FORM,
  FIELD_IMPACT,
  FIELD_PLATFORM,
  FIELD_TOPIC,
  IMPACT_VALUES,
  MAX_CCS,
  mapServerErrors,
  requestBody,
  validate,
  type FieldError,
  type FieldErrors,
  type FieldName,
  type FormState,
} from './form';
import { checkFiles, DEFAULT_POLICY, policyFromConfig, type AttachmentPolicy } from './policy';
import { UploadQueue, type Item } from './queue';

export { NewTicketNotice } from './notice';

const draftKey = (user: User) => `chamado.new_ticket.draft.${user.id}`;

interface TicketField {
  id: number;
  type: string;
  visible_in_portal?: boolean;
  editable_in_portal?: boolean;
  active?: boolean;
  custom_field_options?: { id: number; name: string; value: string }[];
}

function loadDraft(key: string): FormState {
  try {
    const d = JSON.parse(sessionStorage.getItem(key) ?? 'null');
    if (d && typeof d === 'object') {
      const out = { ...EMPTY_FORM };
      for (const k of Object.keys(EMPTY_FORM) as (keyof FormState)[]) {
        if (k === 'ccs') out.ccs = Array.isArray(d.ccs) ? d.ccs.filter((e: unknown) => typeof e === 'string') : [];
        else if (typeof d[k] === 'string') out[k] = d[k];
      }
      return out;
    }
  } catch {
    /* no storage or a broken draft: start empty */
  }
  return { ...EMPTY_FORM };
}

function saveDraft(key: string, f: FormState | null) {
  try {
    if (f) sessionStorage.setItem(key, JSON.stringify(f));
    else sessionStorage.removeItem(key);
  } catch {
    /* private mode: nothing to keep */
  }
}

export function NewTicket() {
  return <RequireLogin>{(user) => <NewTicketForm user={user} />}</RequireLogin>;
}

const ORDER: FieldName[] = ['ccs', 'platform', 'topic', 'subject', 'description', 'impact', 'attachments'];
const FOCUS: Record<FieldName, string> = {
  ccs: 'nt-cc',
  platform: 'nt-platform',
  topic: 'nt-topic',
  subject: 'nt-subject',
  description: 'nt-description',
  impact: 'nt-impact-first',
  attachments: 'nt-choose',
};

function NewTicketForm({ user }: { user: User }) {
  const { t } = useI18n();
  const { route } = useLocation();
  const [form, setForm] = useState<FormState>(() => loadDraft(draftKey(user)));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [general, setGeneral] = useState<string[]>([]);
  const [summary, setSummary] = useState(false);
  const [sessionLost, setSessionLost] = useState(false);
  const [busy, setBusy] = useState<'' | 'uploading' | 'sending'>('');
  const [policy, setPolicy] = useState<AttachmentPolicy>(DEFAULT_POLICY);
  const [fields, setFields] = useState<TicketField[] | null | undefined>(undefined); // null: failed
  const [items, setItems] = useState<Item<File>[]>([]);
  const ccInputRef = useRef<HTMLInputElement>(null);

  const queue = useMemo(
    () =>
      new UploadQueue<File>(
        {
          upload: async (file, token) => (await uploadFile(file, token)).upload,
          discard: (token) => del(`/api/v2/uploads/${encodeURIComponent(token)}`),
          refusal: (e) => {
            const r = e instanceof ApiError && e.status === 422 ? e.ruleFor('file') : undefined;
            return r && { rule: r.error, description: r.description };
          },
          badToken: (e) => e instanceof ApiError && e.status === 422 && !!(e.ruleFor('token') || e.ruleFor('uploads')),
        },
        setItems,
      ),
    [],
  );

  useEffect(() => {
    get('/api/v2/chamado/portal/config')
      .then((body) => setPolicy(policyFromConfig(body)))
      .catch(() => setPolicy(DEFAULT_POLICY)); // 404 (not there yet) or down: the documented defaults
    get<{ ticket_fields: TicketField[] }>('/api/v2/ticket_fields')
      .then((b) => setFields(b.ticket_fields ?? []))
      .catch(() => setFields(null));
  }, []);

  useEffect(() => saveDraft(draftKey(user), form), [form]);

  const field = (id: number) => fields?.find((f) => f.id === id);
  const shown = (id: number) => {
    if (fields === undefined || fields === null) return true; // not known: offer it
    const f = field(id);
    return !!f && f.active !== false && f.visible_in_portal !== false && f.editable_in_portal !== false;
  };
  const topicOptions = field(FIELD_TOPIC)?.custom_field_options ?? [];
  const impactValues = field(FIELD_IMPACT)?.custom_field_options?.map((o) => ({ value: o.value, name: o.name })) ??
    IMPACT_VALUES.map((v) => ({ value: v, name: v }));

  const set = <K extends keyof FormState>(k: K, v: FormState[K]) => setForm((f) => ({ ...f, [k]: v }));
  const errText = (e: FieldError | undefined) => (!e ? '' : 'text' in e ? e.text : t(e.key, e.vars));
  const clearError = (k: FieldName) => errors[k] && setErrors((e) => ({ ...e, [k]: undefined }));

  // The describedby of an input: its hint and, when wrong, its error.
  const described = (k: FieldName, hint?: string) =>
    [hint, errors[k] ? `nt-${k}-error` : undefined].filter(Boolean).join(' ') || undefined;
  const errorLine = (k: FieldName) =>
    errors[k] ? (
      <p class="field-error" id={`nt-${k}-error`}>
        {errText(errors[k])}
      </p>
    ) : null;

  const commitCcInput = (input: string) => {
    const r = addCcs(form.ccs, input, user.email);
    setForm((f) => ({ ...f, ccs: r.ccs, ccInput: [...r.invalid, ...r.overLimit].join(', ') }));
    if (r.invalid.length) setErrors((e) => ({ ...e, ccs: { key: 'new_ticket.cc.invalid', vars: { emails: r.invalid.join(', ') } } }));
    else if (r.overLimit.length) setErrors((e) => ({ ...e, ccs: { key: 'new_ticket.cc.too_many', vars: { max: MAX_CCS } } }));
    else clearError('ccs');
  };

  const onFiles = (files: File[]) => {
    queue.add(checkFiles(queue.kept(), files, policy));
    clearError('attachments');
  };

  const focusFirst = (errs: FieldErrors) => {
    const k = ORDER.find((f) => errs[f]);
    if (k) document.getElementById(FOCUS[k])?.focus();
  };

  const fail = (fieldErrs: FieldErrors, other: string[] = []) => {
    setErrors(fieldErrs);
    setGeneral(other);
    setSummary(Object.values(fieldErrs).some(Boolean));
    requestAnimationFrame(() => focusFirst(fieldErrs));
  };

  const submit = async (e: Event) => {
    e.preventDefault();
    if (busy) return;
    setSessionLost(false);
    const v = validate(form, user.email);
    setForm((f) => ({ ...f, ccs: v.ccs, ccInput: v.errors.ccs ? f.ccInput : '' }));
    if (Object.keys(v.errors).length) return fail(v.errors);
    setErrors({});
    setGeneral([]);
    setSummary(false);
    try {
      for (let attempt = 0; ; attempt++) {
        setBusy('uploading');
        await queue.settled();
        if (queue.items.some((i) => i.state === 'failed'))
          return fail({ attachments: { key: 'new_ticket.attachments.failed_pending' } });
        setBusy('sending');
        try {
          const res = await post<{ request: { id: number; chamado_merged_into?: number | null } }>(
            '/api/v2/requests',
            requestBody(form, v.ccs, queue.token),
          );
          saveDraft(draftKey(user), null);
          route(afterCreate(res.request));
          return;
        } catch (err) {
          // The upload token expired or was taken: upload the files again, once.
          if (attempt === 0 && queue.token && err instanceof ApiError && err.status === 422 && err.ruleFor('uploads')) {
            queue.dropToken();
            continue;
          }
          throw err;
        }
      }
    } catch (err) {
      if (err instanceof ApiError && err.status === 422) {
        const m = mapServerErrors(err.details);
        if (!Object.keys(m.fields).length && !m.other.length) m.other.push(errorText(t, err));
        return fail(m.fields, m.other);
      }
      if (err instanceof ApiError && err.status === 401) {
        setSessionLost(true);
        return;
      }
      setGeneral([errorText(t, err)]);
    } finally {
      setBusy('');
    }
  };

  const req = (
    <span class="nt-required">
      {' '}
      ({t('new_ticket.required')})
    </span>
  );

  return (
    <section class="new-ticket">
      <h1>{t('new_ticket.title')}</h1>
      <p class="lead">{t('new_ticket.lead')}</p>
      <p class="hint">{t('new_ticket.required_note')}</p>

      {summary && Object.values(errors).some(Boolean) && <Alert>{t('new_ticket.errors.summary')}</Alert>}
      {general.length > 0 && (
        <Alert>
          {general.length === 1 ? (
            general[0]
          ) : (
            <ul>
              {general.map((g) => (
                <li key={g}>{g}</li>
              ))}
            </ul>
          )}
        </Alert>
      )}
      {sessionLost && (
        <Alert>
          {t('new_ticket.session_lost')}{' '}
          <a href={`/login?return_to=${encodeURIComponent('/tickets/new')}`}>{t('new_ticket.session_lost_link')}</a>
        </Alert>
      )}

      <form noValidate onSubmit={submit} aria-busy={busy ? 'true' : 'false'}>
        {/* CC e-mails */}
        <div class="field">
          <label for="nt-cc">{t('new_ticket.cc.label')}</label>
          <p class="hint" id="nt-cc-hint">
            {t('new_ticket.cc.hint', { max: MAX_CCS })}
          </p>
          {form.ccs.length > 0 && (
            <ul class="nt-chips" aria-label={t('new_ticket.cc.list_label', { count: form.ccs.length })}>
              {form.ccs.map((email) => (
                <li key={email} class="nt-chip">
                  <span>{email}</span>
                  <button
                    type="button"
                    class="nt-chip-remove"
                    aria-label={t('new_ticket.cc.remove', { email })}
                    onClick={() => {
                      set('ccs', form.ccs.filter((c) => c !== email));
                      ccInputRef.current?.focus();
                    }}
                  >
                    ×
                  </button>
                </li>
              ))}
            </ul>
          )}
          <div class="nt-cc-row">
            <input
              id="nt-cc"
              ref={ccInputRef}
              type="text"
              inputMode="email"
              autoComplete="off"
              value={form.ccInput}
              aria-invalid={errors.ccs ? 'true' : undefined}
              aria-describedby={described('ccs', 'nt-cc-hint')}
              onInput={(e) => {
                const v = (e.currentTarget as HTMLInputElement).value;
                // A separator typed or pasted after an address adds it as a chip.
                if (/[\s,;]$/.test(v) && v.trim()) commitCcInput(v);
                else set('ccInput', v);
              }}
              onKeyDown={(e) => {
                if (e.key === 'Enter') {
                  e.preventDefault();
                  if (form.ccInput.trim()) commitCcInput(form.ccInput);
                } else if (e.key === 'Backspace' && !form.ccInput && form.ccs.length) {
                  set('ccs', form.ccs.slice(0, -1));
                }
              }}
              onBlur={() => form.ccInput.trim() && commitCcInput(form.ccInput)}
            />
            <button type="button" class="secondary" onClick={() => commitCcInput(form.ccInput)}>
              {t('new_ticket.cc.add')}
            </button>
          </div>
          {errorLine('ccs')}
        </div>

        {/* Platform / version (field 100) */}
        {shown(FIELD_PLATFORM) && (
          <div class="field">
            <label for="nt-platform">{t('new_ticket.platform.label')}</label>
            <p class="hint" id="nt-platform-hint">
              {t('new_ticket.platform.hint')}
            </p>
            <input
              id="nt-platform"
              type="text"
              maxLength={255}
              value={form.platform}
              aria-invalid={errors.platform ? 'true' : undefined}
              aria-describedby={described('platform', 'nt-platform-hint')}
              onInput={(e) => set('platform', (e.currentTarget as HTMLInputElement).value)}
            />
            {errorLine('platform')}
          </div>
        )}

        {/* Topic (field 101, a tagger; option names as the API gives them) */}
        {shown(FIELD_TOPIC) && (
          <div class="field">
            <label for="nt-topic">{t('new_ticket.topic.label')}</label>
            <p class="hint" id="nt-topic-hint">
              {fields === null ? t('new_ticket.topic.unavailable') : t('new_ticket.topic.hint')}
            </p>
            <select
              id="nt-topic"
              value={form.topic}
              aria-invalid={errors.topic ? 'true' : undefined}
              aria-describedby={described('topic', 'nt-topic-hint')}
              onChange={(e) => {
                set('topic', (e.currentTarget as HTMLSelectElement).value);
                clearError('topic');
              }}
            >
              <option value="">{fields === undefined ? t('state.loading') : t('new_ticket.topic.none')}</option>
              {topicOptions.map((o) => (
                <option key={o.id} value={o.value}>
                  {o.name}
                </option>
              ))}
              {form.topic && !topicOptions.some((o) => o.value === form.topic) && (
                <option value={form.topic}>{form.topic}</option>
              )}
            </select>
            {errorLine('topic')}
          </div>
        )}

        {/* Subject */}
        <div class="field">
          <label for="nt-subject">
            {t('new_ticket.subject.label')}
            {req}
          </label>
          <input
            id="nt-subject"
            type="text"
            maxLength={250}
            aria-required="true"
            value={form.subject}
            aria-invalid={errors.subject ? 'true' : undefined}
            aria-describedby={described('subject')}
            onInput={(e) => {
              set('subject', (e.currentTarget as HTMLInputElement).value);
              clearError('subject');
            }}
          />
          {errorLine('subject')}
        </div>

        {/* Description */}
        <div class="field">
          <label for="nt-description">
            {t('new_ticket.description.label')}
            {req}
          </label>
          <p class="hint" id="nt-description-hint">
            {t('new_ticket.description.hint')}
          </p>
          <textarea
            id="nt-description"
            rows={8}
            aria-required="true"
            value={form.description}
            aria-invalid={errors.description ? 'true' : undefined}
            aria-describedby={described('description', 'nt-description-hint')}
            onInput={(e) => {
              set('description', (e.currentTarget as HTMLTextAreaElement).value);
              clearError('description');
            }}
          />
          {errorLine('description')}
        </div>

        {/* Availability impact (field 102) */}
        {shown(FIELD_IMPACT) && (
          <fieldset class="field nt-impact" aria-describedby={described('impact', 'nt-impact-hint')}>
            <legend>{t('new_ticket.impact.legend')}</legend>
            <p class="hint" id="nt-impact-hint">
              {t('new_ticket.impact.hint')}
            </p>
            {impactValues.map((o, i) => {
              const known = (IMPACT_VALUES as readonly string[]).includes(o.value);
              const id = i === 0 ? 'nt-impact-first' : `nt-impact-${o.value}`;
              return (
                <div class="nt-radio" key={o.value}>
                  <input
                    type="radio"
                    id={id}
                    name="nt-impact"
                    value={o.value}
                    checked={form.impact === o.value}
                    aria-invalid={errors.impact ? 'true' : undefined}
                    aria-describedby={known ? `${id}-desc` : undefined}
                    onChange={() => {
                      set('impact', o.value);
                      clearError('impact');
                    }}
                  />
                  <div class="nt-radio-text">
                    <label for={id} class="nt-radio-label">
                      {known ? t(`new_ticket.impact.${o.value}`) : o.name}
                    </label>
                    {known && (
                      <span class="hint nt-radio-desc" id={`${id}-desc`}>
                        {t(`new_ticket.impact.${o.value}.desc`)}
                      </span>
                    )}
                  </div>
                </div>
              );
            })}
            {form.impact && (
              <button type="button" class="link nt-impact-clear" onClick={() => set('impact', '')}>
                {t('new_ticket.impact.clear')}
              </button>
            )}
            {errorLine('impact')}
          </fieldset>
        )}

        <Attachments
          items={items}
          policy={policy}
          error={errText(errors.attachments) || undefined}
          onFiles={onFiles}
          onRemove={(k) => queue.remove(k)}
          onRetry={(k) => queue.retry(k)}
        />

        <div class="actions">
          <button type="submit" aria-disabled={busy ? 'true' : undefined}>
            {busy === 'uploading'
              ? t('new_ticket.submit.uploading')
              : busy === 'sending'
                ? t('new_ticket.submit.sending')
                : t('new_ticket.submit')}
          </button>
          <span class="visually-hidden" aria-live="polite">
            {busy === 'uploading' ? t('new_ticket.submit.uploading') : busy === 'sending' ? t('new_ticket.submit.sending') : ''}
          </span>
        </div>
      </form>
    </section>
  );
}
