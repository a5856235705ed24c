/** The first screen's words in German (see en.ts for what each is). */
import type { FirstScreenText } from './en';

export const text = {
  loading: 'HighLevel-Kontakt wird geladen…',
  openInHighLevel: 'In HighLevel öffnen',
  opensInNewTab: '(öffnet in einem neuen Tab)',
  tags: 'Tags',
  contactDetails: 'Kontaktdaten',

  tasks: 'Aufgaben',
  noTasks: 'Keine Aufgaben',
  complete: 'Erledigen (Leertaste oder Eingabetaste)',
  reopen: 'Wieder öffnen (Leertaste oder Eingabetaste)',
  completed: 'Erledigt:',
  due: 'Fällig',
  overdue: 'Überfällig',

  notes: 'Notizen',
  noNotes: 'Keine Notizen',

  appointments: 'Termine',
  upcoming: 'Anstehend',
  past: 'Vergangen',
  noUpcoming: 'Keine anstehenden Termine',
  noPast: 'Keine vergangenen Termine',
  appointmentStatus: {
    new: 'Neu',
    booked: 'Gebucht',
    confirmed: 'Bestätigt',
    cancelled: 'Storniert',
    showed: 'Erschienen',
    noshow: 'Nicht erschienen',
    invalid: 'Ungültig',
  },
} satisfies FirstScreenText;
