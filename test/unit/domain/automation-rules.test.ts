/** The welcome ticket's templates and conditions: what renders, what is refused, what is escaped. */
import { describe, expect, it } from 'vitest';
import { contactOfEvent, render, ruleSchemas, templateProblem, unmetCondition, type Conditions, type EventContact } from '../../../server/domain/automations/rules';

const ada: EventContact = {
  id: 'c1',
  firstName: 'Ada',
  lastName: null,
  name: 'Ada',
  email: 'ada@example.com',
  phone: null,
  companyName: 'Lovelace & <Sons>',
  tags: ['VIP'],
  custom: { BcdmQEsNgz6AVpgLVUJ0: 'Gold', 'Preferred shop': 'North' },
};

describe('templates', () => {
  it('fill the contact fields; a missing one is empty, never undefined', () => {
    expect(render('Hi {{firstName}} {{ lastName }}!', ada, 'text')).toBe('Hi Ada !');
    expect(render('{{custom.BcdmQEsNgz6AVpgLVUJ0}} / {{custom.Preferred shop}} / {{custom.nothing}}', ada, 'text')).toBe('Gold / North / ');
    expect(render('{{phone}}', ada, 'text')).not.toContain('undefined');
  });

  it('escape for email HTML, line breaks as <br>; a subject is one plain line', () => {
    expect(render('Dear {{firstName}} of {{companyName}}\n<b>welcome</b>', ada, 'html')).toBe('Dear Ada of Lovelace &amp; &lt;Sons&gt;<br>&lt;b&gt;welcome&lt;/b&gt;');
    expect(render('Welcome,\n  {{companyName}}', ada, 'line')).toBe('Welcome, Lovelace & <Sons>');
  });

  it('are refused when broken or naming an unknown field', () => {
    expect(templateProblem('Hi {{firstName}}')).toBeNull();
    expect(templateProblem('Hi {{firstName')).toMatch(/without its/);
    expect(templateProblem('Hi firstName}}')).toMatch(/without its/);
    expect(templateProblem('Hi {{first_name}}')).toMatch(/\{\{first_name\}\}/);
    const parsed = ruleSchemas.welcomeTicket.safeParse({ enabled: true, channelId: 301, subject: 'x {{nope}}', message: 'ok', delivery: 'customer' });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path).toEqual(['subject']);
  });
});

describe('conditions', () => {
  it('check email or phone and tags present or absent', () => {
    const base: Conditions = { requires: 'emailOrPhone', tagsPresent: [], tagsAbsent: [] };
    expect(unmetCondition(base, ada)).toBeNull();
    expect(unmetCondition({ ...base, requires: 'phone' }, ada)).toMatch(/no phone/);
    expect(unmetCondition(base, { ...ada, email: null })).toMatch(/neither/);
    expect(unmetCondition({ ...base, tagsPresent: ['vip'] }, ada)).toBeNull();
    expect(unmetCondition({ ...base, tagsAbsent: ['VIP'] }, ada)).toMatch(/has the tag/);
    expect(unmetCondition({ ...base, tagsPresent: ['lead'] }, ada)).toMatch(/lacks the tag/);
  });
});

describe('the contact of an event', () => {
  it('reads a ContactCreate and a Workflow webhook, custom fields by id and by name', () => {
    const created = contactOfEvent('ContactCreate', JSON.stringify({ type: 'ContactCreate', id: 'abc123', firstName: 'Jo', email: 'jo@example.com', customFields: [{ id: 'f1', value: 'Gold' }], tags: ['a'] }));
    expect(created).toMatchObject({ id: 'abc123', firstName: 'Jo', name: 'Jo', custom: { f1: 'Gold' }, tags: ['a'] });
    const workflow = contactOfEvent('Workflow', JSON.stringify({ contact_id: 'abc124', first_name: 'Kim', phone: '+14155550100', tags: 'x, y', 'Preferred shop': 'North', location: { id: 'l' } }));
    expect(workflow).toMatchObject({ id: 'abc124', firstName: 'Kim', phone: '+14155550100', tags: ['x', 'y'], custom: { 'Preferred shop': 'North' } });
    expect(contactOfEvent('ContactCreate', '{"id":"bad id!"}')).toBeNull();
  });
});
