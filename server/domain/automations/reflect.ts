/**
 * Agents' work told in the ticket: a task created, completed or reopened, a note or tags added
 * from the sidebar become one line each, kept on disk as the write lands, and the lines of one
 * ticket that land within the rule's batch time go out as one internal note (never to the
 * customer). The note's run is keyed by the first write it tells, so it is made once.
 */
import type { WriteAction } from '../../../shared/actions';
import type { NewAutomationRun, StoredWrite } from '../../store/port';
import type { RunInput } from './plans';

/** The text between the first pair of double quotes of a summary: the task's title, when the write knew it. */
const quotedTitle = (summary: string): string | null => /"([^"]*)"/.exec(summary)?.[1] ?? null;

/** `12 Dec 09:00` in the location's time zone. */
function shortDate(iso: string, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(new Date(iso));
  const get = (type: string) => parts.find((part) => part.type === type)?.value ?? '';
  return `${get('day')} ${get('month')} ${get('hour')}:${get('minute')}`;
}

const quote = (text: string, max = 80) => `'${text.length > max ? `${text.slice(0, max - 1)}…` : text}'`;

/** The line a landed write adds to its ticket's note; null for a change the rule does not tell. */
export function workLine(write: Pick<StoredWrite, 'summary'>, action: WriteAction, timeZone: string): string | null {
  switch (action.kind) {
    case 'createTask':
      return `Task ${quote(action.input.title)} created in HighLevel, due ${shortDate(action.input.dueDate, timeZone)}`;
    case 'completeTask': {
      const title = quotedTitle(write.summary);
      return `Task${title ? ` ${quote(title)}` : ''} ${action.input.completed ? 'completed' : 'reopened'} in HighLevel`;
    }
    case 'createNote':
      return `Note added in HighLevel: ${quote(action.input.body.replace(/\s+/g, ' '), 120)}`;
    case 'addTags':
      return `${action.input.tags.length === 1 ? 'Tag' : 'Tags'} ${action.input.tags.map((tag) => quote(tag)).join(', ')} added in HighLevel`;
    default:
      return null;
  }
}

/** The note telling a batch of lines, and its run. */
export function noteRun(ticketId: string, work: Array<{ writeId: string; line: string }>): NewAutomationRun {
  const lines = work.map((item) => item.line);
  const message = `${lines.join('\n')} — from the sidebar`;
  const input: RunInput = { kind: 'ticketNote', ticketId, message };
  const first = work[0]?.writeId ?? 'none';
  return {
    id: `reflectWork:${ticketId}:${first}`,
    rule: 'reflectWork',
    event: `${work.length} ${work.length === 1 ? 'change' : 'changes'} from the sidebar of ticket ${ticketId}`,
    subject: `ticket:${ticketId}`,
    input: JSON.stringify(input),
  };
}
