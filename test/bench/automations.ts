/**
 * Automations: the time from a signed HighLevel ContactCreate reaching the server to the welcome
 * ticket existing in Trengo (the sandbox, answering in `latencyMs`), one event after the other,
 * p50 and p95 over 50 events, with Trengo's 120 calls a minute kept.
 */
import { highLevelSignature, highLevelSigningKey } from '../support/webhooks';
import { startStack } from '../support/stack';

const percentile = (values: number[], share: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * share))] ?? NaN;

export async function automationsBench(latencyMs = 0, events = 50): Promise<void> {
  const key = highLevelSigningKey();
  const stack = await startStack({ GHL_WEBHOOK_PUBLIC_KEY: key.publicKey });
  try {
    stack.trengo.faults.latencyMs = latencyMs;
    const rule = await fetch(`${stack.url}/operator/automations/rules/welcomeTicket`, {
      method: 'PUT',
      headers: { Authorization: `Bearer ${stack.config.operatorSecret}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ enabled: true, channelId: 301, subject: 'Welcome, {{firstName}}', message: 'Hi {{firstName}}, welcome!', delivery: 'customer' }),
    });
    if (rule.status !== 200) throw new Error(`The welcome rule was refused: ${rule.status}`);
    const times: number[] = [];
    for (let n = 0; n < events; n++) {
      const email = `bench${n}@welcome.example`;
      const body = JSON.stringify({
        type: 'ContactCreate',
        locationId: stack.seed.location.id,
        webhookId: `bench-welcome-${n}`,
        timestamp: new Date().toISOString(),
        id: `benchWelcome${n}`,
        firstName: `Bench${n}`,
        email,
      });
      const started = performance.now();
      const answer = await fetch(`${stack.url}/webhooks/highlevel`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-GHL-Signature': highLevelSignature(body, key.privateKey) },
        body,
      });
      if (answer.status !== 200) throw new Error(`The webhook was refused: ${answer.status}`);
      const deadline = Date.now() + 30_000;
      while (!stack.trengo.store.listTickets().some((ticket) => ticket.contact.email === email)) {
        if (Date.now() > deadline) throw new Error(`No welcome ticket for ${email} within 30 s`);
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
      times.push(performance.now() - started);
    }
    const rateLimited = stack.trengo.calls.filter((call) => call.status === 429).length;
    console.log(`\nAutomations: HighLevel ContactCreate webhook to the welcome ticket in Trengo (sandbox answering in ${latencyMs} ms), ${events} events one after the other:`);
    console.log(`  p50 ${percentile(times, 0.5).toFixed(0)} ms, p95 ${percentile(times, 0.95).toFixed(0)} ms, max ${Math.max(...times).toFixed(0)} ms; Trengo calls ${stack.trengo.calls.length}, 429s ${rateLimited}`);
  } finally {
    await stack.close();
  }
}
