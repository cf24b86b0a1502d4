import { describe, expect, test } from 'vitest';
import { checkFiles, DEFAULT_POLICY, extensionOf, formatSize, policyFromConfig, refusalText, RULES } from './policy';
import messages from './messages';
import { fill } from '../../i18n/locale';

const MB = 1024 * 1024;
const f = (name: string, size = 100) => ({ name, size });

describe('policyFromConfig', () => {
  test('reads the portal config shape', () => {
    const p = policyFromConfig({
      portal: { attachments: { allowed_extensions: ['PNG', '.pdf'], max_files: 3, max_total_mb: 10 } },
    });
    expect(p).toEqual({ allowedExtensions: ['png', 'pdf'], maxFiles: 3, maxTotalBytes: 10 * MB, maxFileBytes: 10 * MB });
  });
  test('bytes win over MB; a per-file limit never exceeds the total', () => {
    const p = policyFromConfig({ portal: { attachments: { max_total_bytes: 1000, max_total_mb: 99, max_file_bytes: 5000 } } });
    expect(p.maxTotalBytes).toBe(1000);
    expect(p.maxFileBytes).toBe(1000);
  });
  test('missing, empty or odd answers fall back to the documented defaults', () => {
    expect(policyFromConfig(undefined)).toEqual(DEFAULT_POLICY);
    expect(policyFromConfig({ error: 'RecordNotFound' })).toEqual(DEFAULT_POLICY);
    expect(policyFromConfig({ portal: { attachments: { allowed_extensions: [], max_files: -1, max_total_mb: 'x' } } }))
      .toEqual(DEFAULT_POLICY);
    expect(DEFAULT_POLICY.allowedExtensions).toEqual(
      ['png', 'jpg', 'jpeg', 'gif', 'tiff', 'tif', 'pdf', 'xls', 'xlsx', 'csv', 'doc', 'docx']);
    expect(DEFAULT_POLICY.maxFiles).toBe(5);
    expect(DEFAULT_POLICY.maxTotalBytes).toBe(20 * MB);
  });
});

test('extensionOf', () => {
  expect(extensionOf('Relatório.Final.PDF')).toBe('pdf');
  expect(extensionOf('C:\\fotos\\tela.png')).toBe('png');
  expect(extensionOf('.bashrc')).toBe('');
  expect(extensionOf('README')).toBe('');
  expect(extensionOf('trailing.')).toBe('');
});

describe('checkFiles', () => {
  const rules = (kept: { name: string; size: number }[], incoming: { name: string; size: number }[]) =>
    checkFiles(kept, incoming, DEFAULT_POLICY).map((v) => v.rule ?? 'ok');

  test('extension allowed, case-insensitive', () => {
    expect(rules([], [f('a.PNG'), f('b.exe'), f('c'), f('d.docx'), f('e.pdf.exe')]))
      .toEqual(['ok', 'FileTypeNotAllowed', 'FileTypeNotAllowed', 'ok', 'FileTypeNotAllowed']);
  });
  test('empty files', () => {
    expect(rules([], [f('a.png', 0)])).toEqual(['EmptyFile']);
  });
  test('count includes files already chosen; refused ones do not count', () => {
    const kept = [f('1.png'), f('2.png'), f('3.png')];
    expect(rules(kept, [f('x.exe'), f('4.png'), f('5.png'), f('6.png')])).toEqual(['FileTypeNotAllowed', 'ok', 'ok', 'TooManyFiles']);
  });
  test('total size, and a single file over the limit', () => {
    expect(rules([f('a.pdf', 15 * MB)], [f('b.pdf', 6 * MB), f('c.pdf', 5 * MB)])).toEqual(['TotalSizeExceeded', 'ok']);
    expect(rules([], [f('big.pdf', 20 * MB + 1)])).toEqual(['TotalSizeExceeded']);
    expect(rules([], [f('exact.pdf', 20 * MB)])).toEqual(['ok']);
  });
  test('a name with nothing usable', () => {
    expect(rules([], [f('...'), f('\u0001')])).toEqual(['InvalidFileName', 'InvalidFileName']);
  });
});

describe('refusalText', () => {
  for (const locale of ['pt-BR', 'es', 'en'] as const) {
    const t = (k: string, v?: Record<string, string | number>) => fill(messages[locale][k] ?? k, v);
    test(`${locale}: every rule has words naming the file`, () => {
      for (const rule of RULES) {
        const s = refusalText(t, rule, 'virus.exe', DEFAULT_POLICY, 'server words');
        expect(s).toContain('virus.exe');
        expect(s).not.toContain('{');
        expect(s).not.toContain('new_ticket.');
      }
      expect(refusalText(t, 'FileTypeNotAllowed', 'x.exe', DEFAULT_POLICY)).toContain('png, jpg, jpeg');
      expect(refusalText(t, 'TooManyFiles', 'x.png', DEFAULT_POLICY)).toContain('5');
      expect(refusalText(t, 'TotalSizeExceeded', 'x.png', DEFAULT_POLICY)).toContain('20');
    });
  }
  test("an unknown rule shows the server's description, else a generic line", () => {
    const t = (k: string, v?: Record<string, string | number>) => fill(messages.en[k] ?? k, v);
    expect(refusalText(t, 'SomethingNew', 'a.png', DEFAULT_POLICY, "File 'a.png' is odd")).toBe("File 'a.png' is odd");
    expect(refusalText(t, undefined, 'a.png', DEFAULT_POLICY)).toBe('The file "a.png" was refused.');
  });
});

test('formatSize', () => {
  expect(formatSize(500, 'en')).toBe('500 B');
  expect(formatSize(1536, 'en')).toBe('1.5 KB');
  expect(formatSize(1536, 'pt-BR')).toBe('1,5 KB');
  expect(formatSize(200 * 1024, 'en')).toBe('200 KB');
  expect(formatSize(3.25 * MB, 'en')).toBe('3.3 MB');
});
