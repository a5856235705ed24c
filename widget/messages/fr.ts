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
    invalid: 'Non valide',
  },

  severalMatch: 'Plusieurs contacts HighLevel correspondent',
  pickOne: 'Choisissez le contact concerné par ce ticket. La barre latérale retient votre choix pour les tickets de ce client.',
  matchingContacts: 'Contacts HighLevel correspondants',

  notFound: 'Aucun contact HighLevel trouvé',
  notFoundWhy: 'Aucun contact HighLevel n’a l’adresse e-mail ou le numéro de téléphone de ce client.',

  trengoContact: 'Contact Trengo',
  name: 'Nom',
  email: 'E-mail',
  phone: 'Téléphone',
  noTrengoFacts: 'Trengo n’a ni nom, ni e-mail, ni téléphone pour ce client.',

  sessionEnded: 'Votre session a expiré',
  cannotReachServer: 'Serveur injoignable',
  ticketNotFound: 'Ticket introuvable',
  highLevelTrouble: 'HighLevel rencontre un problème',
  trengoTrouble: 'Trengo rencontre un problème',
  somethingWrong: 'Une erreur s’est produite',
  reopenTicket: 'Fermez ce ticket puis rouvrez-le pour démarrer une nouvelle session.',
  retry: 'Réessayer',

  networkError: 'Impossible de joindre le serveur. Vérifiez votre connexion et réessayez.',
  errors: {
    unauthorized: 'La session de cette barre latérale n’est pas valide. Rouvrez le ticket.',
    session_expired: 'La session de cette barre latérale a expiré. Rouvrez le ticket.',
    forbidden: 'Cette barre latérale n’est pas autorisée à faire cela pour ce ticket.',
    not_found: 'Cet enregistrement n’existe plus.',
    payload_too_large: 'Ce texte est trop long pour être envoyé en une fois.',
    rate_limited: 'Trop de requêtes pour le moment. Réessayez dans un instant.',
    ticket_not_found: 'Ce ticket n’existe pas dans Trengo, ou cette barre latérale ne peut pas l’ouvrir.',
    no_contact: 'Ce ticket n’a pas encore de contact HighLevel.',
    upstream_auth: 'Le jeton de la connexion a été refusé. Demandez à la personne qui a configuré la barre latérale de le vérifier.',
    upstream_scope: 'Le jeton de la connexion n’a pas l’autorisation nécessaire. Demandez à la personne qui a configuré la barre latérale de l’ajouter.',
    upstream_not_found: 'Cet enregistrement n’y existe plus.',
    upstream_rate_limited: 'Le service est surchargé et demande de ralentir. Réessayez dans un instant.',
    upstream_unavailable: 'Le service est indisponible pour le moment. Réessayez dans un instant.',
    upstream_timeout: 'Le service n’a pas répondu à temps. Réessayez dans un instant.',
    upstream_network: 'Le service est injoignable. Réessayez dans un instant.',
    upstream_invalid_response: 'Le service a renvoyé une réponse que la barre latérale ne peut pas lire. Réessayez dans un instant.',
    internal: 'Une erreur s’est produite dans la barre latérale. Réessayez dans un instant.',
  },
} satisfies FirstScreenText;
