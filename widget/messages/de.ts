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

  severalMatch: 'Mehrere HighLevel-Kontakte passen',
  pickOne: 'Wählen Sie den Kontakt, um den es in diesem Ticket geht. Die Seitenleiste merkt sich Ihre Wahl für die Tickets dieses Kunden.',
  matchingContacts: 'Passende HighLevel-Kontakte',

  notFound: 'Kein HighLevel-Kontakt gefunden',
  notFoundWhy: 'Kein Kontakt in HighLevel hat die E-Mail-Adresse oder Telefonnummer dieses Kunden.',

  trengoContact: 'Trengo-Kontakt',
  name: 'Name',
  email: 'E-Mail',
  phone: 'Telefon',
  noTrengoFacts: 'Trengo hat weder Namen noch E-Mail-Adresse noch Telefonnummer dieses Kunden.',

  sessionEnded: 'Ihre Sitzung ist abgelaufen',
  cannotReachServer: 'Server nicht erreichbar',
  ticketNotFound: 'Ticket nicht gefunden',
  highLevelTrouble: 'HighLevel hat Probleme',
  trengoTrouble: 'Trengo hat Probleme',
  somethingWrong: 'Etwas ist schiefgelaufen',
  reopenTicket: 'Schließen Sie dieses Ticket und öffnen Sie es erneut, um eine neue Sitzung zu starten.',
  retry: 'Erneut versuchen',

  networkError: 'Der Server ist nicht erreichbar. Prüfen Sie Ihre Verbindung und versuchen Sie es erneut.',
  errors: {
    unauthorized: 'Die Sitzung dieser Seitenleiste ist ungültig. Öffnen Sie das Ticket erneut.',
    session_expired: 'Die Sitzung dieser Seitenleiste ist abgelaufen. Öffnen Sie das Ticket erneut.',
    forbidden: 'Die Seitenleiste darf das für dieses Ticket nicht tun.',
    not_found: 'Dieser Datensatz existiert nicht mehr.',
    payload_too_large: 'Das ist zu viel Text, um ihn auf einmal zu senden.',
    rate_limited: 'Gerade zu viele Anfragen. Versuchen Sie es gleich noch einmal.',
    ticket_not_found: 'Trengo kennt dieses Ticket nicht, oder die Seitenleiste darf es nicht öffnen.',
    no_contact: 'Dieses Ticket hat noch keinen HighLevel-Kontakt.',
    upstream_auth: 'Das Token der Verbindung wurde abgelehnt. Bitten Sie die Person, die die Seitenleiste eingerichtet hat, es zu prüfen.',
    upstream_scope: 'Das Token der Verbindung hat dafür keine Berechtigung. Bitten Sie die Person, die die Seitenleiste eingerichtet hat, sie hinzuzufügen.',
    upstream_not_found: 'Dieser Datensatz existiert dort nicht mehr.',
    upstream_rate_limited: 'Der Dienst ist ausgelastet und bittet um weniger Anfragen. Versuchen Sie es gleich noch einmal.',
    upstream_unavailable: 'Der Dienst ist gerade nicht verfügbar. Versuchen Sie es gleich noch einmal.',
    upstream_timeout: 'Der Dienst hat nicht rechtzeitig geantwortet. Versuchen Sie es gleich noch einmal.',
    upstream_network: 'Der Dienst war nicht erreichbar. Versuchen Sie es gleich noch einmal.',
    upstream_invalid_response: 'Der Dienst hat eine Antwort gegeben, die die Seitenleiste nicht lesen kann. Versuchen Sie es gleich noch einmal.',
    internal: 'In der Seitenleiste ist etwas schiefgelaufen. Versuchen Sie es gleich noch einmal.',
  },
} satisfies FirstScreenText;
