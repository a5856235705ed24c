/**
 * The inbox worker over the in-memory inbox: one subject's events in arrival order, one at a time,
 * subjects in parallel; a failed event tried again after a backoff, holding its subject's later
 * events behind it, and given up after its attempts; events of types the product does not use
 * done without a call; and a stop in the middle of an event leaves it for the next start.
 * Time is fake and moved by hand.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { callsFor, createInboxWorker, type EventTargets, type InboxWorkerSettings } from '../../../server/domain/events';
import type { Logger } from '../../../server/platform/log';
import type { NewInboxEvent } from '../../../server/store/port';
import { createMemoryInbox } from './fakes';

beforeEach(() => {
  vi.useFakeTimers({ now: new Date('2026-03-02T09:00:00Z'), toFake: ['setTimeout', 'clearTimeout', 'setImmediate', 'Date'] });
});
afterEach(() => {
  vi.useRealTimers();
});

type Line = { level: string; message: string; fields: unknown };

function recordingLog(lines: Line[]): Logger {
  const write = (level: string) => (message: string, fields?: unknown) => void lines.push({ level, message, fields });
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error'), enabled: () => true };
}

/** Targets that log every call as it begins and ends; `gate(line)` holds a call until released, `fail(line, n)` fails it n times. */
function scriptedTargets() {
  const log: string[] = [];
  const gates = new Map<string, { promise: Promise<void>; release: () => void }>();
  const failures = new Map<string, number>();
  async function run(line: string): Promise<void> {
    log.push(`start ${line}`);
    await gates.get(line)?.promise;
    const left = failures.get(line) ?? 0;
    if (left > 0) {
      failures.set(line, left - 1);
      log.push(`fail ${line}`);
      throw new Error(`HighLevel is down (${line})`);
    }
    log.push(`end ${line}`);
  }
  const targets: EventTargets = {
    contactChanged: (contactId, part) => run(`${contactId} ${part}`),
    contactDeleted: (contactId) => run(`${contactId} deleted`),
    ticketActivity: (ticketId) => run(`ticket ${ticketId}`),
  };
  return {
    targets,
    log,
    gate(line: string): () => void {
      let release = () => undefined as void;
      const promise = new Promise<void>((resolve) => {
        release = resolve;
      });
      gates.set(line, { promise, release });
      return release;
    },
    fail(line: string, times: number): void {
      failures.set(line, times);
    },
  };
}

let eventNumber = 0;
function highLevelEvent(type: string, contactId: string): NewInboxEvent {
  eventNumber += 1;
  return { source: 'highlevel', eventId: `wh${eventNumber}`, type, subject: `contact:${contactId}`, payload: '{}', occurredAt: Date.now() };
}

function setUp(settings: Partial<InboxWorkerSettings> = {}, inbox = createMemoryInbox()) {
  const script = scriptedTargets();
  const lines: Line[] = [];
  // random() = 0 makes each backoff exactly half its ceiling: 500 ms, then 1000 ms, …
  const worker = createInboxWorker({ inbox, targets: script.targets, log: recordingLog(lines), settings: { pollMs: 100, ...settings }, random: () => 0 });
  return { inbox, worker, script, lines };
}

const states = (inbox: ReturnType<typeof createMemoryInbox>) => inbox.all().map((event) => `${event.type} ${event.subject} ${event.state} ${event.attempts}`);

describe('order', () => {
  it("processes one contact's events one at a time in arrival order, while another contact's go alongside", async () => {
    const { inbox, worker, script } = setUp();
    inbox.add(highLevelEvent('ContactUpdate', 'anna'));
    inbox.add(highLevelEvent('TaskCreate', 'anna'));
    inbox.add(highLevelEvent('NoteCreate', 'ben'));
    const release = script.gate('anna contact');
    worker.start();
    await vi.advanceTimersByTimeAsync(500);
    expect(script.log).toEqual(['start anna contact', 'start ben notes', 'end ben notes']);

    release();
    await vi.advanceTimersByTimeAsync(10);
    expect(script.log).toEqual(['start anna contact', 'start ben notes', 'end ben notes', 'end anna contact', 'start anna tasks', 'end anna tasks']);
    expect(states(inbox)).toEqual(['ContactUpdate contact:anna done 0', 'TaskCreate contact:anna done 0', 'NoteCreate contact:ben done 0']);
    await worker.close();
  });

  it('takes an event stored while it runs at once when nudged, and by itself within the poll interval', async () => {
    const { inbox, worker, script } = setUp({ pollMs: 1000 });
    worker.start();
    await vi.advanceTimersByTimeAsync(10);
    inbox.add(highLevelEvent('ContactCreate', 'anna'));
    worker.nudge();
    await vi.advanceTimersByTimeAsync(1);
    expect(script.log).toEqual(['start anna contact', 'end anna contact']);

    inbox.add(highLevelEvent('ContactDelete', 'ben'));
    await vi.advanceTimersByTimeAsync(1000);
    expect(script.log.slice(2)).toEqual(['start ben deleted', 'end ben deleted']);
    await worker.close();
  });
});

describe('failures', () => {
  it('tries a failed event again after a growing backoff, its contact\'s later events waiting behind it', async () => {
    const { inbox, worker, script, lines } = setUp({ baseMs: 1000, maxAttempts: 5 });
    script.fail('anna tasks', 2);
    inbox.add(highLevelEvent('TaskComplete', 'anna'));
    inbox.add(highLevelEvent('NoteCreate', 'anna'));
    worker.start();
    await vi.advanceTimersByTimeAsync(1);
    expect(script.log).toEqual(['start anna tasks', 'fail anna tasks']);
    expect(states(inbox)).toEqual(['TaskComplete contact:anna pending 1', 'NoteCreate contact:anna pending 0']);

    await vi.advanceTimersByTimeAsync(450);
    expect(script.log).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(100);
    expect(script.log.slice(2)).toEqual(['start anna tasks', 'fail anna tasks']);

    await vi.advanceTimersByTimeAsync(1100);
    expect(script.log.slice(4)).toEqual(['start anna tasks', 'end anna tasks', 'start anna notes', 'end anna notes']);
    expect(states(inbox)).toEqual(['TaskComplete contact:anna done 2', 'NoteCreate contact:anna done 0']);
    expect(lines.filter((line) => line.message === 'event processing failed, will retry').map((line) => (line.fields as { retryInMs: number }).retryInMs)).toEqual([500, 1000]);
    await worker.close();
  });

  it('gives an event up after its attempts, logs a warning, and goes on with the contact\'s next one', async () => {
    const { inbox, worker, script, lines } = setUp({ baseMs: 100, maxAttempts: 3 });
    script.fail('anna appointments', 10);
    inbox.add(highLevelEvent('AppointmentUpdate', 'anna'));
    inbox.add(highLevelEvent('ContactTagUpdate', 'anna'));
    worker.start();
    await vi.advanceTimersByTimeAsync(2000);
    expect(script.log.filter((line) => line === 'start anna appointments')).toHaveLength(3);
    expect(script.log.slice(-2)).toEqual(['start anna contact', 'end anna contact']);
    expect(states(inbox)).toEqual(['AppointmentUpdate contact:anna failed 3', 'ContactTagUpdate contact:anna done 0']);
    expect(inbox.all()[0]?.error).toBe('HighLevel is down (anna appointments)');
    expect(lines.filter((line) => line.level === 'warn').map((line) => line.message)).toEqual(['event given up after repeated failures']);
    await worker.close();
  });
});

describe('what an event leads to', () => {
  it('maps each HighLevel and Trengo type to its call, and marks types the product does not use done without one', async () => {
    const { inbox, worker, script } = setUp();
    inbox.add(highLevelEvent('OpportunityCreate', 'anna'));
    inbox.add({ source: 'trengo', eventId: 't1', type: 'TICKET_CLOSED', subject: 'ticket:101', payload: '{}', occurredAt: null });
    inbox.add({ source: 'trengo', eventId: 't2', type: 'INBOUND', subject: 'ticket:101', payload: '{}', occurredAt: null });
    worker.start();
    await vi.advanceTimersByTimeAsync(10);
    expect(script.log).toEqual(['start ticket 101', 'end ticket 101']);
    expect(inbox.all().map((event) => event.state)).toEqual(['done', 'done', 'done']);
    await worker.close();
  });

  it('names the call of every type it knows', () => {
    const lines: string[] = [];
    const targets: EventTargets = {
      contactChanged: async (id, part) => void lines.push(`changed ${id} ${part}`),
      contactDeleted: async (id) => void lines.push(`deleted ${id}`),
      ticketActivity: async (id) => void lines.push(`ticket ${id}`),
    };
    const cases: Array<[NewInboxEvent['source'], string, string]> = [
      ['highlevel', 'ContactCreate', 'contact:c1'],
      ['highlevel', 'ContactDndUpdate', 'contact:c1'],
      ['highlevel', 'ContactDelete', 'contact:c1'],
      ['highlevel', 'TaskDelete', 'contact:c1'],
      ['highlevel', 'NoteUpdate', 'contact:c1'],
      ['highlevel', 'AppointmentDelete', 'contact:c1'],
      ['highlevel', 'Workflow', 'contact:c2'],
      ['highlevel', 'ContactUpdate', 'location:loc1'],
      ['trengo', 'TICKET_CREATED', 'ticket:7'],
      ['trengo', 'INBOUND', 'trengo:INBOUND'],
    ];
    for (const [source, type, subject] of cases) for (const call of callsFor({ source, type, subject })) void call(targets);
    expect(lines).toEqual([
      'changed c1 contact',
      'changed c1 contact',
      'deleted c1',
      'changed c1 tasks',
      'changed c1 notes',
      'changed c1 appointments',
      'changed c2 contact',
      'changed c2 tasks',
      'changed c2 notes',
      'changed c2 appointments',
      'ticket 7',
    ]);
  });
});

describe('stopping and starting', () => {
  it('leaves an event a stop interrupted pending, and the next start processes it', async () => {
    const first = setUp({ stopWithinMs: 200 });
    first.inbox.add(highLevelEvent('ContactUpdate', 'anna'));
    const release = first.script.gate('anna contact');
    first.worker.start();
    await vi.advanceTimersByTimeAsync(10);
    const stopped = first.worker.close();
    await vi.advanceTimersByTimeAsync(200);
    await stopped;
    release();
    await vi.advanceTimersByTimeAsync(10);
    expect(first.script.log).toEqual(['start anna contact', 'end anna contact']);
    expect(states(first.inbox)).toEqual(['ContactUpdate contact:anna pending 0']);
    expect(first.lines.filter((line) => line.level === 'warn').map((line) => line.message)).toEqual([
      'stopped while events were being processed; they stay pending for the next start',
    ]);

    const second = setUp({}, first.inbox);
    second.worker.start();
    await vi.advanceTimersByTimeAsync(10);
    expect(second.script.log).toEqual(['start anna contact', 'end anna contact']);
    expect(states(second.inbox)).toEqual(['ContactUpdate contact:anna done 0']);
    await second.worker.close();
  });

  it('waits for an event under way when it ends within the stop time, and stores its outcome', async () => {
    const { inbox, worker, script } = setUp({ stopWithinMs: 1000 });
    inbox.add(highLevelEvent('ContactUpdate', 'anna'));
    inbox.add(highLevelEvent('NoteCreate', 'anna'));
    const release = script.gate('anna contact');
    worker.start();
    await vi.advanceTimersByTimeAsync(10);
    const stopped = worker.close();
    await vi.advanceTimersByTimeAsync(100);
    release();
    await vi.advanceTimersByTimeAsync(10);
    await stopped;
    expect(states(inbox)).toEqual(['ContactUpdate contact:anna done 0', 'NoteCreate contact:anna pending 0']);
    expect(script.log).toEqual(['start anna contact', 'end anna contact']);
  });
});
