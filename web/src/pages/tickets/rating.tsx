// Rating a solved ticket: good or bad with an optional comment; a new rating replaces the old
// one (POST /api/v2/requests/{id}/satisfaction_rating).
import { useState } from 'preact/hooks';
import { post } from '../../api';
import { Alert } from '../../components/alert';
import { errorText } from '../../components/errors';
import { useI18n } from '../../i18n';
import type { SatisfactionRating } from './types';

export function RatingForm({
  id,
  current,
  onRated,
}: {
  id: number;
  current: SatisfactionRating | null | undefined;
  onRated: () => Promise<void> | void;
}) {
  const { t } = useI18n();
  const given = current?.score === 'good' || current?.score === 'bad' ? current.score : undefined;
  const [score, setScore] = useState<string | undefined>(given);
  const [comment, setComment] = useState(current?.comment ?? '');
  const [error, setError] = useState<string | undefined>(undefined);
  const [scoreError, setScoreError] = useState<string | undefined>(undefined);
  const [done, setDone] = useState(false);
  const [sending, setSending] = useState(false);

  const submit = async (e: Event) => {
    e.preventDefault();
    setError(undefined);
    setDone(false);
    if (!score) {
      setScoreError(t('tickets.rating.required'));
      return;
    }
    setScoreError(undefined);
    setSending(true);
    try {
      await post(`/api/v2/requests/${id}/satisfaction_rating`, {
        satisfaction_rating: { score, ...(comment.trim() ? { comment: comment.trim() } : {}) },
      });
      setDone(true);
      await onRated();
    } catch (err) {
      setError(errorText(t, err));
    } finally {
      setSending(false);
    }
  };

  return (
    <form class="tickets-rating" onSubmit={submit} noValidate aria-labelledby="tickets-rating-title">
      <h2 id="tickets-rating-title">{t('tickets.rating.title')}</h2>
      {given && <p>{t('tickets.rating.current', { score: t(`tickets.rating.${given}`) })}</p>}
      {error && <Alert>{error}</Alert>}
      {done && <Alert kind="success">{t('tickets.rating.thanks')}</Alert>}
      <fieldset
        class="field tickets-score"
        aria-invalid={scoreError ? 'true' : undefined}
        aria-describedby={scoreError ? 'tickets-rating-score-error' : undefined}
      >
        <legend>{t('tickets.rating.question')}</legend>
        {(['good', 'bad'] as const).map((s) => (
          <label key={s} class="tickets-choice">
            <input type="radio" name="tickets-score" value={s} checked={score === s} onChange={() => setScore(s)} />{' '}
            {t(`tickets.rating.${s}`)}
          </label>
        ))}
        {scoreError && (
          <span class="field-error" id="tickets-rating-score-error">
            {scoreError}
          </span>
        )}
      </fieldset>
      <div class="field">
        <label for="tickets-rating-comment">{t('tickets.rating.comment')}</label>
        <textarea
          id="tickets-rating-comment"
          class="tickets-short"
          maxLength={8000}
          value={comment}
          onInput={(e) => setComment((e.currentTarget as HTMLTextAreaElement).value)}
        />
      </div>
      <div class="actions">
        <button type="submit" disabled={sending}>
          {sending ? t('state.saving') : given ? t('tickets.rating.change') : t('tickets.rating.send')}
        </button>
      </div>
    </form>
  );
}
