/**
 * What the operator API answers, as the page reads it: each type taken from the route's own type
 * through `hc`, so a changed answer is a type error here rather than a blank on the page.
 */
import type { InferRequestType, InferResponseType } from 'hono/client';
import type { api } from './client';

type FeaturesAnswer = InferResponseType<typeof api.features.$get, 200>;
/** Each feature on or off. */
export type FeatureSwitches = FeaturesAnswer['features'];
/** Why and since when the sidebar is read-only; null while HighLevel lets the token write. */
export type ReadOnly = FeaturesAnswer['readOnly'];
export type FeatureState = { features: FeatureSwitches; readOnly: ReadOnly };

export type HighLevelConnection = InferResponseType<typeof api.highlevel.status.$get, 200>;
export type SecretsView = InferResponseType<typeof api.secrets.$get, 200>;
export type SecretState = SecretsView['secrets'][number];
export type SecretName = SecretState['name'];

export type ConnectionTestResult = InferResponseType<(typeof api)['connection-test']['$post'], 200>;
export type ConnectionStep = ConnectionTestResult['steps'][number];

export type OutboxWrite = InferResponseType<typeof api.writes.$get, 200>['writes'][number];

export type Rules = InferResponseType<typeof api.automations.rules.$get, 200>['rules'];
export type RuleName = keyof Rules;
export type AutomationRun = InferResponseType<typeof api.automations.runs.$get, 200>['runs'][number];

/** The JSON export's answer (the CSV export answers text). */
export type AuditAnswer = Exclude<InferResponseType<typeof api.audit.$get, 200>, string>;
export type AuditEntry = AuditAnswer['entries'][number];
export type AuditQuery = NonNullable<InferRequestType<typeof api.audit.$get>['query']>;

export type LogLevelState = InferResponseType<(typeof api)['log-level']['$get'], 200>;
export type LogLevel = LogLevelState['level'];
