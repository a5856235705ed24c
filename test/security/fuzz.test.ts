/**
 * Generated malformed requests across every route: wrong methods, bad JSON, wrong types, huge
 * strings, unicode, hostile ids and garbage credentials. The server must answer each without a
 * 5xx, in the one JSON error shape (the launch and demo pages answer HTML, /assets serves
 * files), keep running, and never send HighLevel or Trengo anything but its named operations.
 * The generator is seeded: FUZZ_SEED=<n> replays a run.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoContacts, demoTasks, demoTickets } from '../../sandbox/seed';
import { apiErrorSchema } from '../../shared/api';
import { startStack, type Stack } from '../support/stack';
import { jsonOf, rawRequest, type RawAnswer } from './raw-http';
import { highLevelSignature, highLevelSigningKey, trengoSignature } from '../support/webhooks';

const requestCount = 1200;
const seed = Number(process.env.FUZZ_SEED ?? 20_261_126);

let stack: Stack;
let sessions: string[];
/** Webhook credentials of the fuzzed server, so that some deliveries pass their signature check and reach the parsing. */
const webhookKey = highLevelSigningKey();
const workflowSecret = 'fuzz-workflow-secret-0123456789';
const trengoSecret = 'fuzz-trengo-secret-0123456789';

beforeAll(async () => {
  stack = await startStack(
    {
      SESSION_RATE_LIMIT: '100000',
      GHL_RATE_LIMIT_MAX: '10000',
      GHL_TIMEOUT_MS: '2000',
      GHL_WEBHOOK_PUBLIC_KEY: webhookKey.publicKey,
      GHL_WEBHOOK_SECRET: workflowSecret,
      TRENGO_WEBHOOK_SECRET: trengoSecret,
    },
    { ghl: { rateLimit: { max: 10_000, intervalMs: 10_000 } }, trengo: { rateLimit: { max: 100_000, intervalMs: 60_000 } } },
  );
  sessions = await Promise.all([demoTickets.matched, demoTickets.multiple, demoTickets.notFound].map((id) => stack.launch(id)));
});
afterAll(() => stack.close());

/** mulberry32: a small deterministic generator, so a failing run can be replayed. */
function generator(start: number) {
  let state = start >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  const int = (below: number) => Math.floor(next() * below);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
  return { next, int, pick, chance: (p: number) => next() < p };
}

type Random = ReturnType<typeof generator>;

/** Every route, as method, path with `{id}` where an id goes, and the body it expects. */
const routes: { method: string; path: string; body?: (r: Random) => unknown }[] = [
  { method: 'GET', path: '/?ticket_id={ticket}&auth_token={secret}' },
  { method: 'GET', path: '/healthz' },
  { method: 'GET', path: '/readyz' },
  { method: 'GET', path: '/demo/tickets/{ticket}' },
  { method: 'GET', path: '/assets/{id}' },
  { method: 'GET', path: '/api/contact' },
  { method: 'PUT', path: '/api/contact/choice', body: (r) => ({ contactId: id(r) }) },
  { method: 'PUT', path: '/api/contact/link', body: (r) => ({ contactId: id(r) }) },
  { method: 'DELETE', path: '/api/contact/link' },
  { method: 'POST', path: '/api/contact', body: (r) => ({ firstName: text(r), email: text(r), phone: text(r) }) },
  { method: 'PATCH', path: '/api/contact', body: (r) => ({ lastName: text(r) }) },
  { method: 'GET', path: '/api/contacts/search?q={text}' },
  { method: 'POST', path: '/api/tasks', body: (r) => ({ title: text(r), dueDate: r.pick(['2030-01-01T09:00:00Z', text(r)]) }) },
  { method: 'PATCH', path: '/api/tasks/{id}', body: (r) => ({ title: text(r) }) },
  { method: 'PUT', path: '/api/tasks/{id}/completed', body: (r) => ({ completed: r.pick([true, false, 'yes', 1, null]) }) },
  { method: 'DELETE', path: '/api/tasks/{id}' },
  { method: 'POST', path: '/api/tags', body: (r) => ({ tags: [text(r), text(r)] }) },
  { method: 'DELETE', path: '/api/tags', body: (r) => ({ tags: [text(r)] }) },
  { method: 'POST', path: '/api/notes', body: (r) => ({ body: text(r) }) },
  { method: 'GET', path: '/api/business' },
  { method: 'GET', path: '/api/writes' },
  { method: 'POST', path: '/api/writes/{id}/retry' },
  { method: 'DELETE', path: '/api/writes/{id}' },
  { method: 'GET', path: '/operator/audit?format={text}&contactId={id}&from={text}' },
  {
    method: 'POST',
    path: '/webhooks/highlevel',
    body: (r) => ({
      type: r.pick(['ContactUpdate', 'ContactDelete', 'TaskCreate', 'AppointmentCreate', text(r)]),
      webhookId: r.pick([text(r), 'wh-1']),
      timestamp: r.pick([new Date().toISOString(), text(r), Date.now(), 0, null]),
      locationId: r.pick([stack.config.ghl.locationId, text(r)]),
      id: id(r),
      contactId: r.pick([id(r), 42, null]),
      contact_id: id(r),
      location: r.pick([{ id: stack.config.ghl.locationId }, text(r), null]),
      appointment: r.pick([{ contactId: id(r) }, text(r)]),
    }),
  },
  { method: 'POST', path: '/webhooks/trengo?type={text}', body: (r) => ({ ticket_id: r.pick([id(r), '1001', 5]), message: text(r) }) },
];

const methods = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD', 'TRACE', 'PROPFIND'];

/** Ids: real ones, and ones that try to leave their path segment or break decoding. */
function id(r: Random): string {
  return r.pick([
    demoContacts.mariaJansen,
    demoContacts.liamChen,
    demoTasks.overdue,
    'tK5hJ2kL9zX4cV8bN1mQ',
    '..',
    '../../contacts/x',
    '..%2F..%2Fcontacts%2Fx',
    '%2e%2e%2f',
    '%',
    '%zz',
    '%C0%AF',
    '%00',
    'a%3Fb%3Dc',
    'a%23b',
    '',
    '%20',
    'x'.repeat(r.int(3000)),
    encodeURIComponent('ｉｄ😀'),
    encodeURIComponent('<script>alert(1)</script>'),
    encodeURIComponent("' OR '1'='1"),
    `${encodeURIComponent('\u202e\u0000')}%ED%A0%80`,
    String(r.int(1e9)),
  ]);
}

/** Text values of every awkward kind, some far over the limits. */
function text(r: Random): string {
  return r.pick([
    '',
    '   ',
    'Call back tomorrow',
    'x'.repeat(r.int(20_000)),
    '😀'.repeat(r.int(500)),
    '\u0000\u0001\u001f',
    'مرحبا بالعالم \u202e',
    '<img src=x onerror=alert(1)>',
    '{{constructor.constructor("alert(1)")()}}',
    '${process.env.GHL_TOKEN}',
    '../../etc/passwd',
    '\ud800\udfff\ud800',
    'a,b,<c>',
    'not-an-email@',
    '+1 (415) 555-0134',
    'null',
  ]);
}

/** A body for a route: often the right shape with bad values, else any kind of garbage. */
function bodyFor(r: Random, route: (typeof routes)[number]): string | undefined {
  const shapes: (() => string | undefined)[] = [
    () => undefined,
    () => JSON.stringify(route.body?.(r) ?? {}),
    () => '{',
    () => '{"a":',
    () => 'null',
    () => r.pick(['42', '"text"', 'true', '[]', '[1,2]', '{"__proto__":{"admin":true}}', '{"constructor":{"prototype":{"admin":true}}}']),
    () => JSON.stringify({ ...((route.body?.(r) as object) ?? {}), extra: text(r), contactId: demoContacts.liamChen }),
    () => '['.repeat(5000) + ']'.repeat(5000),
    () => JSON.stringify({ body: 'x'.repeat(70_000 + r.int(30_000)) }),
    () => Buffer.from(Array.from({ length: r.int(2000) }, () => r.int(256))).toString('latin1'),
    () => 'a=1&b=2',
  ];
  return r.pick(shapes)();
}

function authorizationFor(r: Random, path: string): string | undefined {
  if (path.startsWith('/operator') && r.chance(0.5)) return `Bearer ${stack.config.operatorSecret ?? ''}`;
  if (r.chance(0.5)) return `Bearer ${r.pick(sessions)}`;
  return r.pick([
    undefined,
    `Bearer ${r.pick(sessions)}`,
    `Bearer ${r.pick(sessions)}`,
    `Bearer ${r.pick(sessions)}`,
    'Bearer ',
    'Bearer garbage.garbage',
    `Bearer ${'a'.repeat(r.int(4000))}.${'b'.repeat(20)}`,
    `Basic ${Buffer.from('admin:admin').toString('base64')}`,
    path.startsWith('/operator') ? `Bearer ${stack.config.operatorSecret ?? ''}` : `Bearer ${r.pick(sessions)}x`,
    `Bearer ${r.pick(sessions).split('.')[0]}.`,
  ]);
}

/** Signature headers for a webhook delivery: often right for the body, else wrong, stale or garbage. */
function webhookHeaders(r: Random, body: string): Record<string, string> {
  const now = Math.floor(Date.now() / 1000);
  return r.pick<Record<string, string>>([
    {},
    { 'X-GHL-Signature': highLevelSignature(body, webhookKey.privateKey) },
    { 'X-GHL-Signature': r.pick(['', 'AAAA', '%%%', 'x'.repeat(r.int(3000))]) },
    { 'X-WH-Signature': r.pick(['', 'AAAA', highLevelSignature(body, webhookKey.privateKey)]) },
    { 'X-Webhook-Secret': r.pick([workflowSecret, '', 'wrong', workflowSecret.toUpperCase()]) },
    { 'Trengo-Signature': trengoSignature(body, trengoSecret, r.pick([now, now - 3600, now + 3600, 0])) },
    { 'Trengo-Signature': r.pick(['', ';', `${now};`, `${now};${'0'.repeat(64)}`, `-1;${'a'.repeat(64)}`, '9'.repeat(40)]) },
  ]);
}

type Sent = { method: string; path: string; answer: RawAnswer };

async function send(r: Random): Promise<Sent> {
  const route = r.pick(routes);
  const method = r.chance(0.65) ? route.method : r.pick(methods);
  let path = route.path
    .replaceAll('{id}', () => id(r))
    .replaceAll('{text}', () => encodeURIComponent(text(r).slice(0, 1500).replace(/[\ud800-\udfff]/g, '\ufffd')))
    .replace('{ticket}', () => r.pick([demoTickets.matched, '999999', '../1001', '%', encodeURIComponent('１')]))
    .replace('{secret}', () => r.pick(['wrong', '', stack.config.trengo.appSecret, '%']));
  if (r.chance(0.15)) path += `${path.includes('?') ? '&' : '?'}${r.pick(['auth_token=%', 'x[]=1&x[]=2', 'q', '__proto__[a]=1', `pad=${'p'.repeat(r.int(3000))}`])}`;
  if (r.chance(0.05)) path = r.pick(['//api/contact', '/api/./contact', '/API/CONTACT', '/api/contact/', '/api/contact;x', '*']) ;
  const body = ['GET', 'HEAD'].includes(method) && r.chance(0.8) ? undefined : bodyFor(r, route);
  const authorization = authorizationFor(r, path);
  const headers: Record<string, string> = {
    ...(authorization !== undefined && { Authorization: authorization }),
    ...(r.chance(0.8) && { 'Content-Type': r.pick(['application/json', 'application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'garbage']) }),
    ...(r.chance(0.3) && { 'X-Request-Id': r.pick(['ok-id-1', 'bad id', 'x'.repeat(500), '\u00e9t\u00e9'].map((value) => encodeURIComponent(value))) }),
    ...(r.chance(0.2) && { 'Idempotency-Key': r.pick(['key-1', 'bad key!', 'k'.repeat(300)]) }),
    ...(path.startsWith('/webhooks/') && webhookHeaders(r, body ?? '')),
  };
  const answer = await rawRequest(stack.url, { method, path, headers, ...(body !== undefined && { body }) });
  return { method, path, answer };
}

/** Routes whose answers are pages or files, not the JSON API. */
const answersHtmlOrFiles = (path: string) => path === '/' || path.startsWith('/?') || path.startsWith('/demo') || path.startsWith('/assets/');

describe('fuzzing every route', () => {
  it(`answers ${requestCount} malformed requests without a 5xx, each in the one error shape`, async () => {
    const r = generator(seed);
    const problems: string[] = [];
    const histogram = new Map<number, number>();
    const concurrency = 16;
    let sent = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (sent < requestCount) {
          sent += 1;
          const { method, path, answer } = await send(r);
          histogram.set(answer.status, (histogram.get(answer.status) ?? 0) + 1);
          const where = `${method} ${path.slice(0, 120)} → ${answer.status}`;
          if (answer.status >= 500) problems.push(`${where}: ${answer.text.slice(0, 200)}`);
          if (answersHtmlOrFiles(path) || method === 'HEAD') continue;
          const body = jsonOf(answer);
          if (answer.status >= 400 && !apiErrorSchema.safeParse(body).success) problems.push(`${where}: not the error shape: ${answer.text.slice(0, 120)}`);
          if (answer.status < 400 && body === undefined) problems.push(`${where}: not JSON`);
        }
      }),
    );
    const statuses = [...histogram.entries()].sort(([a], [b]) => a - b).map(([status, count]) => `${status}×${count}`).join(' ');
    console.info(`fuzz (seed ${seed}): ${sent} requests; ${statuses}`);
    expect(problems.join("\n")).toBe("");
    expect(sent).toBeGreaterThanOrEqual(1000);
  }, 60_000);

  it('leaves the server running and sent HighLevel and Trengo only named operations', async () => {
    expect((await fetch(`${stack.url}/healthz`)).status).toBe(200);
    expect((await stack.api(sessions[0]!, '/contact')).status).toBe(200);
    const ghlPath = /^\/contacts\/(?:search(?:\/duplicate)?|business\/[A-Za-z0-9]{1,64}|[A-Za-z0-9]{1,64}(?:\/(?:tasks(?:\/[A-Za-z0-9]{1,64}(?:\/completed)?)?|notes(?:\/[A-Za-z0-9]{1,64})?|appointments|tags))?)?\/?$/;
    const strayHighLevel = stack.ghl.calls.filter((call) => !ghlPath.test(call.path)).map((call) => `${call.method} ${call.path}`);
    const strayTrengo = stack.trengo.calls.filter((call) => !/^\/api\/v2\/tickets(?:\/\d{1,20})?$/.test(call.path)).map((call) => `${call.method} ${call.path}`);
    expect(strayHighLevel).toEqual([]);
    expect(strayTrengo).toEqual([]);
    expect(stack.ghl.calls.length).toBeGreaterThan(0);
  });
});
