/** Every part of the signed-in page, loaded together; a passing connection test may end the read-only mode, so the features read again after it. */
import { createModel } from '@preact/signals';
import { FailedRunsModel, RulesModel } from './automations';
import { AuditModel } from './audit';
import { HighLevelModel, SecretsModel } from './connect';
import { ConnectionTestModel } from './connection-test';
import { FeaturesModel } from './features';
import { LogLevelModel } from './log-level';
import { OutboxModel } from './outbox';

export const SettingsModel = createModel(() => {
  const highLevel = new HighLevelModel();
  const secrets = new SecretsModel();
  const features = new FeaturesModel();
  const connectionTest = new ConnectionTestModel(() => {
    void features.load();
    void highLevel.load();
  });
  const outbox = new OutboxModel();
  const rules = new RulesModel();
  const failedRuns = new FailedRunsModel();
  const audit = new AuditModel();
  const logLevel = new LogLevelModel();

  return {
    highLevel,
    secrets,
    connectionTest,
    features,
    outbox,
    rules,
    failedRuns,
    audit,
    logLevel,
    async loadAll(): Promise<void> {
      await Promise.all([highLevel.load(), secrets.load(), features.load(), outbox.load(), rules.load(), failedRuns.load(), audit.show(), logLevel.load()]);
    },
  };
});

export type SettingsModel = InstanceType<typeof SettingsModel>;
