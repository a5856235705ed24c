/**
 * Exactly once under faults: lost answers after HighLevel stored a write, stores that land after
 * the server gave up, connections reset before HighLevel saw anything, and the server killed
 * with SIGKILL mid-write and started again on the same database. Per seed it prints the counts:
 * accepted, landed once, duplicated, lost, final state equal to the last change, faults injected.
 *
 * FAULT_SEEDS (a count, or seeds separated by commas), FAULT_WRITES (changes per seed) and
 * FAULT_KILLS (kills per seed) size the run; FAULT_SHARES changes the shares of the faults, e.g.
 * `dropAnswer=0.1,lateStore=0.1,reset=0.08` (all 0 with FAULT_KILLS=0 checks the counting itself).
 */
import { describe, expect, it } from 'vitest';
import type { FaultShares } from './proxy';
import type { Finding } from './tally';
import { byCause, byKind } from './tally';
import { countsLine, runFaults } from './run';

const seedsSetting = process.env.FAULT_SEEDS ?? '3';
const seeds = seedsSetting.includes(',')
  ? seedsSetting.split(',').map(Number)
  : Array.from({ length: Number(seedsSetting) }, (_, index) => index + 1);
const changes = Number(process.env.FAULT_WRITES ?? '520');
const kills = Number(process.env.FAULT_KILLS ?? '3');
const shares: FaultShares = { dropAnswer: 0.1, lateStore: 0.1, reset: 0.08 };
for (const setting of (process.env.FAULT_SHARES ?? '').split(',').filter(Boolean)) {
  const [kind, share] = setting.split('=');
  if (kind !== 'dropAnswer' && kind !== 'lateStore' && kind !== 'reset') throw new Error(`FAULT_SHARES: no fault named ${kind}`);
  shares[kind] = Number(share);
}

/** Up to three findings, one per line, for the printed report. */
function examples(findings: Finding[]): string {
  return findings
    .slice(0, 3)
    .map((finding) => `\n      ${finding.change.kind} ${JSON.stringify(finding.change.value)}: ${finding.detail} [${finding.cause}]`)
    .join('');
}

describe('every accepted change reaches HighLevel exactly once, whatever the faults', () => {
  for (const seed of seeds) {
    it(`seed ${seed}: ${changes} changes, lost answers ${shares.dropAnswer}, late stores ${shares.lateStore}, resets ${shares.reset}, ${kills} kills`, async () => {
      const report = await runFaults({
        seed,
        changes,
        kills,
        shares,
        customers: 16,
        ghlTimeoutMs: 400,
        drainMs: 30_000,
      });
      const t = report.tally;
      console.log(
        [
          countsLine(report),
          `  refused 422: ${t.refused.map((change) => `${change.kind} ${change.key} (${change.error})`).join(', ') || 'none'}; other answers: ${t.other.map((change) => `${change.status ?? 'none'} ${change.kind} ${change.key} resends ${change.resends} (${change.error})`).join(', ') || 'none'}`,
          `  duplicated by fault: ${byCause(t.duplicated)}; by change: ${byKind(t.duplicated)}${examples(t.duplicated)}`,
          `  lost by fault: ${byCause(t.lost)}; by change: ${byKind(t.lost)}${examples(t.lost)}`,
          `  failed after accepted: ${byCause(t.failedLater)}; by change: ${byKind(t.failedLater)}${examples(t.failedLater)}`,
          `  not the last change by fault: ${byCause(t.unequal)}; by change: ${byKind(t.unequal)}${examples(t.unequal)}`,
          `  edits HighLevel performed more than once (same value, harmless in order): ${t.editsRepeated}`,
        ].join('\n'),
      );

      expect(t.accepted, 'at least most changes are accepted').toBeGreaterThan(changes * 0.9);
      expect.soft(t.duplicated.map((finding) => `${finding.change.kind} ${finding.change.value}: ${finding.detail}`), 'duplicated').toEqual([]);
      expect.soft(t.lost.map((finding) => `${finding.change.kind} ${finding.change.value}: ${finding.detail}`), 'lost').toEqual([]);
      expect.soft(t.unequal.map((finding) => finding.detail), 'final state equal to the last change').toEqual([]);
      expect.soft(t.stillPending, 'still pending after HighLevel recovered').toBe(0);
    }, 180_000);
  }
});
