/**
 * The first screen's words in English: the catalog the other languages follow, key for key
 * (`satisfies FirstScreenText` makes a missing or extra key a type error). A sentence with
 * values is a function of them, so each language orders its own sentence.
 */
export const text = {
  loading: 'Loading the HighLevel contact…',
  openInHighLevel: 'Open in HighLevel',
  opensInNewTab: '(opens in a new tab)',
  tags: 'Tags',
  contactDetails: 'Contact details',

  tasks: 'Tasks',
  noTasks: 'No tasks',
  complete: 'Complete (Space or Enter)',
  reopen: 'Reopen (Space or Enter)',
  completed: 'Completed:',
  due: 'Due',
  overdue: 'Overdue',

  notes: 'Notes',
  noNotes: 'No notes',

  appointments: 'Appointments',
  upcoming: 'Upcoming',
  past: 'Past',
  noUpcoming: 'No upcoming appointments',
  noPast: 'No past appointments',
  /** HighLevel's appointment statuses; another status shows as HighLevel writes it. */
  appointmentStatus: {
    new: 'New',
    booked: 'Booked',
    confirmed: 'Confirmed',
    cancelled: 'Cancelled',
    showed: 'Showed',
    noshow: 'No-show',
    invalid: 'Invalid',
  } as Partial<Record<string, string>>,
};

export type FirstScreenText = typeof text;
