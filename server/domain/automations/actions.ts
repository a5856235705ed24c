/**
 * What each run does in Trengo and HighLevel, step by step, each step's result stored before the
 * next. A create whose attempt got no answer (a timeout, a dropped connection, the server killed
 * mid-call) may have been made, or may still be: before it is sent again it is looked for (the
 * contact's tickets and their messages, the contact's notes), at growing intervals, until the
 * late-write window has passed since that attempt began; found, it is taken; not found by then,
 * it is sent again. A message to a customer is therefore looked for before it is sent again.
 */
import { z } from 'zod';
import type { CountryCode } from 'libphonenumber-js';
import { toE164 } from '../../../shared/phone';
import type { CrmPort } from '../../crm/port';
import type { HelpdeskAutomationPort, HelpdeskChannel, HelpdeskPort } from '../../helpdesk/port';
import { OutsideError } from '../../platform/outside-http';
import { linkKey, type AutomationRun, type AutomationRuns, type Links } from '../../store/port';
import { runInputSchema, type RunInput } from './plans';
import type { RunOutcome } from './worker';

/** What the steps of a run made so far, and the create under way whose outcome is unknown. */
const progressSchema = z.object({
  trengoContactId: z.string().optional(),
  ticketId: z.string().optional(),
  messageId: z.string().optional(),
  noteId: z.string().optional(),
  ghlContactId: z.string().optional(),
  /** A create sent at `since` (epoch ms) without a readable answer yet; `answered`: the system finished with it (a 5xx). */
  attempting: z.object({ step: z.string(), since: z.number(), answered: z.boolean().optional() }).optional(),
});
export type RunProgress = z.infer<typeof progressSchema>;

/** A run's stored progress; nothing done yet when it cannot be read. */
export function readProgress(run: Pick<AutomationRun, 'progress'>): RunProgress {
  try {
    return progressSchema.parse(JSON.parse(run.progress));
  } catch {
    return {};
  }
}

/** What a run was made to do, or null when its stored input cannot be read. */
export function readInput(run: Pick<AutomationRun, 'input'>): RunInput | null {
  try {
    const parsed = runInputSchema.safeParse(JSON.parse(run.input));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Not now: the run waits until `retryAt`. */
class NotYet extends Error {
  constructor(
    message: string,
    readonly retryAt: number,
  ) {
    super(message);
  }
}

/** A refusal no retry can fix. */
class CannotServe extends Error {}

export interface RunActionsOptions {
  helpdesk: HelpdeskAutomationPort & Pick<HelpdeskPort, 'getTicket'>;
  /** The CRM client runs write through: it never repeats a call whose outcome is unknown itself. */
  crm: CrmPort;
  runs: AutomationRuns;
  links: Links;
  /** The HighLevel contact of a ticket's customer (link, else match), or null. */
  crmContactOfTicket: (ticketId: string) => Promise<string | null>;
  /** A contact created for a Trengo customer is linked to them. */
  onContactCreated: (key: string, contactId: string) => void;
  /** Where agents open a Trengo ticket, e.g. `https://app.trengo.com`. */
  trengoAppUrl: string;
  defaultCountry: CountryCode;
  /** How long after an unanswered create the system may still perform it. */
  lateWriteWindowMs: number;
  /** The first look for an unanswered create waits about this long. */
  lookAfterMs: number;
  now?: () => number;
}

/** How long the channel list is reused: a channel's type decides which address a welcome goes to. */
const channelsTtlMs = 10 * 60_000;

/** The attempt at a run of each kind, over the helpdesk and CRM ports. */
export function createRunActions(options: RunActionsOptions) {
  const { helpdesk, crm, runs } = options;
  const now = options.now ?? Date.now;
  let channels: { list: Promise<HelpdeskChannel[]>; at: number } | null = null;

  function channelList(): Promise<HelpdeskChannel[]> {
    if (!channels || now() - channels.at > channelsTtlMs) {
      const list = helpdesk.listChannels();
      channels = { list, at: now() };
      list.catch(() => (channels = null));
    }
    return channels.list;
  }

  /**
   * Makes a record once: after an attempt whose outcome is unknown it is looked for first; not
   * found while the late-write window is open, the run waits; after it, it is sent again.
   */
  async function once<T>(run: AutomationRun, progress: RunProgress, step: string, send: () => Promise<T>, look: (since: number) => Promise<T | null>): Promise<T> {
    const unknown = progress.attempting?.step === step ? progress.attempting : undefined;
    if (unknown) {
      const found = await look(unknown.since);
      if (found !== null) return found;
      const lateUntil = unknown.since + options.lateWriteWindowMs;
      if (!unknown.answered && now() < lateUntil) {
        throw new NotYet('No answer came to an earlier attempt: looking for what it made before sending it again.', Math.min(lateUntil, now() + Math.max(options.lookAfterMs, now() - unknown.since)));
      }
    }
    save(run, { ...progress, attempting: { step, since: now() } });
    try {
      return await send();
    } catch (error) {
      if (error instanceof OutsideError && error.status !== null) {
        // An answer came: below 500 nothing was made; a 5xx finished without saying, so one look settles it.
        save(run, error.status < 500 ? { ...progress, attempting: undefined } : { ...progress, attempting: { step, since: now(), answered: true } });
      }
      throw error;
    }
  }

  function save(run: AutomationRun, progress: RunProgress): void {
    runs.change(run.id, { progress: JSON.stringify(progress) });
  }

  /** Stores a step's result; the create under way is settled. */
  function advance(run: AutomationRun, progress: RunProgress, result: Partial<RunProgress>): RunProgress {
    const next: RunProgress = { ...progress, ...result, attempting: undefined };
    save(run, next);
    return next;
  }

  /** The customer's message among the contact's newest tickets on the channel: its id and ticket. */
  async function findMessage(contactId: string, channelId: string, text: string, internal: boolean): Promise<{ id: string; ticketId: string | null } | null> {
    const tickets = (await helpdesk.ticketsOfContact(contactId)).filter((ticket) => ticket.channelId === null || ticket.channelId === channelId).slice(0, 5);
    for (const ticket of tickets) {
      const message = await findOnTicket(ticket.id, text, internal);
      if (message) return { id: message.id, ticketId: ticket.id };
    }
    return null;
  }

  async function findOnTicket(ticketId: string, text: string, internal: boolean): Promise<{ id: string } | null> {
    const message = (await helpdesk.messagesOfTicket(ticketId, 50)).find((candidate) => candidate.internal === internal && candidate.message === text);
    return message ? { id: message.id } : null;
  }

  async function welcome(run: AutomationRun, input: Extract<RunInput, { kind: 'welcome' }>, progress: RunProgress): Promise<string> {
    const channel = (await channelList()).find((candidate) => candidate.id === input.channelId);
    if (!channel) throw new CannotServe(`Trengo has no channel ${input.channelId}: choose another in the rule.`);
    const byEmail = channel.type === null ? input.email !== null : channel.type.toUpperCase() === 'EMAIL';
    const identifier = byEmail ? input.email : input.phone ? (toE164(input.phone, options.defaultCountry) ?? input.phone) : null;
    if (!identifier) throw new CannotServe(`The contact has no ${byEmail ? 'email' : 'phone number'}, which the ${channel.type ?? ''} channel ${channel.id} writes to.`);
    const message = byEmail ? input.messageHtml : input.message;

    if (!progress.trengoContactId) {
      // Trengo answers with the existing contact for a known identifier, so this may go again.
      const contact = await helpdesk.contactOnChannel(input.channelId, { identifier, name: input.name });
      progress = advance(run, progress, { trengoContactId: contact.id });
    }
    const trengoContactId = progress.trengoContactId ?? '';
    // The Trengo customer is linked to the HighLevel contact, so the welcome ticket opens matched;
    // a link an agent made for a customer Trengo knew already is theirs to keep.
    const key = linkKey('', trengoContactId);
    if (!options.links.get(key)) options.links.set(key, input.contactId);

    if (input.delivery === 'customer') {
      if (!progress.messageId) {
        const sent = await once(
          run,
          progress,
          'message',
          () => helpdesk.sendMessage({ channelId: input.channelId, identifier, name: input.name, message, subject: input.subject }),
          () => findMessage(trengoContactId, input.channelId, message, false),
        );
        const ticketId = sent.ticketId ?? (await findMessage(trengoContactId, input.channelId, message, false))?.ticketId ?? undefined;
        progress = advance(run, progress, { messageId: sent.id, ...(ticketId && { ticketId }) });
      }
      return `Trengo contact ${trengoContactId}, ticket ${progress.ticketId ?? 'unknown'}, message ${progress.messageId} to the customer`;
    }
    if (!progress.ticketId) {
      const ticket = await once(
        run,
        progress,
        'ticket',
        () => helpdesk.createTicket({ channelId: input.channelId, contactId: trengoContactId, subject: input.subject }),
        async (since) => {
          const found = (await helpdesk.ticketsOfContact(trengoContactId)).find(
            (candidate) => candidate.subject === input.subject && (candidate.channelId ?? input.channelId) === input.channelId && (candidate.createdAt ?? since) >= since - 120_000,
          );
          return found ? { id: found.id } : null;
        },
      );
      progress = advance(run, progress, { ticketId: ticket.id });
    }
    const ticketId = progress.ticketId ?? '';
    if (!progress.noteId) {
      const note = await once(run, progress, 'note', () => helpdesk.postOnTicket(ticketId, { message, internal: true }), () => findOnTicket(ticketId, message, true));
      progress = advance(run, progress, { noteId: note.id });
    }
    return `Trengo contact ${trengoContactId}, ticket ${ticketId}, internal note ${progress.noteId}`;
  }

  async function ticketNote(run: AutomationRun, input: Extract<RunInput, { kind: 'ticketNote' }>, progress: RunProgress): Promise<string> {
    if (!progress.noteId) {
      const note = await once(run, progress, 'note', () => helpdesk.postOnTicket(input.ticketId, { message: input.message, internal: true }), () => findOnTicket(input.ticketId, input.message, true));
      progress = advance(run, progress, { noteId: note.id });
    }
    return `Trengo ticket ${input.ticketId}, internal note ${progress.noteId}`;
  }

  async function contactOf(run: AutomationRun, ticketId: string, progress: RunProgress): Promise<{ contactId: string; progress: RunProgress }> {
    if (progress.ghlContactId) return { contactId: progress.ghlContactId, progress };
    const contactId = await options.crmContactOfTicket(ticketId);
    if (!contactId) throw new CannotServe(`Ticket ${ticketId}'s customer matches no single HighLevel contact: link one in the sidebar, then retry.`);
    return { contactId, progress: advance(run, progress, { ghlContactId: contactId }) };
  }

  async function closedNote(run: AutomationRun, input: Extract<RunInput, { kind: 'closedNote' }>, progress: RunProgress): Promise<string> {
    const ticket = await helpdesk.getTicket(input.ticketId);
    const found = await contactOf(run, input.ticketId, progress);
    progress = found.progress;
    const by = input.closedBy ? ` by agent ${input.closedBy}` : '';
    const subject = ticket.subject ? ` "${ticket.subject}"` : '';
    const body = `Trengo ticket #${ticket.id}${subject} was closed${by}. ${options.trengoAppUrl}/tickets/${ticket.id}`;
    if (!progress.noteId) {
      const note = await once(
        run,
        progress,
        'crmNote',
        async () => (await crm.createNote(found.contactId, { body })) ?? { id: '' },
        async () => {
          crm.invalidateContact(found.contactId);
          const existing = (await crm.getNotes(found.contactId)).find((candidate) => candidate.body?.trim() === body);
          return existing ? { id: existing.id } : null;
        },
      );
      progress = advance(run, progress, { noteId: note.id || 'made' });
    }
    return `HighLevel contact ${found.contactId}, note ${progress.noteId}`;
  }

  async function labelTags(run: AutomationRun, input: Extract<RunInput, { kind: 'labelTags' }>, progress: RunProgress): Promise<string> {
    const present = new Set((await helpdesk.labelsOfTicket(input.ticketId)).map((label) => label.name.toLowerCase()));
    const mapped = Object.entries(input.labels).filter(([label]) => input.label === null || label.toLowerCase() === input.label.toLowerCase());
    if (mapped.length === 0) return `no mapped label (${input.label ?? 'none named'})`;
    const { contactId } = await contactOf(run, input.ticketId, progress);
    const add = mapped.filter(([label]) => present.has(label.toLowerCase())).map(([, tag]) => tag);
    // Without the label named by the event, tags are only added: one that is absent may be set in HighLevel on purpose.
    const remove = input.label === null ? [] : mapped.filter(([label]) => !present.has(label.toLowerCase())).map(([, tag]) => tag);
    if (add.length > 0) await crm.addTags(contactId, add);
    if (remove.length > 0) await crm.removeTags(contactId, remove);
    return `HighLevel contact ${contactId}${add.length ? `, tags added: ${add.join(', ')}` : ''}${remove.length ? `, tags removed: ${remove.join(', ')}` : ''}`;
  }

  async function inboundContact(run: AutomationRun, input: Extract<RunInput, { kind: 'inboundContact' }>, progress: RunProgress): Promise<string> {
    const key = linkKey(input.ticketId, input.trengoContactId);
    if (!progress.ghlContactId) {
      const known = await options.crmContactOfTicket(input.ticketId);
      if (known) return `HighLevel knows the customer already: contact ${known}`;
      const phone = input.phone ? toE164(input.phone, options.defaultCountry) : null;
      const [firstName, ...rest] = (input.name ?? '').trim().split(/\s+/).filter(Boolean);
      const lookup = input.email ? { email: input.email } : phone ? { number: phone } : null;
      if (!lookup) throw new CannotServe('The customer has neither an email nor a phone number HighLevel can take.');
      const created = await once(
        run,
        progress,
        'crmContact',
        async () => (await crm.createContact({ ...(firstName && { firstName }), ...(rest.length > 0 && { lastName: rest.join(' ') }), ...(input.email && { email: input.email }), ...(phone && { phone }) })) ?? (await crm.findDuplicate(lookup)),
        () => crm.findDuplicate(lookup),
      );
      if (!created) throw new NotYet('HighLevel made the contact but its answer could not be read; looking it up.', now() + options.lookAfterMs);
      progress = advance(run, progress, { ghlContactId: created.id });
    }
    const contactId = progress.ghlContactId ?? '';
    options.onContactCreated(key, contactId);
    return `HighLevel contact ${contactId}, linked to Trengo contact ${input.trengoContactId}`;
  }

  /** One attempt at a run: the steps it has not done yet. */
  async function attempt(run: AutomationRun): Promise<RunOutcome> {
    const input = readInput(run);
    if (!input) return { state: 'failed', reason: 'The stored run cannot be read.' };
    const progress = readProgress(run);
    try {
      switch (input.kind) {
        case 'welcome':
          return { state: 'done', detail: await welcome(run, input, progress) };
        case 'ticketNote':
          return { state: 'done', detail: await ticketNote(run, input, progress) };
        case 'closedNote':
          return { state: 'done', detail: await closedNote(run, input, progress) };
        case 'labelTags':
          return { state: 'done', detail: await labelTags(run, input, progress) };
        case 'inboundContact':
          return { state: 'done', detail: await inboundContact(run, input, progress) };
      }
    } catch (error) {
      return outcomeOf(error, now());
    }
  }

  return { attempt };
}

const systemName = (error: OutsideError) => (error.system === 'trengo' ? 'Trengo' : 'HighLevel');

/** A failure as the run's outcome: waits for what time can fix, fails for what it cannot. */
function outcomeOf(error: unknown, now: number): RunOutcome {
  if (error instanceof NotYet) return { state: 'pending', reason: error.message, retryAt: error.retryAt };
  if (error instanceof CannotServe) return { state: 'failed', reason: error.message };
  if (!(error instanceof OutsideError)) return { state: 'pending', reason: `Something went wrong in the app (${error instanceof Error ? error.message : String(error)}); it will be tried again.` };
  const name = systemName(error);
  switch (error.kind) {
    case 'rate_limited':
      return { state: 'pending', reason: `${name} is busy (rate limit reached); it goes again when ${name} says.`, retryAt: now + (error.retryAfterMs ?? 1000) };
    case 'unavailable':
    case 'timeout':
    case 'network':
      return { state: 'pending', reason: `${name} cannot take it right now (${error.kind}); it will be tried again.`, unreachable: true };
    case 'invalid_response':
      return { state: 'pending', reason: `${name} cannot take it right now (${error.kind}); it will be tried again.` };
    case 'auth':
    case 'scope':
      return { state: 'pending', reason: `${name} refused the app's token (${error.kind}). An administrator needs to fix it; the run goes on once it works.` };
    default:
      return { state: 'failed', reason: `${name} refused it: ${error.message}` };
  }
}
