/**
 * A welcome message whose answer was lost is looked for before it is sent again: found, it is
 * taken; not found while Trengo may still store it, the run waits; after that window, it goes
 * again once. A run killed mid-send is settled the same way at the next start.
 */
import { describe, expect, it } from 'vitest';
import { createRunActions } from '../../../server/domain/automations/actions';
import type { RunInput } from '../../../server/domain/automations/plans';
import type { HelpdeskAutomationPort, HelpdeskPort } from '../../../server/helpdesk/port';
import { OutsideError } from '../../../server/platform/outside-http';
import { createAutomationStore } from '../../../server/store/sqlite/automations';
import { openDatabase } from '../../../server/store/sqlite/database';
import { createFakeCrm, createMemoryStore } from './fakes';

type Sent = { id: string; ticketId: string; message: string };

/** Trengo as far as a welcome needs it; `loseNextAnswer` stores the next message and then times out. */
function fakeTrengo() {
  const sent: Sent[] = [];
  let loseNextAnswer = false;
  let storeLostOne = true;
  const helpdesk: HelpdeskAutomationPort & Pick<HelpdeskPort, 'getTicket'> = {
    listChannels: async () => [{ id: '301', name: 'Support email', type: 'EMAIL' }],
    contactOnChannel: async () => ({ id: '77' }),
    createTicket: async () => ({ id: '500' }),
    async sendMessage(message) {
      if (loseNextAnswer) {
        loseNextAnswer = false;
        if (storeLostOne) sent.push({ id: `m${sent.length + 1}`, ticketId: '500', message: message.message });
        throw new OutsideError({ system: 'trengo', kind: 'timeout', status: null, messages: ['no answer within 1000 ms'], operation: 'POST /messages' });
      }
      const record = { id: `m${sent.length + 1}`, ticketId: '500', message: message.message };
      sent.push(record);
      return { id: record.id, ticketId: record.ticketId };
    },
    postOnTicket: async () => ({ id: 'n1' }),
    ticketsOfContact: async () => [{ id: '500', channelId: '301', subject: 'Welcome', createdAt: null }],
    messagesOfTicket: async () => sent.map((message) => ({ id: message.id, message: message.message, internal: false })),
    labelsOfTicket: async () => [],
    getTicket: async () => ({ id: '500', subject: 'Welcome', customer: null }),
  };
  return {
    helpdesk,
    sent,
    /** The next message is stored (or, with `stored: false`, not) and its answer lost. */
    loseNextAnswer(stored = true) {
      loseNextAnswer = true;
      storeLostOne = stored;
    },
  };
}

const input: RunInput = {
  kind: 'welcome',
  contactId: 'ghl1',
  channelId: '301',
  name: 'Ada',
  email: 'ada@example.com',
  phone: null,
  subject: 'Welcome',
  message: 'Hi Ada',
  messageHtml: 'Hi Ada',
  delivery: 'customer',
};

function setUp() {
  let clock = 1_000_000;
  const trengo = fakeTrengo();
  const automations = createAutomationStore(openDatabase(':memory:'), () => clock);
  const links = createMemoryStore().links;
  const actions = createRunActions({
    helpdesk: trengo.helpdesk,
    crm: createFakeCrm().port,
    runs: automations.runs,
    links,
    crmContactOfTicket: async () => null,
    onContactCreated: () => undefined,
    trengoAppUrl: 'https://app.trengo.com',
    defaultCountry: 'US',
    lateWriteWindowMs: 4000,
    lookAfterMs: 1000,
    now: () => clock,
  });
  automations.runs.add({ id: 'welcomeTicket:ghl1', rule: 'welcomeTicket', event: 'test', subject: 'contact:ghl1', input: JSON.stringify(input) });
  const attempt = () => actions.attempt(automations.runs.get('welcomeTicket:ghl1')!);
  return { trengo, links, attempt, tick: (ms: number) => (clock += ms) };
}

describe('a welcome message whose answer was lost', () => {
  it('is found and taken, not sent again', async () => {
    const { trengo, links, attempt } = setUp();
    trengo.loseNextAnswer();
    expect((await attempt()).state).toBe('pending');
    const outcome = await attempt();
    expect(outcome).toMatchObject({ state: 'done' });
    expect(trengo.sent).toHaveLength(1);
    expect(links.get('trengo:77')).toBe('ghl1');
  });

  it('not found, waits out the window, then goes once more', async () => {
    const { trengo, attempt, tick } = setUp();
    trengo.loseNextAnswer(false);
    expect((await attempt()).state).toBe('pending');
    tick(1000);
    const waiting = await attempt();
    expect(waiting).toMatchObject({ state: 'pending', reason: expect.stringMatching(/looking for what it made/) });
    expect(trengo.sent).toHaveLength(0);
    tick(4000);
    expect((await attempt()).state).toBe('done');
    expect(trengo.sent).toHaveLength(1);
    expect((await attempt()).state).toBe('done');
    expect(trengo.sent).toHaveLength(1);
  });
});
