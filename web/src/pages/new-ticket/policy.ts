// The attachment policy, checked in the browser before anything is uploaded (the server checks
// again: docs/attachments.md). Pure functions, unit-tested in policy.test.ts.

export interface AttachmentPolicy {
  allowedExtensions: string[]; // lower case, no dot
  maxFiles: number;
  maxTotalBytes: number;
  maxFileBytes: number;
}

const MiB = 1024 * 1024;

// docs/api.md "Attachments": what the server enforces when nothing else is configured.
export const DEFAULT_POLICY: AttachmentPolicy = {
  allowedExtensions: ['png', 'jpg', 'jpeg', 'gif', 'tiff', 'tif', 'pdf', 'xls', 'xlsx', 'csv', 'doc', 'docx'],
  maxFiles: 5,
  maxTotalBytes: 20 * MiB,
  maxFileBytes: 20 * MiB,
};

const posInt = (v: unknown): number | undefined =>
  typeof v === 'number' && Number.isFinite(v) && v > 0 ? Math.floor(v) : undefined;

// GET /api/v2/chamado/portal/config → {"portal":{"attachments":{allowed_extensions, max_files,
// max_total_mb | max_total_bytes, max_file_bytes | max_file_mb}}}; anything missing or odd
// falls back to the defaults.
export function policyFromConfig(body: unknown): AttachmentPolicy {
  const a = (body as { portal?: { attachments?: Record<string, unknown> } } | null)?.portal?.attachments;
  if (!a || typeof a !== 'object') return DEFAULT_POLICY;
  const exts = Array.isArray(a.allowed_extensions)
    ? a.allowed_extensions
        .filter((e): e is string => typeof e === 'string' && e.trim() !== '')
        .map((e) => e.trim().replace(/^\./, '').toLowerCase())
    : [];
  const total = posInt(a.max_total_bytes) ?? (posInt(a.max_total_mb) ? posInt(a.max_total_mb)! * MiB : undefined);
  const perFile = posInt(a.max_file_bytes) ?? (posInt(a.max_file_mb) ? posInt(a.max_file_mb)! * MiB : undefined);
  const maxTotalBytes = total ?? DEFAULT_POLICY.maxTotalBytes;
  return {
    allowedExtensions: exts.length ? exts : DEFAULT_POLICY.allowedExtensions,
    maxFiles: posInt(a.max_files) ?? DEFAULT_POLICY.maxFiles,
    maxTotalBytes,
    maxFileBytes: Math.min(perFile ?? maxTotalBytes, maxTotalBytes),
  };
}

// "Relatório.Final.PDF" → "pdf"; no extension → "".
export function extensionOf(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const dot = base.lastIndexOf('.');
  return dot > 0 && dot < base.length - 1 ? base.slice(dot + 1).toLowerCase() : '';
}

// The server's rule names (details.file[].error), used for both checks.
export type Rule =
  | 'FileTypeNotAllowed'
  | 'ContentTypeMismatch'
  | 'EmptyFile'
  | 'TooManyFiles'
  | 'TotalSizeExceeded'
  | 'InvalidFileName'
  | 'MalwareFound';

export const RULES: readonly Rule[] = [
  'FileTypeNotAllowed',
  'ContentTypeMismatch',
  'EmptyFile',
  'TooManyFiles',
  'TotalSizeExceeded',
  'InvalidFileName',
  'MalwareFound',
];

export interface FileLike {
  name: string;
  size: number;
}

export interface Verdict<F extends FileLike> {
  file: F;
  rule?: Rule; // undefined: accepted
}

// Checks the files being added after those already in the message (`kept`), in order: a file
// that passes counts toward the limits of the next ones.
export function checkFiles<F extends FileLike>(kept: readonly FileLike[], incoming: readonly F[],
                                               policy: AttachmentPolicy): Verdict<F>[] {
  let count = kept.length;
  let total = kept.reduce((s, f) => s + f.size, 0);
  return incoming.map((file) => {
    const ext = extensionOf(file.name);
    const name = file.name.replace(/[\u0000-\u001f\u007f]/g, '').trim();
    let rule: Rule | undefined;
    if (!name || name.replace(/\./g, '') === '') rule = 'InvalidFileName';
    else if (!ext || !policy.allowedExtensions.includes(ext)) rule = 'FileTypeNotAllowed';
    else if (file.size <= 0) rule = 'EmptyFile';
    else if (count + 1 > policy.maxFiles) rule = 'TooManyFiles';
    else if (file.size > policy.maxFileBytes || total + file.size > policy.maxTotalBytes) rule = 'TotalSizeExceeded';
    if (!rule) {
      count += 1;
      total += file.size;
    }
    return { file, rule };
  });
}

// The words for a refusal: the rule's translated text naming the file and the limits; a rule
// we do not know shows the server's own description.
export function refusalText(t: (key: string, vars?: Record<string, string | number>) => string, rule: string | undefined,
                            fileName: string, policy: AttachmentPolicy, serverDescription?: string): string {
  if (rule && (RULES as readonly string[]).includes(rule))
    return t(`new_ticket.rule.${rule}`, {
      file: fileName,
      types: policy.allowedExtensions.join(', '),
      max_files: policy.maxFiles,
      max_mb: mb(policy.maxTotalBytes),
      max_file_mb: mb(policy.maxFileBytes),
    });
  return serverDescription || t('new_ticket.rule.unknown', { file: fileName });
}

const mb = (bytes: number) => Math.round((bytes / MiB) * 10) / 10;

// 2048 → "2 KB", in the reader's number format.
export function formatSize(bytes: number, locale: string): string {
  const n = (v: number, digits: number) =>
    new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(v);
  if (bytes < 1024) return `${n(bytes, 0)} B`;
  if (bytes < MiB) return `${n(bytes / 1024, bytes < 10 * 1024 ? 1 : 0)} KB`;
  return `${n(bytes / MiB, 1)} MB`;
}
