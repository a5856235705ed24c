/**
 * The HighLevel contact an agent picked for a ticket when several matched.
 * Kept in memory: a restart asks the agent to pick again.
 */
export function createTicketChoices() {
  const chosen = new Map<string, string>();
  return {
    get: (ticketId: string): string | undefined => chosen.get(ticketId),
    set: (ticketId: string, contactId: string): void => void chosen.set(ticketId, contactId),
    clear: (ticketId: string): void => void chosen.delete(ticketId),
  };
}

export type TicketChoices = ReturnType<typeof createTicketChoices>;
