// Issue 9, attachments on the new-ticket form: the policy is checked in the browser before any
// upload (a refused file names itself and the allowed types, and never reaches /api/v2/uploads),
// and files dropped on the drop zone (a real drop event with a DataTransfer) are taken like chosen ones.
import { test, expect } from './fixtures';
import { env, exact, loginByApi, PNG_1PX, t } from './support';
import type { Page, Request } from '@playwright/test';

const L = 'pt-BR' as const;

function watchUploads(page: Page): string[] {
  const seen: string[] = [];
  page.on('request', (r: Request) => {
    if (new URL(r.url()).pathname.startsWith('/api/v2/uploads')) seen.push(`${r.method()} ${r.url()}`);
  });
  return seen;
}

async function openForm(page: Page) {
  await page.goto('/tickets/new');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(t(L, 'new_ticket.title'));
}

const fileList = (page: Page) => page.getByRole('list', { name: t(L, 'new_ticket.attachments.list_label') });

test('a refused attachment shows the rule and is never uploaded', async ({ page, context }) => {
  await loginByApi(context, env.carla);
  const uploads = watchUploads(page);
  await openForm(page);

  await page.getByLabel(t(L, 'new_ticket.attachments.choose'), { exact: true }).setInputFiles([
    { name: 'malware.exe', mimeType: 'application/x-msdownload', buffer: Buffer.from('MZ\x90\x00not really a program') },
    { name: 'planilhas.zip', mimeType: 'application/zip', buffer: Buffer.from('PK\x03\x04zip') },
  ]);
  for (const name of ['malware.exe', 'planilhas.zip']) {
    const rule = fileList(page).getByRole('listitem').filter({ hasText: name }).getByRole('alert');
    await expect(rule).toBeVisible();
    await expect(rule).toContainText(name);
    for (const allowed of ['png', 'jpg', 'pdf', 'docx']) await expect(rule).toContainText(allowed);
    await expect(rule).toContainText(t(L, 'new_ticket.attachments.not_sent'));
  }

  // A good file afterwards is uploaded: the one upload request is for it, none for the others.
  const uploaded = page.waitForResponse((r) => new URL(r.url()).pathname.startsWith('/api/v2/uploads') && r.request().method() === 'POST');
  await page.getByLabel(t(L, 'new_ticket.attachments.choose'), { exact: true }).setInputFiles({
    name: 'comprovante.png',
    mimeType: 'image/png',
    buffer: PNG_1PX,
  });
  expect((await uploaded).status()).toBe(201);
  await expect(fileList(page).getByRole('listitem').filter({ hasText: 'comprovante.png' })).toContainText(
    t(L, 'new_ticket.attachments.state.uploaded'),
  );
  expect(uploads).toHaveLength(1);
  expect(uploads[0]).toContain('comprovante.png');
  expect(uploads.join(' ')).not.toMatch(/malware|planilhas/);
});

test('files dropped on the drop zone are checked and uploaded like chosen ones', async ({ page, context }) => {
  await loginByApi(context, env.carla);
  const uploads = watchUploads(page);
  await openForm(page);

  // The zone is the box around the "choose files" button.
  const zone = page.locator('button').filter({ hasText: exact(t(L, 'new_ticket.attachments.choose')) }).locator('..');
  const dataTransfer = await page.evaluateHandle((png: number[]) => {
    const dt = new DataTransfer();
    dt.items.add(new File([new Uint8Array(png)], 'arrastada.png', { type: 'image/png' }));
    dt.items.add(new File(['MZ fake'], 'virus.exe', { type: 'application/octet-stream' }));
    return dt;
  }, [...PNG_1PX]);
  const uploaded = page.waitForResponse((r) => new URL(r.url()).pathname.startsWith('/api/v2/uploads') && r.request().method() === 'POST');
  await zone.dispatchEvent('dragenter', { dataTransfer });
  await zone.dispatchEvent('dragover', { dataTransfer });
  await zone.dispatchEvent('drop', { dataTransfer });
  expect((await uploaded).status()).toBe(201);

  await expect(fileList(page).getByRole('listitem').filter({ hasText: 'arrastada.png' })).toContainText(
    t(L, 'new_ticket.attachments.state.uploaded'),
  );
  await expect(fileList(page).getByRole('listitem').filter({ hasText: 'virus.exe' }).getByRole('alert')).toContainText('virus.exe');
  expect(uploads).toHaveLength(1);
  expect(uploads[0]).toContain('arrastada.png');
});
