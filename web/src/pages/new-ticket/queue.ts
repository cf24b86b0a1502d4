// The chosen files and their uploads, without the DOM: files are uploaded one at a time into one
// upload token (the first answer's token is reused, so one comment takes them all). Removing a
// file that is already in the token drops the token (DELETE /uploads/{token} drops it whole)
// and uploads the remaining files again into a fresh one. Unit-tested in queue.test.ts.
import type { FileLike } from './policy';

export type ItemState = 'queued' | 'uploading' | 'uploaded' | 'refused' | 'failed';

export interface Item<F extends FileLike = FileLike> {
  key: number;
  file: F;
  state: ItemState;
  rule?: string; // refused: the policy rule (ours or the server's)
  description?: string; // refused by the server: its words; failed: the error
  error?: unknown; // failed: what went wrong (network, 503 …)
}

export interface Uploader<F extends FileLike> {
  upload(file: F, token: string | undefined): Promise<{ token: string }>;
  discard(token: string): Promise<unknown>;
  // A refusal by the server (422 on `file`): the rule and its description; undefined otherwise.
  refusal(e: unknown): { rule?: string; description?: string } | undefined;
  // The token the server no longer knows (expired, taken): start over with a fresh one.
  badToken(e: unknown): boolean;
}

export class UploadQueue<F extends FileLike = FileLike> {
  items: Item<F>[] = [];
  token: string | undefined;
  private nextKey = 1;
  private epoch = 0; // bumped each time the token is dropped
  private running: Promise<void> | undefined;

  constructor(private up: Uploader<F>, private onChange: (items: Item<F>[]) => void = () => {}) {}

  private changed() {
    this.items = [...this.items];
    this.onChange(this.items);
  }

  // Files the policy already accepted go to the queue; refused ones are listed with their rule.
  add(verdicts: { file: F; rule?: string }[]): Item<F>[] {
    const added = verdicts.map(
      (v): Item<F> => ({ key: this.nextKey++, file: v.file, state: v.rule ? 'refused' : 'queued', rule: v.rule }),
    );
    this.items.push(...added);
    this.changed();
    this.pump();
    return added;
  }

  // Files that take part in the message (for the policy's count and total).
  kept(): F[] {
    return this.items.filter((i) => i.state !== 'refused').map((i) => i.file);
  }

  remove(key: number) {
    const item = this.items.find((i) => i.key === key);
    if (!item) return;
    this.items = this.items.filter((i) => i !== item);
    if (item.state === 'uploaded' || item.state === 'uploading') this.dropToken();
    this.changed();
  }

  retry(key: number) {
    const item = this.items.find((i) => i.key === key);
    if (!item || item.state !== 'failed') return;
    Object.assign(item, { state: 'queued', error: undefined, description: undefined });
    this.changed();
    this.pump();
  }

  // Forgets the token (deleting it on the server) and queues the uploaded files again.
  dropToken() {
    const old = this.token;
    this.token = undefined;
    this.epoch++;
    for (const i of this.items) if (i.state === 'uploaded') i.state = 'queued';
    if (old) this.up.discard(old).catch(() => {});
    this.changed();
    this.pump();
  }

  // Resolves when nothing is queued or uploading.
  async settled(): Promise<void> {
    while (this.running) await this.running;
  }

  private pump() {
    if (this.running) return;
    this.running = this.run().finally(() => {
      this.running = undefined;
    });
  }

  private async run() {
    for (;;) {
      const item = this.items.find((i) => i.state === 'queued');
      if (!item) return;
      item.state = 'uploading';
      this.changed();
      const epoch = this.epoch;
      try {
        const answer = await this.up.upload(item.file, this.token);
        if (epoch !== this.epoch) {
          // The token was dropped meanwhile: this answer's token is stale.
          if (answer.token !== this.token) this.up.discard(answer.token).catch(() => {});
          if (item.state === 'uploading') item.state = 'queued';
        } else if (!this.items.includes(item)) {
          // Removed while uploading: it is in the token now, so start over.
          this.token = answer.token;
          this.dropToken();
        } else {
          this.token = answer.token;
          item.state = 'uploaded';
        }
      } catch (e) {
        const refusal = this.up.refusal(e);
        if (epoch !== this.epoch || !this.items.includes(item)) {
          if (item.state === 'uploading') item.state = 'queued';
        } else if (refusal) {
          Object.assign(item, { state: 'refused', rule: refusal.rule, description: refusal.description });
        } else if (this.token && this.up.badToken(e)) {
          item.state = 'queued';
          this.token = undefined;
          this.epoch++;
          for (const i of this.items) if (i.state === 'uploaded') i.state = 'queued';
        } else {
          Object.assign(item, { state: 'failed', error: e });
        }
      }
      this.changed();
    }
  }
}
