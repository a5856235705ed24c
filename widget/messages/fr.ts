/** The first screen's words in French (see en.ts for what each is). */
import type { FirstScreenText } from './en';

export const text = {
  loading: 'Chargement du contact HighLevel…',
  openInHighLevel: 'Ouvrir dans HighLevel',
  opensInNewTab: '(s’ouvre dans un nouvel onglet)',
  tags: 'Étiquettes',
  contactDetails: 'Coordonnées',

  tasks: 'Tâches',
  noTasks: 'Aucune tâche',
  complete: 'Terminer (Espace ou Entrée)',
  reopen: 'Rouvrir (Espace ou Entrée)',
  completed: 'Terminée :',
  due: 'Échéance',
  overdue: 'En retard',

  notes: 'Notes',
  noNotes: 'Aucune note',

  appointments: 'Rendez-vous',
  upcoming: 'À venir',
  past: 'Passés',
  noUpcoming: 'Aucun rendez-vous à venir',
  noPast: 'Aucun rendez-vous passé',
  appointmentStatus: {
    new: 'Nouveau',
    booked: 'Réservé',
    confirmed: 'Confirmé',
    cancelled: 'Annulé',
    showed: 'Présent',
    noshow: 'Absent',
    invalid: 'Invalide',
  },
} satisfies FirstScreenText;
