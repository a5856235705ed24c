/**
 * Which runs an event makes under the rules as they are, without doing anything: the inbox
 * worker stores them, the dry run shows them. Each run's id is its idempotency key, derived from
 * what the event is about (the HighLevel contact of a welcome, the Trengo ticket closed, the
 * Trengo customer writing in), never from the delivery, so a duplicate or a replay makes none.
 */
import { z } from 'zod';
import type { NewAutomationRun } from '../../store/port';
import { contactOfEvent, render, unmetCondition, type Rules, type RuleName } from './rules';

/** What a run does, fixed when the event arrived. */
export const runInputSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('welcome'),
    contactId: z.string(),
    channelId: z.string(),
    name: z.string(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    subject: z.string(),
    /** The message as plain text, and as HTML for an email channel. */
    message: z.string(),
    messageHtml: z.string(),
    delivery: z.enum(['customer', 'internalNote']),
  }),
  z.object({ kind: z.literal('ticketNote'), ticketId: z.string(), message: z.string() }),
  z.object({ kind: z.literal('closedNote'), ticketId: z.string(), closedBy: z.string().nullable() }),
  z.object({ kind: z.literal('labelTags'), ticketId: z.string(), label: z.string().nullable(), labels: z.record(z.string(), z.string()) }),
  z.object({
    kind: z.literal('inboundContact'),
    ticketId: z.string(),
    trengoContactId: z.string(),
    name: z.string().nullable(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
  }),
]);
export type RunInput = z.infer<typeof runInputSchema>;

/** An event as the inbox holds it. */
export interface AutomationEvent {
  source: 'highlevel' | 'trengo';
  eventId: string;
  type: string;
  payload: string;
}

/** What one rule makes of an event: a run, or why it makes none. */
export type Plan = { rule: RuleName; run: NewAutomationRun & { input: string } } | { rule: RuleName; skipped: string };

/** A Workflow webhook counts as a new contact only while the contact is this young (it fires for changes too). */
const workflowNewContactMs = 24 * 3_600_000;

const trengoFields = z.record(z.string(), z.string());
const ticketIdPattern = /^\d{1,20}$/;

function fieldsOf(payload: string): Record<string, string> {
  try {
    const parsed = trengoFields.safeParse(JSON.parse(payload));
    return parsed.success ? parsed.data : {};
  } catch {
    return {};
  }
}

function welcomePlans(event: AutomationEvent, rules: Rules, now: number): Plan[] {
  const rule = rules.welcomeTicket;
  if (!rule?.enabled || (event.type !== 'ContactCreate' && event.type !== 'Workflow')) return [];
  const contact = contactOfEvent(event.type, event.payload);
  if (!contact) return [{ rule: 'welcomeTicket', skipped: 'the event does not describe a contact' }];
  if (event.type === 'Workflow') {
    const created = Date.parse(z.object({ date_created: z.string() }).safeParse(JSON.parse(event.payload)).data?.date_created ?? '');
    if (!Number.isNaN(created) && now - created > workflowNewContactMs) return [{ rule: 'welcomeTicket', skipped: 'the Workflow is about a contact made more than a day ago' }];
  }
  const unmet = unmetCondition(rule.conditions, contact);
  if (unmet) return [{ rule: 'welcomeTicket', skipped: unmet }];
  const input: RunInput = {
    kind: 'welcome',
    contactId: contact.id,
    channelId: rule.channelId,
    name: contact.name ?? contact.email ?? contact.phone ?? 'Customer',
    email: contact.email,
    phone: contact.phone,
    subject: render(rule.subject, contact, 'line'),
    message: render(rule.message, contact, 'text'),
    messageHtml: render(rule.message, contact, 'html'),
    delivery: rule.delivery,
  };
  return [{
    rule: 'welcomeTicket',
    run: { id: `welcomeTicket:${contact.id}`, rule: 'welcomeTicket', event: `HighLevel ${event.type} of contact ${contact.id}`, subject: `contact:${contact.id}`, input: JSON.stringify(input) },
  }];
}

function trengoPlans(event: AutomationEvent, rules: Rules): Plan[] {
  const fields = fieldsOf(event.payload);
  const ticketId = fields.ticket_id ?? '';
  if (!ticketIdPattern.test(ticketId)) return [];
  const about = `Trengo ${event.type} of ticket ${ticketId}`;
  const subject = `ticket:${ticketId}`;
  const plans: Plan[] = [];
  if (event.type === 'TICKET_CLOSED' && rules.ticketClosedNote?.enabled) {
    const input: RunInput = { kind: 'closedNote', ticketId, closedBy: fields.user_id || null };
    // One note per ticket: a ticket closed again after a reopen adds none.
    plans.push({ rule: 'ticketClosedNote', run: { id: `ticketClosedNote:${ticketId}`, rule: 'ticketClosedNote', event: about, subject, input: JSON.stringify(input) } });
  }
  if ((event.type === 'TICKET_LABEL_ADDED' || event.type === 'TICKET_LABEL_DELETED') && rules.labelTags?.enabled) {
    const input: RunInput = { kind: 'labelTags', ticketId, label: fields.label_name || null, labels: rules.labelTags.labels };
    // The run sets the tags from the ticket's labels as they are when it runs, so a repeat or a
    // late event changes nothing; each event may run once.
    plans.push({ rule: 'labelTags', run: { id: `labelTags:${event.eventId}`, rule: 'labelTags', event: about, subject, input: JSON.stringify(input) } });
  }
  if (event.type === 'INBOUND' && rules.inboundContact?.enabled) {
    const trengoContactId = fields.contact_id ?? '';
    const identifier = fields.contact_identifier || null;
    const email = fields.contact_email || (identifier?.includes('@') ? identifier : null);
    const phone = identifier && !identifier.includes('@') ? identifier : null;
    const unmet = unmetCondition(rules.inboundContact.conditions, { email, phone, tags: [] });
    if (!ticketIdPattern.test(trengoContactId)) plans.push({ rule: 'inboundContact', skipped: 'the event names no Trengo contact' });
    else if (unmet) plans.push({ rule: 'inboundContact', skipped: unmet });
    else {
      const input: RunInput = { kind: 'inboundContact', ticketId, trengoContactId, name: fields.contact_name || null, email, phone };
      plans.push({ rule: 'inboundContact', run: { id: `inboundContact:${trengoContactId}`, rule: 'inboundContact', event: about, subject, input: JSON.stringify(input) } });
    }
  }
  return plans;
}

/** The runs an event makes under `rules` (and why a rule that could act makes none). */
export function planRuns(event: AutomationEvent, rules: Rules, now: number): Plan[] {
  return event.source === 'highlevel' ? welcomePlans(event, rules, now) : trengoPlans(event, rules);
}

/** The Trengo event types the rules act on, beyond those the sidebar registers for. */
export const automationTrengoEventTypes = ['TICKET_CLOSED', 'TICKET_LABEL_ADDED', 'TICKET_LABEL_DELETED'] as const;
