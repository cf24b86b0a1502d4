// A ticket's public conversation (oldest first, text only, attachments as downloads) and the
// reply box (with files; the server's refusal of a file is shown as its rule).
import { useRef, useState } from 'preact/hooks';
import { ApiError, put, uploadFile } from '../../api';
import { Alert } from '../../components/alert';
import { errorText } from '../../components/errors';
import { useI18n } from '../../i18n';
import { commentAuthor, commentText, conversation, fileSize, sitePath, uploadRule, type AuthorKind } from './logic';
import type { Comment, SideloadedUser } from './types';

const AUTHOR_KEY: Record<AuthorKind, string> = {
  you: 'tickets.author.you',
  requester: 'tickets.author.requester',
  agent: 'tickets.author.agent',
  other: 'tickets.author.other',
  support: 'tickets.author.support',
};

export function Conversation({
  comments,
  users,
  actors,
  userId,
  requesterId,
}: {
  comments: Comment[];
  users?: SideloadedUser[];
  actors?: Map<number, string>;
  userId: number;
  requesterId?: number;
}) {
  const { t, locale, dateTime } = useI18n();
  const list = conversation(comments);
  if (list.length === 0) return <p>{t('tickets.conversation.empty')}</p>;
  return (
    <ol class="tickets-comments">
      {list.map((c) => {
        const a = commentAuthor(c, userId, requesterId, users, actors);
        const who = a.kind === 'you' ? t(AUTHOR_KEY.you) : (a.name ?? t(AUTHOR_KEY[a.kind]));
        const role = a.kind !== 'you' && a.name ? t(`${AUTHOR_KEY[a.kind]}_role`) : undefined;
        const files = c.attachments ?? [];
        return (
          <li key={c.id} class={`tickets-comment${a.kind === 'you' ? ' tickets-comment-mine' : ''}`}>
            <article aria-label={t('tickets.comment.label', { who, when: dateTime(c.created_at) })}>
              <header class="tickets-comment-head">
                <strong>{who}</strong>
                {role && <span class="tickets-muted"> ({role})</span>}
                <time dateTime={c.created_at}>{dateTime(c.created_at)}</time>
              </header>
              <div class="tickets-body">{commentText(c)}</div>
              {files.length > 0 && (
                <ul class="tickets-files" aria-label={t('tickets.comment.attachments')}>
                  {files.map((f) => {
                    const href = sitePath(f.content_url);
                    const size = fileSize(f.size, locale);
                    return (
                      <li key={f.id}>
                        {href && !f.chamado_redacted ? (
                          <a href={href} download={f.file_name}>
                            {f.file_name}
                          </a>
                        ) : (
                          <span>{f.file_name}</span>
                        )}
                        {size && <span class="tickets-muted"> ({size})</span>}
                        {f.chamado_redacted && <span class="tickets-muted"> — {t('tickets.comment.redacted')}</span>}
                      </li>
                    );
                  })}
                </ul>
              )}
            </article>
          </li>
        );
      })}
    </ol>
  );
}

export function ReplyForm({
  id,
  reopens,
  onSent,
}: {
  id: number;
  reopens: boolean;
  onSent: (reopened: boolean) => Promise<void> | void;
}) {
  const { t } = useI18n();
  const [body, setBody] = useState('');
  const [files, setFiles] = useState<File[]>([]);
  const [fileKey, setFileKey] = useState(0);
  const [bodyError, setBodyError] = useState<string | undefined>(undefined);
  const [fileError, setFileError] = useState<string | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const [sending, setSending] = useState(false);
  const bodyRef = useRef<HTMLTextAreaElement>(null);
  const fileRef = useRef<HTMLInputElement>(null);
  const chooseRef = useRef<HTMLButtonElement>(null);

  const submit = async (e: Event) => {
    e.preventDefault();
    setError(undefined);
    setFileError(undefined);
    if (!body.trim()) {
      setBodyError(t('tickets.reply.required'));
      bodyRef.current?.focus();
      return;
    }
    setBodyError(undefined);
    setSending(true);
    try {
      let token: string | undefined;
      for (const f of files) {
        try {
          const up = await uploadFile(f, token);
          token = up.upload.token;
        } catch (err) {
          if (err instanceof ApiError && err.status === 422) {
            setFileError(uploadRule(err.details) ?? (err.description || t('tickets.reply.file_refused', { name: f.name })));
            chooseRef.current?.focus();
            return;
          }
          throw err;
        }
      }
      try {
        await put(`/api/v2/requests/${id}`, { request: { comment: { body, ...(token ? { uploads: [token] } : {}) } } });
      } catch (err) {
        const rule = err instanceof ApiError && err.status === 422 ? uploadRule(err.details) : undefined;
        if (rule) {
          setFileError(rule);
          chooseRef.current?.focus();
          return;
        }
        throw err;
      }
      setBody('');
      setFiles([]);
      setFileKey((k) => k + 1);
      await onSent(reopens);
    } catch (err) {
      setError(errorText(t, err));
    } finally {
      setSending(false);
    }
  };

  return (
    <form class="tickets-reply" onSubmit={submit} noValidate aria-labelledby="tickets-reply-title">
      <h2 id="tickets-reply-title">{reopens ? t('tickets.reply.title_reopen') : t('tickets.reply.title')}</h2>
      {error && <Alert>{error}</Alert>}
      <div class="field">
        <label for="tickets-reply-body">{t('tickets.reply.label')}</label>
        {reopens && (
          <span class="hint" id="tickets-reply-hint">
            {t('tickets.reply.reopen_hint')}
          </span>
        )}
        <textarea
          id="tickets-reply-body"
          ref={bodyRef}
          value={body}
          maxLength={65000}
          aria-invalid={bodyError ? 'true' : undefined}
          aria-describedby={[reopens ? 'tickets-reply-hint' : '', bodyError ? 'tickets-reply-body-error' : ''].filter(Boolean).join(' ') || undefined}
          onInput={(e) => setBody((e.currentTarget as HTMLTextAreaElement).value)}
        />
        {bodyError && (
          <span class="field-error" id="tickets-reply-body-error">
            {bodyError}
          </span>
        )}
      </div>
      <div class="field">
        <label for="tickets-reply-files">{t('tickets.reply.files')}</label>
        {/* The browser's own file button speaks the browser's language, not the page's: it is
            hidden, and a button of ours opens it (the label still names it for tests and AT). */}
        <input
          key={fileKey}
          id="tickets-reply-files"
          ref={fileRef}
          type="file"
          multiple
          class="visually-hidden"
          tabIndex={-1}
          aria-invalid={fileError ? 'true' : undefined}
          aria-describedby={fileError ? 'tickets-reply-files-error' : undefined}
          onChange={(e) => {
            setFileError(undefined);
            setFiles(Array.from((e.currentTarget as HTMLInputElement).files ?? []));
          }}
        />
        <div class="actions">
          <button
            type="button"
            class="secondary"
            ref={chooseRef}
            aria-describedby={fileError ? 'tickets-reply-files-error tickets-reply-chosen' : 'tickets-reply-chosen'}
            onClick={() => fileRef.current?.click()}
          >
            {t('tickets.reply.choose')}
          </button>
          <span id="tickets-reply-chosen">
            {files.length ? files.map((f) => f.name).join(', ') : t('tickets.reply.no_files')}
          </span>
        </div>
        {fileError && (
          <span class="field-error" id="tickets-reply-files-error">
            {fileError}
          </span>
        )}
      </div>
      <div class="actions">
        <button type="submit" disabled={sending}>
          {sending ? t('tickets.reply.sending') : t('tickets.reply.send')}
        </button>
      </div>
    </form>
  );
}
