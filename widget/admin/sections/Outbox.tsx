import { useEffect, useRef } from 'preact/hooks';
import type { OutboxWrite } from '../contract';
import { Confirm } from '../components/Confirm';
import { LoadedView } from '../components/LoadedView';
import { Panel } from '../components/Panel';
import type { OutboxModel } from '../model/outbox';
import { formatTime } from '../time';

const stateWords: Record<OutboxWrite['state'], string> = { pending: 'Waiting', failed: 'Failed', done: 'Sent' };

export function OutboxSection({ outbox }: { outbox: OutboxModel }) {
  const heading = useRef<HTMLHeadingElement>(null);
  /** After a retry or discard, the row may be gone with the focus in it: the heading takes it then. */
  const settle = async (write: OutboxWrite, acting: Promise<void>) => {
    await acting;
    const writes = outbox.writes.peek();
    if (writes.kind !== 'loaded' || !writes.value.some((listed) => listed.id === write.id)) heading.current?.focus();
  };
  return (
    <Panel id="outbox" title="Outbox" headingRef={heading} intro="Agents’ changes from every ticket that wait for HighLevel or that HighLevel refused.">
      <div class="buttons">
        <button type="button" class="button" onClick={() => void outbox.load()}>
          Refresh the outbox
        </button>
      </div>
      <p class="status" role="status">
        {outbox.status.value}
      </p>
      <LoadedView state={outbox.writes.value} what="the outbox" retry={outbox.load}>
        {(writes) =>
          writes.length === 0 ? (
            <p class="empty">Nothing waiting.</p>
          ) : (
            <ul class="rows">
              {writes.map((write) => (
                <WriteRow
                  key={write.id}
                  write={write}
                  outbox={outbox}
                  onRetry={() => void settle(write, outbox.retry(write))}
                  onDiscard={() => void settle(write, outbox.discard(write))}
                />
              ))}
            </ul>
          )
        }
      </LoadedView>
    </Panel>
  );
}

function WriteRow({ write, outbox, onRetry, onDiscard }: { write: OutboxWrite; outbox: OutboxModel; onRetry: () => void; onDiscard: () => void }) {
  const confirming = outbox.confirming.value === write.id;
  const busy = outbox.working.value === write.id;
  const discardButton = useRef<HTMLButtonElement>(null);
  const wasConfirming = useRef(false);
  // Kept after all: the focus goes back to the Discard button it came from.
  useEffect(() => {
    if (wasConfirming.current && !confirming && discardButton.current?.isConnected) discardButton.current.focus();
    wasConfirming.current = confirming;
  }, [confirming]);
  return (
    <li class={`row row-${write.state}`}>
      <h3 class="row-title">{write.summary}</h3>
      <dl class="facts">
        <div>
          <dt>Ticket</dt>
          <dd>{write.ticketId}</dd>
        </div>
        <div>
          <dt>State</dt>
          <dd>
            <span class={`badge badge-${write.state}`}>{stateWords[write.state]}</span>
          </dd>
        </div>
        <div>
          <dt>Reason</dt>
          <dd>{write.reason ?? 'None given'}</dd>
        </div>
        <div>
          <dt>When</dt>
          <dd>
            <time dateTime={write.createdAt}>{formatTime(write.createdAt)}</time>
          </dd>
        </div>
      </dl>
      {confirming ? (
        <Confirm question={`Discard “${write.summary}”? It will never be sent to HighLevel.`} yes="Discard it" no="Keep it" onYes={onDiscard} onNo={outbox.keep} />
      ) : (
        <div class="buttons">
          <button type="button" class="button button-primary" aria-disabled={busy} onClick={onRetry}>
            {busy ? 'Sending…' : 'Retry'}
            <span class="visually-hidden"> {write.summary}</span>
          </button>
          <button type="button" class="button" ref={discardButton} aria-disabled={busy} onClick={() => outbox.askDiscard(write)}>
            Discard
            <span class="visually-hidden"> {write.summary}</span>
          </button>
        </div>
      )}
    </li>
  );
}
