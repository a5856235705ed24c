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

  severalMatch: 'Meerdere HighLevel-contacten komen overeen',
  pickOne: 'Kies het contact waar dit ticket over gaat. De zijbalk onthoudt je keuze voor de tickets van deze klant.',
  matchingContacts: 'Overeenkomende HighLevel-contacten',

  notFound: 'Geen HighLevel-contact gevonden',
  notFoundWhy: 'Geen enkel contact in HighLevel heeft het e-mailadres of telefoonnummer van deze klant.',

  trengoContact: 'Trengo-contact',
  name: 'Naam',
  email: 'E-mail',
  phone: 'Telefoon',
  noTrengoFacts: 'Trengo heeft geen naam, e-mailadres of telefoonnummer van deze klant.',

  sessionEnded: 'Je sessie is verlopen',
  cannotReachServer: 'Server niet bereikbaar',
  ticketNotFound: 'Ticket niet gevonden',
  highLevelTrouble: 'HighLevel heeft problemen',
  trengoTrouble: 'Trengo heeft problemen',
  somethingWrong: 'Er is iets misgegaan',
  reopenTicket: 'Sluit dit ticket en open het opnieuw om een nieuwe sessie te starten.',
  retry: 'Opnieuw proberen',

  networkError: 'Kan de server niet bereiken. Controleer je verbinding en probeer het opnieuw.',
  errors: {
    unauthorized: 'De sessie van deze zijbalk is ongeldig. Open het ticket opnieuw.',
    session_expired: 'De sessie van deze zijbalk is verlopen. Open het ticket opnieuw.',
    forbidden: 'Deze zijbalk mag dat niet doen voor dit ticket.',
    not_found: 'Dat record bestaat niet meer.',
    payload_too_large: 'Dat is te veel tekst om in één keer te versturen.',
    rate_limited: 'Te veel verzoeken op dit moment. Probeer het zo opnieuw.',
    ticket_not_found: 'Trengo kent dit ticket niet, of deze zijbalk mag het niet openen.',
    no_contact: 'Dit ticket heeft nog geen HighLevel-contact.',
    upstream_auth: 'Het token van de koppeling is geweigerd. Vraag degene die de zijbalk heeft ingesteld om het te controleren.',
    upstream_scope: 'Het token van de koppeling heeft hier geen rechten voor. Vraag degene die de zijbalk heeft ingesteld om ze toe te voegen.',
    upstream_not_found: 'Dat record bestaat daar niet meer.',
    upstream_rate_limited: 'De dienst heeft het druk en vraagt om minder verzoeken. Probeer het zo opnieuw.',
    upstream_unavailable: 'De dienst is nu niet beschikbaar. Probeer het zo opnieuw.',
    upstream_timeout: 'De dienst antwoordde niet op tijd. Probeer het zo opnieuw.',
    upstream_network: 'De dienst was niet bereikbaar. Probeer het zo opnieuw.',
    upstream_invalid_response: 'De dienst gaf een antwoord dat de zijbalk niet kan lezen. Probeer het zo opnieuw.',
    internal: 'Er is iets misgegaan in de zijbalk. Probeer het zo opnieuw.',
  },
} satisfies FirstScreenText;
