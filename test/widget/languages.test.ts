/**
 * The sidebar's language and the refusals it says in it: the agent's pick, else the browser's
 * first language the sidebar speaks, else English; every refusal of the shared schemas in the
 * agent's language, never the schema's English and never a missing value.
 */
import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import {
  contactEditSchema,
  contactSearchSchema,
  newContactSchema,
  newNoteSchema,
  newTaskSchema,
  tagsSchema,
  taskEditSchema,
} from '../../shared/actions';
import { issueMessage, type CheckIssue } from '../../widget/editing/form';
import { text as de } from '../../widget/editing/messages/de';
import { text as en } from '../../widget/editing/messages/en';
import { text as es } from '../../widget/editing/messages/es';
import { text as fr } from '../../widget/editing/messages/fr';
import { text as nl } from '../../widget/editing/messages/nl';
import { pickLocale } from '../../widget/language';

describe('the language', () => {
  it("is the agent's pick, else the browser's first the sidebar speaks, in the browser's variant, else English", () => {
    expect(pickLocale(['de-AT', 'en-US'], null)).toEqual({ language: 'de', tag: 'de-AT' });
    expect(pickLocale(['pt-BR', 'fr-CA', 'fr'], null)).toEqual({ language: 'fr', tag: 'fr-CA' });
    expect(pickLocale(['pt-BR'], null)).toEqual({ language: 'en', tag: 'en' });
    expect(pickLocale([], null)).toEqual({ language: 'en', tag: 'en' });
    expect(pickLocale(['nl-BE', 'en-GB'], 'en')).toEqual({ language: 'en', tag: 'en-GB' });
    expect(pickLocale(['nl-BE'], 'es')).toEqual({ language: 'es', tag: 'es' });
  });
});

/** Input each form's schema refuses, one reason at a time, with the name its messages give the field. */
const refused: Array<{ schema: z.ZodMiniType; input: unknown; names?: Record<string, string> }> = [
  { schema: newTaskSchema, input: { title: '  ', dueDate: '2026-12-01T09:00:00Z' } },
  { schema: newTaskSchema, input: { title: 'x'.repeat(201), dueDate: '2026-12-01T09:00:00Z' } },
  { schema: newTaskSchema, input: { title: 'Call\u0007back', dueDate: '2026-12-01T09:00:00Z' } },
  { schema: newTaskSchema, input: { title: 'Call back', dueDate: 'tomorrow' } },
  { schema: newTaskSchema, input: { title: 'Call back', dueDate: '0202-12-01T09:00:00Z' } },
  { schema: newTaskSchema, input: { title: 'Call back', body: 'x'.repeat(5001), dueDate: '2026-12-01T09:00:00Z' } },
  { schema: taskEditSchema, input: {} },
  { schema: newNoteSchema, input: { body: ' ' }, names: { body: 'note' } },
  { schema: newNoteSchema, input: { body: 'x'.repeat(10_001) }, names: { body: 'note' } },
  { schema: tagsSchema, input: { tags: [] } },
  { schema: tagsSchema, input: { tags: ['a,b'] } },
  { schema: tagsSchema, input: { tags: [' '] } },
  { schema: tagsSchema, input: { tags: ['x'.repeat(65)] } },
  { schema: tagsSchema, input: { tags: Array.from({ length: 21 }, (_, index) => `tag ${index}`) } },
  { schema: newContactSchema, input: {} },
  { schema: newContactSchema, input: { email: 'not an address' } },
  { schema: newContactSchema, input: { phone: 'call me' } },
  { schema: newContactSchema, input: { firstName: 'x'.repeat(101) } },
  { schema: contactEditSchema, input: {} },
  { schema: contactSearchSchema, input: { q: 'a' } },
  { schema: contactSearchSchema, input: { q: 'x'.repeat(101) } },
];

const issuesOf = ({ schema, input, names }: (typeof refused)[number]) => {
  const result = schema.safeParse(input);
  if (result.success) throw new Error(`${JSON.stringify(input)} should be refused`);
  return result.error.issues.map((issue) => {
    const checked = issue as CheckIssue;
    const field = typeof checked.path[0] === 'string' ? checked.path[0] : 'form';
    const name = field === 'tags' && checked.path.length > 1 ? 'tag' : (names?.[field] ?? field);
    return { issue: checked, name };
  });
};

describe('refusals', () => {
  it('say every refusal of the shared schemas in English as the schemas do, with the field named', () => {
    const said = refused.flatMap((example) => issuesOf(example).map(({ issue, name }) => issueMessage(issue, name, en)));
    expect(said).toContain('Title is required.');
    expect(said).toContain('Note is required.');
    expect(said).toContain('A tag cannot hold commas, < or >.');
    expect(said).toContain('Enter a due date between 2000 and 2100.');
    expect(said).toContain('Type at least 2 characters.');
  });

  for (const [language, words] of Object.entries({ nl, de, fr, es })) {
    it(`say every refusal of the shared schemas in ${language}, with no English left and no missing value`, () => {
      for (const example of refused) {
        for (const { issue, name } of issuesOf(example)) {
          const said = issueMessage(issue, name, words);
          expect(said, JSON.stringify(example.input).slice(0, 60)).not.toBe(issueMessage(issue, name, en));
          expect(said).not.toMatch(/undefined|null|NaN/);
        }
      }
    });
  }
});
