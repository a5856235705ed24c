/**
 * Changes the sidebar shows before HighLevel has confirmed them: the read-only lists mark them,
 * the editing UI makes them. A module that imports nothing of the widget, so both can use it.
 */
import type { MatchedView } from '../shared/api';

/** Marks the id of a record that exists only in the sidebar until HighLevel has made it. */
export const unsavedIdPrefix = 'unsaved-';

/** Changes HighLevel has not confirmed yet, laid over the server's view of the contact. */
export type Unconfirmed = (view: MatchedView) => MatchedView;
