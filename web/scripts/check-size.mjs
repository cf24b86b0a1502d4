// Fails the build when the JavaScript a first visit loads is over budget (issue 9: 200 KB
// gzipped). Counts every .js file under dist/assets, gzipped at level 9, so a split chunk
// cannot slip past the check.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const BUDGET = Number(process.env.CHAMADO_JS_BUDGET_BYTES ?? 200 * 1024);
const dir = path.join(process.argv[2] ?? process.env.CHAMADO_WEB_OUT ?? 'dist', 'assets');
let raw = 0;
let gz = 0;
for (const name of fs.readdirSync(dir)) {
  if (!name.endsWith('.js')) continue;
  const bytes = fs.readFileSync(path.join(dir, name));
  raw += bytes.length;
  gz += zlib.gzipSync(bytes, { level: 9 }).length;
}
const kb = (n) => (n / 1024).toFixed(1) + ' KB';
if (gz > BUDGET) {
  console.error(`bundle size: ${kb(gz)} gzipped JavaScript is over the budget of ${kb(BUDGET)} (raw ${kb(raw)})`);
  process.exit(1);
}
console.log(`bundle size: ${kb(gz)} gzipped JavaScript (raw ${kb(raw)}), budget ${kb(BUDGET)}`);
