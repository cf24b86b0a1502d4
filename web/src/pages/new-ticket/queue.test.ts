import { expect, test } from 'vitest';
import { UploadQueue, type Uploader } from './queue';

type F = { name: string; size: number };
const f = (name: string): F => ({ name, size: 10 });

// A fake server: tokens hold file names; each upload waits for the test to let it finish.
function fakeServer(opts: { refuse?: Record<string, string>; failOnce?: string[] } = {}) {
  const tokens = new Map<string, string[]>();
  const discarded: string[] = [];
  const calls: [string, string | undefined][] = [];
  let n = 0;
  const failOnce = new Set(opts.failOnce ?? []);
  const up: Uploader<F> = {
    async upload(file, token) {
      calls.push([file.name, token]);
      await Promise.resolve();
      if (opts.refuse?.[file.name]) throw { refusal: { rule: opts.refuse[file.name], description: 'srv' } };
      if (failOnce.delete(file.name)) throw new TypeError('network');
      if (token && !tokens.has(token)) throw { badToken: true };
      const tk = token ?? `T${++n}`;
      tokens.set(tk, [...(tokens.get(tk) ?? []), file.name]);
      return { token: tk };
    },
    async discard(token) {
      discarded.push(token);
      tokens.delete(token);
    },
    refusal: (e) => (e as { refusal?: { rule: string } }).refusal,
    badToken: (e) => !!(e as { badToken?: boolean }).badToken,
  };
  return { up, tokens, discarded, calls };
}

test('files go one by one into one token; refused ones are listed, not uploaded', async () => {
  const s = fakeServer();
  const q = new UploadQueue(s.up);
  q.add([{ file: f('a.png') }, { file: f('x.exe'), rule: 'FileTypeNotAllowed' }, { file: f('b.pdf') }]);
  await q.settled();
  expect(q.items.map((i) => i.state)).toEqual(['uploaded', 'refused', 'uploaded']);
  expect(s.calls).toEqual([['a.png', undefined], ['b.pdf', 'T1']]);
  expect(s.tokens.get(q.token!)).toEqual(['a.png', 'b.pdf']);
  expect(q.kept().map((x) => x.name)).toEqual(['a.png', 'b.pdf']);
});

test("the server's refusal is kept with its rule", async () => {
  const s = fakeServer({ refuse: { 'fake.pdf': 'ContentTypeMismatch' } });
  const q = new UploadQueue(s.up);
  q.add([{ file: f('fake.pdf') }, { file: f('ok.png') }]);
  await q.settled();
  expect(q.items.map((i) => [i.state, i.rule])).toEqual([['refused', 'ContentTypeMismatch'], ['uploaded', undefined]]);
  expect(s.tokens.get(q.token!)).toEqual(['ok.png']);
});

test('removing an uploaded file drops the token and uploads the rest into a fresh one', async () => {
  const s = fakeServer();
  const q = new UploadQueue(s.up);
  q.add([{ file: f('a.png') }, { file: f('b.png') }, { file: f('c.png') }]);
  await q.settled();
  const first = q.token!;
  q.remove(q.items[1].key);
  await q.settled();
  expect(s.discarded).toContain(first);
  expect(q.token).not.toBe(first);
  expect(s.tokens.get(q.token!)).toEqual(['a.png', 'c.png']);
  expect(q.items.map((i) => i.state)).toEqual(['uploaded', 'uploaded']);
});

test('removing a refused or waiting file keeps the token', async () => {
  const s = fakeServer();
  const q = new UploadQueue(s.up);
  q.add([{ file: f('a.png') }, { file: f('x.exe'), rule: 'FileTypeNotAllowed' }]);
  await q.settled();
  const tk = q.token;
  q.remove(q.items[1].key);
  await q.settled();
  expect(q.token).toBe(tk);
  expect(s.discarded).toEqual([]);
});

test('removing a file while it uploads leaves it out of the final token', async () => {
  const s = fakeServer();
  const q = new UploadQueue(s.up);
  q.add([{ file: f('a.png') }, { file: f('b.png') }]);
  q.remove(q.items[0].key); // a.png is uploading now
  await q.settled();
  expect(q.items.map((i) => i.file.name)).toEqual(['b.png']);
  expect(s.tokens.get(q.token!)).toEqual(['b.png']);
  expect([...s.tokens.keys()]).toEqual([q.token]); // nothing left behind
});

test('a network failure can be retried', async () => {
  const s = fakeServer({ failOnce: ['a.png'] });
  const q = new UploadQueue(s.up);
  q.add([{ file: f('a.png') }]);
  await q.settled();
  expect(q.items[0].state).toBe('failed');
  q.retry(q.items[0].key);
  await q.settled();
  expect(q.items[0].state).toBe('uploaded');
});

test('an expired token: everything is uploaded again into a new one', async () => {
  const s = fakeServer();
  const q = new UploadQueue(s.up);
  q.add([{ file: f('a.png') }]);
  await q.settled();
  s.tokens.clear(); // expired on the server
  q.add([{ file: f('b.png') }]);
  await q.settled();
  expect(q.items.map((i) => i.state)).toEqual(['uploaded', 'uploaded']);
  expect(s.tokens.get(q.token!)).toEqual(['a.png', 'b.png']); // in the list's order
});

test('onChange sees every state', async () => {
  const s = fakeServer();
  const seen: string[] = [];
  const q = new UploadQueue(s.up, (items) => seen.push(items.map((i) => i.state).join()));
  q.add([{ file: f('a.png') }]);
  await q.settled();
  expect(seen).toEqual(['queued', 'uploading', 'uploaded']);
});
