// The attachments part of the form: a drop zone with a real "choose files" button, the chosen
// files with size, upload state and a remove button, and each refusal in words.
import { useRef, useState } from 'preact/hooks';
import { Alert } from '../../components/alert';
import { useI18n } from '../../i18n';
import { formatSize, refusalText, type AttachmentPolicy } from './policy';
import type { Item } from './queue';
import { errorText } from '../../components/errors';

interface Props {
  items: Item<File>[];
  policy: AttachmentPolicy;
  error?: string; // a form-level error about the attachments (server 422 on uploads, failed files)
  onFiles(files: File[]): void;
  onRemove(key: number): void;
  onRetry(key: number): void;
}

export function Attachments({ items, policy, error, onFiles, onRemove, onRetry }: Props) {
  const { t, locale } = useI18n();
  const input = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);
  const depth = useRef(0);
  const hintId = 'nt-attachments-hint';
  const errId = 'nt-attachments-error';
  const accept = policy.allowedExtensions.map((e) => `.${e}`).join(',');
  const hasFiles = (e: DragEvent) => Array.from(e.dataTransfer?.types ?? []).includes('Files');

  return (
    <fieldset class="field nt-attachments" aria-describedby={error ? `${hintId} ${errId}` : hintId}>
      <legend>{t('new_ticket.attachments.legend')}</legend>
      <p class="hint" id={hintId}>
        {t('new_ticket.attachments.hint', {
          max_files: policy.maxFiles,
          max_mb: Math.round((policy.maxTotalBytes / 1048576) * 10) / 10,
          types: policy.allowedExtensions.join(', '),
        })}
      </p>
      <div
        class={over ? 'nt-drop nt-drop-over' : 'nt-drop'}
        onDragEnter={(e) => {
          if (!hasFiles(e)) return;
          e.preventDefault();
          depth.current++;
          setOver(true);
        }}
        onDragOver={(e) => {
          if (!hasFiles(e)) return;
          e.preventDefault();
          if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
        }}
        onDragLeave={() => {
          depth.current = Math.max(0, depth.current - 1);
          if (depth.current === 0) setOver(false);
        }}
        onDrop={(e) => {
          e.preventDefault();
          depth.current = 0;
          setOver(false);
          const files = Array.from(e.dataTransfer?.files ?? []);
          if (files.length) onFiles(files);
        }}
      >
        <span class="nt-drop-text" aria-hidden="true">
          {t('new_ticket.attachments.drop')}
        </span>
        <input
          ref={input}
          id="nt-files"
          type="file"
          multiple
          accept={accept}
          class="visually-hidden"
          tabIndex={-1}
          aria-label={t('new_ticket.attachments.choose')}
          onChange={(e) => {
            const el = e.currentTarget as HTMLInputElement;
            const files = Array.from(el.files ?? []);
            el.value = ''; // choosing the same file again fires change again
            if (files.length) onFiles(files);
          }}
        />
        <button type="button" id="nt-choose" class="secondary nt-choose" aria-describedby={hintId} onClick={() => input.current?.click()}>
          {t('new_ticket.attachments.choose')}
        </button>
      </div>
      {error && (
        <p class="field-error" id={errId}>
          {error}
        </p>
      )}
      {items.length > 0 && (
        <ul class="nt-files" aria-label={t('new_ticket.attachments.list_label')}>
          {items.map((it) => (
            <li key={it.key} class={`nt-file nt-file-${it.state}`}>
              <div class="nt-file-row">
                <span class="nt-file-name">{it.file.name}</span>
                <span class="nt-file-size">{formatSize(it.file.size, locale)}</span>
                <span class="nt-file-state" aria-live="polite">
                  {t(`new_ticket.attachments.state.${it.state}`)}
                </span>
                <span class="nt-file-actions">
                  {it.state === 'failed' && (
                    <button type="button" class="secondary" onClick={() => onRetry(it.key)}
                            aria-label={t('new_ticket.attachments.retry_file', { file: it.file.name })}>
                      {t('new_ticket.attachments.retry')}
                    </button>
                  )}
                  <button type="button" class="secondary" onClick={() => onRemove(it.key)}
                          aria-label={t('new_ticket.attachments.remove_file', { file: it.file.name })}>
                    {t('new_ticket.attachments.remove')}
                  </button>
                </span>
              </div>
              {it.state === 'refused' && (
                <Alert>
                  {refusalText(t, it.rule, it.file.name, policy, it.description)}{' '}
                  {t('new_ticket.attachments.not_sent')}
                </Alert>
              )}
              {it.state === 'failed' && <Alert>{`${it.file.name}: ${errorText(t, it.error)}`}</Alert>}
            </li>
          ))}
        </ul>
      )}
    </fieldset>
  );
}
