/** Starts the server: live with configuration, or the complete local demo without it. */
import { createApp } from './http/app';
import { ConfigError, loadConfig } from './platform/config';
import { startHttpServer } from './platform/http-server';
import { createLogger, createRedactor, logOutsideCalls } from './platform/log';
import { createProbes } from './http/probes';
import { createSecretRotation, createSecrets, secretsFromConfig } from './platform/secrets';
import { StoreInUseError } from './store/port';
import { pageSecretNames } from './domain/stored-secrets';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
  // The demo and its sandboxes load only when asked for: a start with credentials never loads a fake.
  const demo = config.demo ? await (await import('../sandbox/demo/start')).startDemo(config) : null;
  // The demo's Trengo sandbox sends its events to this server, which registers itself at start.
  const appConfig =
    demo && demo.config.webhooks.publicUrl === null && config.port !== 0
      ? { ...demo.config, webhooks: { ...demo.config.webhooks, publicUrl: `http://127.0.0.1:${config.port}` } }
      : (demo?.config ?? config);
  const secrets = createSecrets(secretsFromConfig(appConfig), [appConfig.operatorSecret]);
  const log = createLogger({ level: config.logLevel, redact: createRedactor(() => secrets.known()) });
  let app;
  try {
    app = createApp(appConfig, { ...demo?.appOptions, secrets, log });
  } catch (error) {
    if (!(error instanceof StoreInUseError)) throw error;
    console.error(error.message);
    await demo?.close();
    process.exit(1);
  }
  // SIGHUP and changes to SECRETS_FILE bring new secrets; tokens are tried before they are used.
  const stopRotation = createSecretRotation({
    secrets,
    file: config.secretsFile,
    probes: createProbes(appConfig, {
      onGhlCall: logOutsideCalls(log, 'highlevel', () => undefined),
      onTrengoCall: logOutsideCalls(log, 'trengo', () => undefined),
    }),
    log,
  }).start();
  const server = startHttpServer(app.fetch, { port: config.port, hostname: config.host, requestTimeoutMs: config.requestTimeoutMs }, (info) => {
    const address = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${info.port}`;
    if (demo) {
      demo.listening(`http://127.0.0.1:${info.port}`);
      console.log(`Demo running: open ${address}/demo to see a Trengo ticket with the HighLevel sidebar.`);
      console.log('HighLevel and Trengo are local sandboxes with demo data; set the variables in the README to connect the real ones.');
      console.log(`Settings page: open ${address}/admin and sign in with the operator secret ${demo.config.operatorSecret}`);
    } else {
      log.info(`listening on ${address}: add ${address}/ as a custom app URL in Trengo`, { address });
      const unset = pageSecretNames.filter((name) => secrets.get(name) === '' && (name !== 'GHL_TOKEN' || !appConfig.ghl.oauth));
      if (unset.length > 0) log.warn(`not set up yet: open ${address}/admin, sign in with OPERATOR_SECRET and set ${unset.join(', ')} under Connect`, { unset });
    }
  });
  const stop = async () => {
    stopRotation();
    server.close();
    await app.close();
    await demo?.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

await main();
