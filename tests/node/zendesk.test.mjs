// Drives the real npm client node-zendesk 6.x against the real chamado binary.
//
//   (cd tests/node && npm ci)
//   CHAMADO_BIN=build/debug/src/main/chamado node --test tests/node/    # from the repo root
//   CHAMADO_BIN=... node --test                                         # or from tests/node
//
// The server runs on a fresh temp data dir with --listen 127.0.0.1:0 --clock=manual; users and
// API tokens are made with the CLI (`chamado admin ...`), everything else goes through
// node-zendesk configured only with endpointUri, as a customer of ours would do. Note that the
// client's single-object methods resolve to {response, result}; list methods to the flattened
// array (requests.listComments: the raw pages, a known node-zendesk 6 quirk).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { createInterface } from 'node:readline';
import { mkdtempSync, rmSync, existsSync, writeFileSync, createReadStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import zendesk from 'node-zendesk';

const BIN = process.env.CHAMADO_BIN || '/work/main/build/debug/src/main/chamado';

let dataDir;
let server;
const serverLog = []; // last lines of the server's stderr, shown if it dies
let endpointUri;
let agent; // node-zendesk clients
let agentPaged; // the agent with page[size]=2 on every request, to force several pages
let customer;
let otherCustomer;
let agentUser;
let customerUser;
let otherCustomerUser;
const tokens = {}; // email -> API token
let serial = 0;

function cli(...args) {
  return execFileSync(BIN, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

function addUser(email, name, role) {
  const out = cli('admin', 'user', 'add', '--data', dataDir, '--email', email, '--name', name, '--role', role);
  return JSON.parse(out).user;
}

function addToken(email) {
  const lines = cli('admin', 'token', 'add', '--data', dataDir, '--email', email).trim().split('\n');
  tokens[email] = lines.at(-1).trim();
  return tokens[email];
}

function client(username, token, extra = {}) {
  return zendesk.createClient({ username, token, endpointUri, throwOriginalException: true, ...extra });
}

function unique(prefix) {
  serial += 1;
  return `${prefix}-${process.pid}-${serial}`;
}

// Records the URLs one node-zendesk sub-client requests while fn runs.
async function recordUrls(subClient, fn) {
  const urls = [];
  const listener = (e) => urls.push(String(e.detail.uri));
  subClient.on('debug::request', listener);
  try {
    return { value: await fn(), urls };
  } finally {
    subClient.eventTarget?.removeEventListener?.('debug::request', listener);
  }
}

// Asserts that the promise rejects the way node-zendesk reports an HTTP error.
async function rejectsWith(promise, statusCode) {
  await assert.rejects(promise, (err) => {
    assert.equal(err.statusCode, statusCode, `expected HTTP ${statusCode}, got ${err.statusCode}: ${err.message}`);
    return true;
  });
}

function startServer() {
  return new Promise((resolve, reject) => {
    // Zendesk never merges a customer's new request into their open one; our automatic
    // duplicates (docs/duplicates.md) would turn this suite's later requests into closed
    // Duplicates, so they are off here (tests/integration/duplicates_test.cpp covers them).
    const child = spawn(BIN, ['serve', '--data', dataDir, '--listen', '127.0.0.1:0', '--clock=manual'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, CHAMADO_DUPLICATES_MODE: 'off' },
    });
    let settled = false;
    const fail = (err) => {
      if (settled) return;
      settled = true;
      reject(err);
    };
    const timer = setTimeout(() => fail(new Error(`server did not print its address in 30 s\n${serverLog.join('\n')}`)), 30000);
    // Drain stderr (one JSON log line per request) so the server never blocks on a full pipe.
    createInterface({ input: child.stderr }).on('line', (line) => {
      serverLog.push(line);
      if (serverLog.length > 200) serverLog.shift();
    });
    const out = createInterface({ input: child.stdout });
    out.on('line', (line) => {
      if (settled) return;
      const m = /^listening on (http:\/\/127\.0\.0\.1:\d+)\s*$/.exec(line);
      clearTimeout(timer);
      if (!m) return fail(new Error(`unexpected first stdout line: ${JSON.stringify(line)}`));
      settled = true;
      resolve({ child, base: m[1] });
    });
    child.on('error', (err) => {
      clearTimeout(timer);
      fail(err);
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (!settled) fail(new Error(`server exited (${code ?? signal}) before listening\n${serverLog.join('\n')}`));
      else if (!child.stopping) console.error(`chamado exited unexpectedly (${code ?? signal})\n${serverLog.join('\n')}`);
    });
  });
}

async function stopServer() {
  if (!server || server.exitCode !== null || server.signalCode !== null) return;
  server.stopping = true;
  const exited = new Promise((resolve) => server.once('exit', resolve));
  server.kill('SIGTERM');
  let timer;
  const timeout = new Promise((resolve) => { timer = setTimeout(() => resolve('timeout'), 10000); });
  const how = await Promise.race([exited, timeout]);
  clearTimeout(timer);
  if (how === 'timeout') {
    server.kill('SIGKILL');
    await exited;
  }
}

function cleanup() {
  if (server && server.exitCode === null && server.signalCode === null) server.kill('SIGKILL');
  if (dataDir && existsSync(dataDir)) rmSync(dataDir, { recursive: true, force: true });
}
process.on('exit', cleanup); // also when something throws past the hooks

before(async () => {
  assert.ok(existsSync(BIN), `chamado binary not found at ${BIN} (set CHAMADO_BIN)`);
  dataDir = mkdtempSync(join(tmpdir(), 'chamado-node-'));
  const started = await startServer();
  server = started.child;
  endpointUri = `${started.base}/api/v2`;

  agentUser = addUser('agent.node@example.test', 'Ana Agente', 'agent');
  customerUser = addUser('cliente.node@example.test', 'Carlos Cliente', 'end-user');
  otherCustomerUser = addUser('outra.node@example.test', 'Olga Outra', 'end-user');
  const agentToken = addToken(agentUser.email);
  agent = client(agentUser.email, agentToken);
  agentPaged = client(agentUser.email, agentToken, { query: { page: { size: 2 } } });
  customer = client(customerUser.email, addToken(customerUser.email));
  otherCustomer = client(otherCustomerUser.email, addToken(otherCustomerUser.email));
});

after(async () => {
  await stopServer();
  cleanup();
});

describe('users', () => {
  test('users.me returns the agent behind the token', async () => {
    const me = (await agent.users.me()).result;
    assert.equal(me.id, agentUser.id);
    assert.equal(me.email, 'agent.node@example.test');
    assert.equal(me.name, 'Ana Agente');
    assert.equal(me.role, 'agent');
  });

  test('users.me for an end user says end-user', async () => {
    const me = (await customer.users.me()).result;
    assert.equal(me.id, customerUser.id);
    assert.equal(me.role, 'end-user');
  });

  test('users.create makes an end user that users.show then returns', async () => {
    const email = `${unique('novo')}@example.test`;
    const created = (await agent.users.create({ user: { name: 'Núbia Nova', email, role: 'end-user' } })).result;
    assert.ok(Number.isSafeInteger(created.id) && created.id > 0);
    assert.equal(created.name, 'Núbia Nova');
    assert.equal(created.email, email);
    assert.equal(created.role, 'end-user');
    assert.equal(created.url, `${endpointUri}/users/${created.id}.json`);

    const shown = (await agent.users.show(created.id)).result;
    assert.equal(shown.id, created.id);
    assert.equal(shown.name, 'Núbia Nova');
    assert.equal(shown.email, email);
  });

  test('users.list follows links.next over several pages and returns everyone once', async () => {
    const made = [];
    for (let i = 0; i < 5; i += 1) {
      const email = `${unique('lista')}@example.test`;
      made.push((await agent.users.create({ user: { name: `Lista ${i}`, email, role: 'end-user' } })).result);
    }
    const { value: users, urls } = await recordUrls(agentPaged.users, () => agentPaged.users.list());
    const ids = users.map((u) => u.id);
    assert.equal(new Set(ids).size, ids.length, 'no user twice');
    for (const u of [agentUser, customerUser, otherCustomerUser, ...made]) assert.ok(ids.includes(u.id), `user ${u.id} listed`);
    // page[size]=2 and at least 8 users: the client must have followed links.next at least 3 times.
    assert.ok(urls.length >= 4, `expected several pages, got ${urls.length} requests: ${urls.join(' ')}`);
    assert.ok(urls.slice(1).every((u) => u.startsWith(`${endpointUri}/users.json?`) && /page%5Bafter%5D=|page\[after\]=/.test(u)),
      `next links used verbatim: ${urls.join(' ')}`);

    // With the client's default page[size]=100 everything arrives in one page.
    const all = await agent.users.list();
    assert.deepEqual(all.map((u) => u.id).sort((a, b) => a - b), [...ids].sort((a, b) => a - b));
  });

  test('users.search finds a user by e-mail and by name', async () => {
    const email = `${unique('busca')}@example.test`;
    const u = (await agent.users.create({ user: { name: 'Bruna Buscável', email, role: 'end-user' } })).result;
    const byEmail = await agent.users.search({ query: email });
    assert.deepEqual(byEmail.map((x) => x.id), [u.id]);
    const byName = await agent.users.search({ query: 'Buscável' });
    assert.ok(byName.some((x) => x.id === u.id), 'found by name');
  });
});

describe('tickets', () => {
  test('tickets.create with requester {name, email} creates the customer as an end user', async () => {
    const email = `${unique('req')}@example.test`;
    const t = (await agent.tickets.create({
      ticket: { subject: 'Impressora sem toner', comment: { body: 'A impressora do 3º andar parou.' }, requester: { name: 'Rita Requerente', email } },
    })).result;
    assert.ok(t.id > 0);
    assert.equal(t.subject, 'Impressora sem toner');
    assert.equal(t.description, 'A impressora do 3º andar parou.');
    assert.equal(t.status, 'new');
    assert.equal(t.submitter_id, agentUser.id);
    assert.notEqual(t.requester_id, agentUser.id);
    const requester = (await agent.users.show(t.requester_id)).result;
    assert.equal(requester.email, email);
    assert.equal(requester.name, 'Rita Requerente');
    assert.equal(requester.role, 'end-user');
  });

  test('tickets.create with requester_id, then tickets.show returns it', async () => {
    const t = (await agent.tickets.create({
      ticket: { subject: 'VPN cai toda hora', comment: { body: 'Desconecta a cada 5 minutos.' }, requester_id: customerUser.id, priority: 'high', tags: ['vpn'] },
    })).result;
    assert.equal(t.requester_id, customerUser.id);
    const shown = (await agent.tickets.show(t.id)).result;
    assert.equal(shown.id, t.id);
    assert.equal(shown.subject, 'VPN cai toda hora');
    assert.equal(shown.requester_id, customerUser.id);
    assert.equal(shown.priority, 'high');
    assert.deepEqual(shown.tags, ['vpn']);
    assert.equal(shown.url, `${endpointUri}/tickets/${t.id}.json`);
  });

  test('tickets.update adds a public reply and an internal note; getComments lists them oldest first', async () => {
    const t = (await agent.tickets.create({
      ticket: { subject: 'Senha expirada', comment: { body: 'Não consigo entrar.' }, requester_id: customerUser.id },
    })).result;
    const afterReply = (await agent.tickets.update(t.id, { ticket: { comment: { body: 'Enviei um link de redefinição.', public: true } } })).result;
    assert.equal(afterReply.id, t.id);
    const afterNote = (await agent.tickets.update(t.id, { ticket: { comment: { body: 'Nota: conta estava bloqueada no AD.', public: false }, priority: 'low' } })).result;
    assert.equal(afterNote.priority, 'low');

    const comments = await agent.tickets.getComments(t.id);
    assert.deepEqual(comments.map((c) => c.body), ['Não consigo entrar.', 'Enviei um link de redefinição.', 'Nota: conta estava bloqueada no AD.']);
    assert.deepEqual(comments.map((c) => c.public), [true, true, false]);
    assert.deepEqual(comments.map((c) => c.author_id), [agentUser.id, agentUser.id, agentUser.id]);
    const times = comments.map((c) => Date.parse(c.created_at));
    assert.ok(times.every((x, i) => i === 0 || x >= times[i - 1]), 'oldest first');
  });

  test('tickets.list returns every ticket across pages', async () => {
    for (let i = 0; i < 3; i += 1) {
      await agent.tickets.create({ ticket: { subject: `Lote ${i}`, comment: { body: `corpo ${i}` }, requester_id: otherCustomerUser.id } });
    }
    const { value: paged, urls } = await recordUrls(agentPaged.tickets, () => agentPaged.tickets.list());
    const ids = paged.map((t) => t.id);
    assert.equal(new Set(ids).size, ids.length, 'no ticket twice');
    assert.ok(ids.length >= 6, `expected at least 6 tickets, got ${ids.length}`);
    assert.ok(urls.length >= 3, `expected several pages, got ${urls.join(' ')}`);
    assert.ok(paged.some((t) => t.subject === 'Lote 2'));

    const all = await agent.tickets.list();
    assert.deepEqual(all.map((t) => t.id).sort((a, b) => a - b), [...ids].sort((a, b) => a - b));
  });
});

describe('requests (the customer view)', () => {
  let requestId;
  let ccEmail;

  test('requests.create as the end user, with a collaborator by {name, email}', async () => {
    ccEmail = `${unique('cc')}@example.test`;
    const r = (await customer.requests.create({
      request: { subject: 'Notebook não liga', comment: { body: 'Apertei o botão e nada.' }, collaborators: [{ name: 'Célia Cópia', email: ccEmail }] },
    })).result;
    requestId = r.id;
    assert.ok(r.id > 0);
    assert.equal(r.subject, 'Notebook não liga');
    assert.equal(r.description, 'Apertei o botão e nada.');
    assert.equal(r.requester_id, customerUser.id);
    assert.equal(r.status, 'new');
    assert.equal(r.collaborator_ids.length, 1);
    const cc = (await agent.users.show(r.collaborator_ids[0])).result;
    assert.equal(cc.email, ccEmail);
    assert.equal(cc.role, 'end-user');
  });

  test('requests.list, listOpen and requests.show show the customer their request', async () => {
    const list = await customer.requests.list();
    assert.ok(list.some((r) => r.id === requestId), 'in /requests');
    assert.ok(list.every((r) => r.requester_id === customerUser.id), 'only own requests');
    const open = await customer.requests.listOpen();
    assert.ok(open.some((r) => r.id === requestId), 'in /requests/open');
    const shown = (await customer.requests.show(requestId)).result;
    assert.equal(shown.id, requestId);
    assert.equal(shown.subject, 'Notebook não liga');
    assert.equal(shown.url, `${endpointUri}/requests/${requestId}.json`);
  });

  test('requests.listCCD shows the request to the CC', async () => {
    const created = (await customer.requests.create({
      request: { subject: 'Acesso à pasta compartilhada', comment: { body: 'Preciso de acesso.' }, collaborators: [otherCustomerUser.email] },
    })).result;
    const ccd = await otherCustomer.requests.listCCD();
    assert.ok(ccd.some((r) => r.id === created.id), 'CC sees it in /requests/ccd');
    const mine = await customer.requests.listCCD();
    assert.ok(!mine.some((r) => r.id === created.id), 'the requester is not CC\'d on it');
  });

  test('requests.update adds a comment; listComments pages hold only public comments', async () => {
    await agent.tickets.update(requestId, { ticket: { comment: { body: 'Nota interna: trocar a fonte.', public: false } } });
    await agent.tickets.update(requestId, { ticket: { comment: { body: 'Tente segurar o botão por 10 s.', public: true } } });
    const updated = (await customer.requests.update(requestId, { request: { comment: { body: 'Segurei e continua apagado.' } } })).result;
    assert.equal(updated.id, requestId);

    const pages = await customer.requests.listComments(requestId);
    // node-zendesk quirk: raw pages {comments, meta, links}, not comments.
    assert.ok(Array.isArray(pages) && pages.length >= 1);
    assert.ok(pages.every((p) => Array.isArray(p.comments)), 'each element is a page');
    const comments = pages.flatMap((p) => p.comments);
    assert.deepEqual(comments.map((c) => c.body), ['Apertei o botão e nada.', 'Tente segurar o botão por 10 s.', 'Segurei e continua apagado.']);
    assert.ok(comments.every((c) => c.public === true));
    assert.ok(!comments.some((c) => /Nota interna/.test(c.body) || /Nota interna/.test(c.html_body ?? '') || /Nota interna/.test(c.plain_body ?? '')));
    assert.deepEqual(comments.map((c) => c.author_id), [customerUser.id, agentUser.id, customerUser.id]);

    // The agent still sees all four through the Tickets API.
    const all = await agent.tickets.getComments(requestId);
    assert.equal(all.length, 4);
    assert.equal(all.filter((c) => !c.public).length, 1);
  });

  test('listComments follows links.next when comments span several pages', async () => {
    const r = (await customer.requests.create({ request: { subject: 'Muitas mensagens', comment: { body: 'm0' } } })).result;
    for (let i = 1; i <= 4; i += 1) await customer.requests.update(r.id, { request: { comment: { body: `m${i}` } } });
    const pagedCustomer = client(customerUser.email, tokens[customerUser.email], { query: { page: { size: 2 } } });
    const pages = await pagedCustomer.requests.listComments(r.id);
    assert.ok(pages.length >= 3, `expected 3 pages, got ${pages.length}`);
    assert.deepEqual(pages.flatMap((p) => p.comments).map((c) => c.body), ['m0', 'm1', 'm2', 'm3', 'm4']);
    assert.equal(pages.at(-1).links.next, null);
  });

  test('requests.list follows next_page (offset pagination) when per_page is small', async () => {
    const all = await customer.requests.list();
    assert.ok(all.length >= 3, `need at least 3 requests, have ${all.length}`);
    const offsetCustomer = client(customerUser.email, tokens[customerUser.email], { query: { per_page: 2 } });
    const { value: paged, urls } = await recordUrls(offsetCustomer.requests, () => offsetCustomer.requests.list());
    assert.deepEqual(paged.map((r) => r.id), all.map((r) => r.id));
    assert.equal(urls.length, Math.ceil(all.length / 2), `one request per page: ${urls.join(' ')}`);
    assert.ok(urls.slice(1).every((u) => u.startsWith(`${endpointUri}/requests.json?`) && /[?&]page=\d/.test(u)), urls.join(' '));
  });

  test('requests.update {solved: true} by the customer closes it ("Closed by you")', async () => {
    const before = (await customer.requests.show(requestId)).result;
    assert.equal(before.can_be_solved_by_me, true);
    const solved = (await customer.requests.update(requestId, { request: { solved: true } })).result;
    assert.equal(solved.status, 'closed');
    const shown = (await customer.requests.show(requestId)).result;
    assert.equal(shown.status, 'closed');
    const open = await customer.requests.listOpen();
    assert.ok(!open.some((r) => r.id === requestId), 'no longer in /requests/open');
    const solvedList = await customer.requests.listSolved();
    assert.ok(solvedList.some((r) => r.id === requestId), 'now in /requests/solved');
    const ticket = (await agent.tickets.show(requestId)).result;
    assert.equal(ticket.status, 'closed');
    assert.equal(ticket.custom_status_id, 8); // case-lifecycle "closed_by_you"
  });
});

describe('errors', () => {
  test('a bad token makes the promise reject with statusCode 401', async () => {
    const bad = client(agentUser.email, 'not-a-real-token');
    await rejectsWith(bad.tickets.list(), 401);
    await rejectsWith(bad.tickets.show(1), 401);
  });

  test('a token used with another user\'s e-mail is 401', async () => {
    const mixed = client(agentUser.email, tokens[customerUser.email]);
    await rejectsWith(mixed.tickets.list(), 401);
  });

  test('an end user calling tickets.list gets 403', async () => {
    await rejectsWith(customer.tickets.list(), 403);
  });

  test('another customer\'s request is 404 for show, update and listComments', async () => {
    const r = (await customer.requests.create({ request: { subject: 'Privado', comment: { body: 'só meu' } } })).result;
    await rejectsWith(otherCustomer.requests.show(r.id), 404);
    await rejectsWith(otherCustomer.requests.update(r.id, { request: { comment: { body: 'intruso' } } }), 404);
    await rejectsWith(otherCustomer.requests.listComments(r.id), 404);
    const err = await otherCustomer.requests.show(r.id).catch((e) => e);
    assert.equal(err.result?.error, 'RecordNotFound');
  });

  test('a ticket without a comment is rejected with 422', async () => {
    const err = await agent.tickets.create({ ticket: { subject: 'sem corpo' } }).catch((e) => e);
    assert.equal(err.statusCode, 422);
    assert.equal(err.result?.error, 'RecordInvalid');
  });
});

describe('attachments', () => {
  // A customer of their own, so the duplicate-contact rule (docs/duplicates.md) stays out of it.
  let uploader;
  let uploaderUser;
  let filesDir;

  before(() => {
    uploaderUser = addUser(`${unique('anexos')}@example.test`, 'Ana Anexos', 'end-user');
    uploader = client(uploaderUser.email, addToken(uploaderUser.email));
    filesDir = mkdtempSync(join(tmpdir(), 'chamado-node-files-'));
  });

  after(() => rmSync(filesDir, { recursive: true, force: true }));

  test('attachments.upload streams files into one token; a request takes it; content_url gives the bytes back', async () => {
    const pdf = join(filesDir, 'nota-fiscal.pdf');
    const pdfBytes = Buffer.from(`%PDF-1.4\n%${'x'.repeat(300000)}\n%%EOF\n`);
    writeFileSync(pdf, pdfBytes);
    const csv = join(filesDir, 'dados.csv');
    writeFileSync(csv, 'nome,valor\nana,1\n');

    // A path: streamed chunked with Content-Type application/json and binary=undefined.
    const first = await uploader.attachments.upload(pdf, { filename: 'nota-fiscal.pdf' });
    assert.ok(first.upload.token);
    assert.equal(first.upload.attachment.file_name, 'nota-fiscal.pdf');
    assert.equal(first.upload.attachment.content_type, 'application/pdf');
    assert.equal(first.upload.attachment.size, pdfBytes.length);
    // A stream: application/binary, added to the same token.
    const second = await uploader.attachments.upload(createReadStream(csv), {
      filename: 'dados.csv', binary: true, token: first.upload.token,
    });
    assert.equal(second.upload.token, first.upload.token);
    assert.equal(second.upload.attachments.length, 2);

    const created = (await uploader.requests.create({
      request: { subject: 'Segue a nota', comment: { body: 'Anexos', uploads: [first.upload.token] } },
    })).result;
    const pages = await uploader.requests.listComments(created.id);
    const files = pages.flatMap((p) => p.comments)[0].attachments;
    assert.deepEqual(files.map((f) => f.file_name), ['nota-fiscal.pdf', 'dados.csv']);

    const auth = `Basic ${Buffer.from(`${uploaderUser.email}/token:${tokens[uploaderUser.email]}`).toString('base64')}`;
    const res = await fetch(files[0].content_url, { headers: { Authorization: auth } });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
    assert.match(res.headers.get('content-disposition'), /^attachment;/);
    assert.ok(Buffer.from(await res.arrayBuffer()).equals(pdfBytes));

    const shown = (await uploader.attachments.show(files[0].id)).result;
    assert.equal(shown.attachment?.file_name ?? shown.file_name, 'nota-fiscal.pdf');
    await rejectsWith(otherCustomer.attachments.show(files[0].id), 404);
  });

  test('an executable named .pdf is refused with a 422 naming the rule and the file', async () => {
    const err = await uploader.attachments.upload('/bin/true', { filename: 'fatura.pdf' }).catch((e) => e);
    assert.equal(err.statusCode, 422);
    assert.equal(err.result?.details?.file?.[0]?.error, 'ContentTypeMismatch');
    assert.match(err.result.details.file[0].description, /'fatura\.pdf'/);
  });

  test('attachments.deleteUpload removes an unused upload (204, which node-zendesk returns as "No Content")', async () => {
    const csv = join(filesDir, 'apagar.csv');
    writeFileSync(csv, 'a,b\n1,2\n');
    const up = await uploader.attachments.upload(csv, { filename: 'apagar.csv' });
    const out = await uploader.attachments.deleteUpload(up.upload.token);
    assert.equal(out.response.status, 204);
    assert.equal(out.result.statusCode, 204); // node-zendesk's "No Content" error object, returned
    await rejectsWith(uploader.attachments.show(up.upload.attachment.id), 404);
  });
});
