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

  function current(): Features {
    return { ...allFeatures, ...parse(featuresSetting, storedFeaturesSchema) };
  }

  function readOnly(): ReadOnly | null {
    const marked = parse(readOnlySetting, readOnlySchema);
    return marked && now() - marked.since < readOnlyForMs ? marked : null;
  }

  return {
    current,
    /** Turns features on or off; answers them all as they now are. */
    change(changes: Partial<Features>): Features {
      const next = { ...current(), ...changes };
      settings.put(featuresSetting, JSON.stringify(next));
      return next;
    },
    readOnly,
    /** HighLevel refused a write for the token's scope. */
    markReadOnly(detail: string): void {
      settings.put(readOnlySetting, JSON.stringify({ since: now(), detail }));
    },
    clearReadOnly(): void {
      settings.put(readOnlySetting, 'null');
    },
    /** The features turned off, and `readOnly` when writes are, as the launch page says them. */
    turnedOff(): FeatureName[] {
      const features = current();
      return featureNames.filter((name) => !features[name]);
    },
  };
}

export type FeatureSettings = ReturnType<typeof createFeatures>;
