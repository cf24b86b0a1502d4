// The bundle-size check fails the build above the budget (issue 9): run the real script on a
// made-up dist/ under and over a budget.
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from 'vitest';

function distWith(bytes: Buffer): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chamado-size-'));
  fs.mkdirSync(path.join(dir, 'assets'));
  fs.writeFileSync(path.join(dir, 'assets', 'index-x.js'), bytes);
  fs.writeFileSync(path.join(dir, 'assets', 'index-x.js.gz'), crypto.randomBytes(500_000)); // not counted
  return dir;
}

const run = (dir: string, budget: number) =>
  spawnSync(process.execPath, [path.join(__dirname, 'check-size.mjs'), dir], {
    env: { ...process.env, CHAMADO_JS_BUDGET_BYTES: String(budget) },
    encoding: 'utf8',
  });

test('random bytes do not compress: 64 KB of them is over a 50 KB budget and fails', () => {
  const dir = distWith(crypto.randomBytes(64 * 1024));
  const r = run(dir, 50 * 1024);
  expect(r.status).toBe(1);
  expect(r.stderr).toMatch(/over the budget of 50\.0 KB/);
  fs.rmSync(dir, { recursive: true });
});

test('the same file passes a budget above its gzipped size', () => {
  const dir = distWith(crypto.randomBytes(64 * 1024));
  const r = run(dir, 100 * 1024);
  expect(r.status).toBe(0);
  expect(r.stdout).toMatch(/bundle size: 6\d\.\d KB gzipped/);
  fs.rmSync(dir, { recursive: true });
});
