/** The outbox of every agent: changes waiting for HighLevel or refused by it, sent again or discarded by the operator. */
import { createModel, signal } from '@preact/signals';
import { api, failureMessage, read } from '../client';
import type { OutboxWrite } from '../contract';
import { loadInto, type Loaded } from '../load-state';

export const OutboxModel = createModel(() => {
  const writes = signal<Loaded<OutboxWrite[]>>({ kind: 'loading' });
  /** The change being sent again or discarded right now. */
  const working = signal<string | null>(null);
  /** The change whose discard waits for the operator's yes. */
  const confirming = signal<string | null>(null);
  /** What the last retry or discard did, for the live region. */
  const status = signal('');

  const load = () => loadInto(writes, async () => (await read(api.writes.$get({ query: {} }))).writes);

  async function act(write: OutboxWrite, sending: () => Promise<{ write: { state: string; reason: string | null } }>, said: (state: string, reason: string | null) => string): Promise<void> {
    if (working.peek() !== null) return;
    working.value = write.id;
    confirming.value = null;
    try {
      const answer = await sending();
      status.value = said(answer.write.state, answer.write.reason);
    } catch (error) {
      status.value = `${write.summary}: ${failureMessage(error)}`;
    } finally {
      working.value = null;
    }
    await load();
  }

  return {
    writes,
    working,
    confirming,
    status,
    load,
    retry: (write: OutboxWrite) =>
      act(
        write,
        () => read(api.writes[':writeId'].retry.$post({ param: { writeId: write.id } })),
        (state, reason) =>
          state === 'done' ? `Sent to HighLevel: ${write.summary}.` : state === 'pending' ? `Still waiting: ${write.summary}.${reason ? ` ${reason}` : ''}` : `Refused again: ${write.summary}.${reason ? ` ${reason}` : ''}`,
      ),
    askDiscard(write: OutboxWrite): void {
      confirming.value = write.id;
    },
    keep(): void {
      confirming.value = null;
    },
    discard: (write: OutboxWrite) =>
      act(write, () => read(api.writes[':writeId'].discard.$post({ param: { writeId: write.id } })), () => `Discarded, never to be sent: ${write.summary}.`),
  };
});

export type OutboxModel = InstanceType<typeof OutboxModel>;
