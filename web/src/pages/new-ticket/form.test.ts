import { describe, expect, test } from 'vitest';
import { addCcs, afterCreate, EMPTY_FORM, isEmail, mapServerErrors, MAX_CCS, requestBody, splitEmails, validate } from './form';

test('isEmail', () => {
  for (const ok of ['a@b.co', 'joao.silva+x@empresa.com.br', 'ana@sub.dominio.org']) expect(isEmail(ok), ok).toBe(true);
  for (const bad of ['', 'a', 'a@', '@b.com', 'a@b', 'a b@c.com', 'a@b..com', 'a@b.c', 'a,b@c.com'])
    expect(isEmail(bad), bad).toBe(false);
});

test('splitEmails takes commas, semicolons, spaces and <brackets>', () => {
  expect(splitEmails(' a@x.com, b@y.com;c@z.com\n <d@w.com> ,, ')).toEqual(['a@x.com', 'b@y.com', 'c@z.com', 'd@w.com']);
});

describe('addCcs', () => {
  test('adds valid ones, keeps invalid apart, skips repeats and the requester', () => {
    const r = addCcs(['a@x.com'], 'A@x.com b@y.com nope me@own.com b@y.com', 'ME@own.com');
    expect(r.ccs).toEqual(['a@x.com', 'b@y.com']);
    expect(r.invalid).toEqual(['nope']);
    expect(r.duplicates).toEqual(['A@x.com', 'me@own.com', 'b@y.com']);
  });
  test(`at most ${MAX_CCS}`, () => {
    const many = Array.from({ length: MAX_CCS - 1 }, (_, i) => `u${i}@x.com`);
    const r = addCcs(many, 'last@x.com extra@x.com');
    expect(r.ccs).toHaveLength(MAX_CCS);
    expect(r.overLimit).toEqual(['extra@x.com']);
  });
});

describe('validate', () => {
  test('subject and description are required; leftovers in the CC input count', () => {
    const v = validate({ ...EMPTY_FORM, ccInput: 'ok@x.com bad' });
    expect(Object.keys(v.errors).sort()).toEqual(['ccs', 'description', 'subject']);
    expect(v.errors.ccs).toEqual({ key: 'new_ticket.cc.invalid', vars: { emails: 'bad' } });
  });
  test('a full form passes and takes the typed CCs', () => {
    const v = validate({ ...EMPTY_FORM, subject: 'S', description: 'D', ccs: ['a@x.com'], ccInput: 'b@x.com' });
    expect(v.errors).toEqual({});
    expect(v.ccs).toEqual(['a@x.com', 'b@x.com']);
  });
  test('blank-only text is not text', () => {
    expect(validate({ ...EMPTY_FORM, subject: '   ', description: '\n' }).errors.subject).toBeTruthy();
  });
});

test('requestBody: fields, CCs, upload token', () => {
  const s = { ...EMPTY_FORM, subject: ' Erro ', description: 'Texto', platform: ' Web 3.2 ', topic: 'topic_reports', impact: 'impact_partial' };
  expect(requestBody(s, ['c@x.com'], 'TOK')).toEqual({
    request: {
      subject: 'Erro',
      comment: { body: 'Texto', uploads: ['TOK'] },
      email_ccs: [{ user_email: 'c@x.com' }],
      custom_fields: [
        { id: 100, value: 'Web 3.2' },
        { id: 101, value: 'topic_reports' },
        { id: 102, value: 'impact_partial' },
      ],
    },
  });
  const bare = requestBody({ ...EMPTY_FORM, subject: 'S', description: 'D' }, []);
  expect(bare.request).toEqual({ subject: 'S', comment: { body: 'D' }, custom_fields: [] });
});

test("mapServerErrors puts the server's 422 on the form's fields", () => {
  const m = mapServerErrors({
    comment: [{ error: 'BlankValue', description: 'Comment: cannot be blank' }],
    collaborators: [{ error: 'InvalidValue', description: "Email: 'x' is not a valid e-mail address" }],
    custom_fields: [{ error: 'InvalidValue', description: "Topic: is not one of the field's options (field 101)" }],
    uploads: [{ error: 'InvalidValue', description: "Upload token 'T' is unknown" }],
    priority: [{ error: 'InvalidValue', description: 'Priority: bad' }],
  });
  expect(m.fields).toEqual({
    description: { text: 'Comment: cannot be blank' },
    ccs: { text: "Email: 'x' is not a valid e-mail address" },
    topic: { text: "Topic: is not one of the field's options (field 101)" },
    attachments: { text: "Upload token 'T' is unknown" },
  });
  expect(m.other).toEqual(['Priority: bad']);
  expect(mapServerErrors({ custom_fields: [{ description: 'Impact (field 102)' }] }).fields.impact).toBeTruthy();
  expect(mapServerErrors({ custom_fields: [{ description: 'no id' }] }).other).toEqual(['no id']);
});

test('afterCreate: the new ticket, or the case it joined', () => {
  expect(afterCreate({ id: 15, chamado_merged_into: null })).toBe('/tickets/15?created=15');
  expect(afterCreate({ id: 16, chamado_merged_into: 3 })).toBe('/tickets/3?merged_from=16');
});
