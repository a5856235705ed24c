/**
 * What agents may see and do, kept in the server's settings: the features the operator turned
 * off, and whether HighLevel's token turned out read-only. The latter is detected, not set: a
 * write HighLevel refuses for its scope (403) puts the sidebar in read-only mode for an hour (a
 * write after that finds out again), and a connection test whose write probe succeeds, or the
 * operator, ends it at once. The refused write itself is kept, to be sent once the token may write.
 */
import { z } from 'zod';
import { allFeatures, featureNames, type FeatureName, type Features } from '../../shared/features';
import type { ServerSettings } from '../store/port';

const featuresSetting = 'features';
const readOnlySetting = 'highlevel_read_only';

const storedFeaturesSchema = z.partialRecord(z.enum(featureNames), z.boolean());
const readOnlySchema = z.object({ since: z.number(), detail: z.string() });

export type ReadOnly = z.infer<typeof readOnlySchema>;

export function createFeatures(options: { settings: ServerSettings; now?: () => number; readOnlyForMs?: number }) {
  const { settings } = options;
  const now = options.now ?? Date.now;
  const readOnlyForMs = options.readOnlyForMs ?? 60 * 60_000;

  const parse = <T>(name: string, schema: z.ZodType<T>): T | null => {
    const stored = settings.get(name);
    if (stored === undefined) return null;
    try {
      const parsed = schema.safeParse(JSON.parse(stored));
      return parsed.success ? parsed.data : null;
    } catch {
      return null;
    }
  };

  // Read once and then held: every launch, write and search asks, and this process alone changes them (one sender per database).
  let features: Features = { ...allFeatures, ...parse(featuresSetting, storedFeaturesSchema) };
  let marked: ReadOnly | null = parse(readOnlySetting, readOnlySchema);

  const current = (): Features => features;

  function readOnly(): ReadOnly | null {
    return marked && now() - marked.since < readOnlyForMs ? marked : null;
  }

  return {
    current,
    /** Turns features on or off; answers them all as they now are. */
    change(changes: Partial<Features>): Features {
      features = { ...features, ...changes };
      settings.put(featuresSetting, JSON.stringify(features));
      return features;
    },
    readOnly,
    /** HighLevel refused a write for the token's scope. */
    markReadOnly(detail: string): void {
      marked = { since: now(), detail };
      settings.put(readOnlySetting, JSON.stringify(marked));
    },
    clearReadOnly(): void {
      if (marked === null) return;
      marked = null;
      settings.put(readOnlySetting, 'null');
    },
    /** The features turned off, and `readOnly` when writes are, as the launch page says them. */
    turnedOff(): FeatureName[] {
      return featureNames.filter((name) => !features[name]);
    },
  };
}

export type FeatureSettings = ReturnType<typeof createFeatures>;
