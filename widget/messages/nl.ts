/** The first screen's words in Dutch (see en.ts for what each is). */
import type { FirstScreenText } from './en';

export const text = {
  loading: 'HighLevel-contact laden…',
  openInHighLevel: 'Openen in HighLevel',
  opensInNewTab: '(opent in een nieuw tabblad)',
  tags: 'Tags',
  contactDetails: 'Contactgegevens',

  tasks: 'Taken',
  noTasks: 'Geen taken',
  complete: 'Afronden (Spatie of Enter)',
  reopen: 'Heropenen (Spatie of Enter)',
  completed: 'Afgerond:',
  due: 'Deadline',
  overdue: 'Verlopen',

  notes: 'Notities',
  noNotes: 'Geen notities',

  appointments: 'Afspraken',
  upcoming: 'Komend',
  past: 'Eerder',
  noUpcoming: 'Geen komende afspraken',
  noPast: 'Geen eerdere afspraken',
  appointmentStatus: {
    new: 'Nieuw',
    booked: 'Geboekt',
    confirmed: 'Bevestigd',
    cancelled: 'Geannuleerd',
    showed: 'Verschenen',
    noshow: 'Niet verschenen',
    invalid: 'Ongeldig',
  },
} satisfies FirstScreenText;
