/**
 * What agents see and do, for the operator: `GET` answers each feature and whether the sidebar
 * is read-only (and why); `PUT` turns features on or off (`{ "tags": false }`) and may end the
 * read-only mode (`{ "readOnly": false }`). Each change is in the audit log. Open sidebars follow
 * on their next open.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { featureNames, type FeatureName } from '../../shared/features';
import type { FeatureSettings } from '../domain/features';
import { settingEntry, type AuditLog } from '../store/port';
import { valid } from './validation';

/** One optional switch per feature, typed by name so the settings page's `hc` client can send `{ tags: false }`. */
const featureSwitches = Object.fromEntries(featureNames.map((name) => [name, z.boolean({ error: `${name} must be true or false.` }).optional()])) as Record<FeatureName, z.ZodOptional<z.ZodBoolean>>;

const changeSchema = z
  .strictObject({
    ...featureSwitches,
    readOnly: z.literal(false, { error: 'readOnly can only be set to false: HighLevel decides when the token may not write.' }).optional(),
  })
  .refine((change) => Object.keys(change).length > 0, 'Name at least one feature, such as { "tags": false }.');

export function operatorFeatureRoutes(options: { features: FeatureSettings; audit: AuditLog }) {
  const { features, audit } = options;
  const state = () => ({ features: features.current(), readOnly: features.readOnly() });
  return new Hono()
    .get('/', (c) => c.json(state()))
    .put('/', valid('json', changeSchema), (c) => {
      const { readOnly, ...changes } = c.req.valid('json');
      const turned = Object.fromEntries(Object.entries(changes).filter((entry): entry is [string, boolean] => typeof entry[1] === 'boolean'));
      features.change(turned);
      if (readOnly === false) features.clearReadOnly();
      audit.record(settingEntry('features', { fields: c.req.valid('json'), result: 'done', detail: 'changed by the operator' }));
      return c.json(state());
    });
}
