/**
 * What the agent may see and do, as the launch page says it: the features the operator turned
 * off, and `write` among them when HighLevel's token is read-only (then nothing is changed from
 * the sidebar).
 */
import { signal } from '@preact/signals';
import { featuresMetaName, readOnlyMarker, type FeatureName } from '../shared/features';

export interface Access {
  off: ReadonlySet<FeatureName | typeof readOnlyMarker | string>;
  readOnly: boolean;
}

/** Everything on until the page says otherwise. */
export const access = signal<Access>({ off: new Set(), readOnly: false });

/** Reads what the page says. */
export function takeAccess(document: Document): Access {
  const off = new Set(document.querySelector<HTMLMetaElement>(`meta[name="${featuresMetaName}"]`)?.content.split(','));
  return { off, readOnly: off.has(readOnlyMarker) };
}
