/**
 * What agents may see and do in the sidebar, as the operator sets it: each feature on unless
 * turned off. The launch page names the features turned off and whether HighLevel's token is
 * read-only, so the first screen shows only what it may without waiting for anything.
 */
import type { WriteKind } from './actions';

export const featureNames = ['tasks', 'notes', 'appointments', 'tags', 'editContact', 'createContact', 'searchAndLink', 'sameCompany'] as const;
export type FeatureName = (typeof featureNames)[number];
export type Features = Record<FeatureName, boolean>;

/** Every feature on: the default. */
export const allFeatures: Features = {
  tasks: true,
  notes: true,
  appointments: true,
  tags: true,
  editContact: true,
  createContact: true,
  searchAndLink: true,
  sameCompany: true,
};

/** The feature a write belongs to. */
export function featureOfWrite(kind: WriteKind): FeatureName {
  switch (kind) {
    case 'createTask':
    case 'updateTask':
    case 'completeTask':
    case 'deleteTask':
      return 'tasks';
    case 'createNote':
      return 'notes';
    case 'addTags':
    case 'removeTags':
      return 'tags';
    case 'updateContact':
      return 'editContact';
    case 'createContact':
      return 'createContact';
  }
}

/** Name of the meta tag the launch page lists what is off in: the features, and `write` when HighLevel's token is read-only. */
export const featuresMetaName = 'widget-off';
export const readOnlyMarker = 'write';
