/**
 * The read copy under a failing or slow HighLevel: how many contacts agents opened before still
 * render when HighLevel is down, how fast, and how long the first useful content takes when
 * HighLevel answers every call in 5 s, for a contact seen before and one never seen.
 */
import type { Sandboxes } from '../../sandbox/index';
import { demoTickets } from '../../sandbox/seed';
import { addCustomers } from '../faults/customers';
import { startStack } from '../support/stack';

const percentile = (values: number[], share: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * share))] ?? NaN;

export async function readCopyBench(): Promise<void> {
  // No cache time: every open tries HighLevel first, so the copy is measured as the stand-in it is.
  const stack = await startStack({ CACHE_TTL_SECONDS: '0', GHL_RATE_LIMIT_MAX: '10000', SESSION_RATE_LIMIT: '100000' }, {
    ghl: { rateLimit: { max: 10_000, intervalMs: 10_000 } },
    trengo: { rateLimit: { max: 100_000, intervalMs: 60_000 } },
  });
  try {
    const sandboxes = { ghl: stack.ghl, trengo: stack.trengo, seed: stack.seed } as Sandboxes;
    const customers = addCustomers(sandboxes, 40, 0).known;
    const sessions = await Promise.all(customers.map((customer) => stack.launch(customer.ticketId)));
    for (const session of sessions) await stack.api(session, '/contact');

    stack.ghl.faults.down = true;
    const downTimes: number[] = [];
    let rendered = 0;
    for (const session of sessions) {
      const started = performance.now();
      const answer = await stack.api(session, '/contact');
      downTimes.push(performance.now() - started);
      if (answer.status === 200 && (answer.body as { status?: string }).status === 'matched') rendered += 1;
    }
    stack.ghl.faults.down = false;
    console.log('\nRead copy, HighLevel down (dropped connections), contacts opened before:');
    console.log(
      `  rendered ${rendered}/${sessions.length} (${((rendered / sessions.length) * 100).toFixed(0)}%, goal 100%); ` +
        `answer p50 ${percentile(downTimes, 0.5).toFixed(0)} ms, p95 ${percentile(downTimes, 0.95).toFixed(0)} ms`,
    );

    stack.ghl.faults.latencyMs = 5000;
    const seen = sessions[0]!;
    const neverSeen = await stack.launch(demoTickets.phoneMatch);
    const timed = async (session: string) => {
      const started = performance.now();
      const answer = await stack.api(session, '/contact');
      return { ms: performance.now() - started, status: answer.status };
    };
    const [before, never] = await Promise.all([timed(seen), timed(neverSeen)]);
    stack.ghl.faults.latencyMs = 0;
    console.log('Read copy, HighLevel answering every call in 5 s, time to first useful content:');
    console.log(`  contact seen before   ${before.ms.toFixed(0)} ms (HTTP ${before.status}, from the copy after OPEN_COPY_AFTER_MS)`);
    console.log(`  contact never seen    ${never.ms.toFixed(0)} ms (HTTP ${never.status}; a search, then the reads: two 5 s round trips against OPEN_ANSWER_MS 10 s)`);
  } finally {
    await stack.close();
  }
}
