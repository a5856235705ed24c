/** The first screen's words in Spanish (see en.ts for what each is). */
import type { FirstScreenText } from './en';

export const text = {
  loading: 'Cargando el contacto de HighLevel…',
  openInHighLevel: 'Abrir en HighLevel',
  opensInNewTab: '(se abre en una pestaña nueva)',
  tags: 'Etiquetas',
  contactDetails: 'Datos de contacto',

  tasks: 'Tareas',
  noTasks: 'No hay tareas',
  complete: 'Completar (Espacio o Intro)',
  reopen: 'Reabrir (Espacio o Intro)',
  completed: 'Completada:',
  due: 'Vence',
  overdue: 'Vencida',

  notes: 'Notas',
  noNotes: 'No hay notas',

  appointments: 'Citas',
  upcoming: 'Próximas',
  past: 'Pasadas',
  noUpcoming: 'No hay próximas citas',
  noPast: 'No hay citas pasadas',
  appointmentStatus: {
    new: 'Nueva',
    booked: 'Reservada',
    confirmed: 'Confirmada',
    cancelled: 'Cancelada',
    showed: 'Asistió',
    noshow: 'No asistió',
    invalid: 'No válida',
  },

  severalMatch: 'Varios contactos de HighLevel coinciden',
  pickOne: 'Elige el contacto al que se refiere este ticket. La barra lateral recordará tu elección para los tickets de este cliente.',
  matchingContacts: 'Contactos de HighLevel que coinciden',

  notFound: 'No se encontró ningún contacto de HighLevel',
  notFoundWhy: 'Ningún contacto de HighLevel tiene el correo electrónico ni el teléfono de este cliente.',

  trengoContact: 'Contacto de Trengo',
  name: 'Nombre',
  email: 'Correo electrónico',
  phone: 'Teléfono',
  noTrengoFacts: 'Trengo no tiene nombre, correo electrónico ni teléfono de este cliente.',

  sessionEnded: 'Tu sesión ha finalizado',
  cannotReachServer: 'No se puede conectar con el servidor',
  ticketNotFound: 'Ticket no encontrado',
  highLevelTrouble: 'HighLevel tiene problemas',
  trengoTrouble: 'Trengo tiene problemas',
  somethingWrong: 'Algo ha salido mal',
  reopenTicket: 'Cierra este ticket y vuelve a abrirlo para iniciar una nueva sesión.',
  retry: 'Reintentar',

  networkError: 'No se pudo conectar con el servidor. Comprueba tu conexión y vuelve a intentarlo.',
  errors: {
    unauthorized: 'La sesión de esta barra lateral no es válida. Vuelve a abrir el ticket.',
    session_expired: 'La sesión de esta barra lateral ha finalizado. Vuelve a abrir el ticket.',
    forbidden: 'Esta barra lateral no puede hacer eso en este ticket.',
    not_found: 'Ese registro ya no existe.',
    payload_too_large: 'Es demasiado texto para enviarlo de una vez.',
    rate_limited: 'Demasiadas solicitudes ahora mismo. Vuelve a intentarlo en un momento.',
    ticket_not_found: 'Trengo no tiene ese ticket, o esta barra lateral no puede abrirlo.',
    no_contact: 'Este ticket aún no tiene un contacto de HighLevel.',
    upstream_auth: 'Se rechazó el token de la conexión. Pide a quien configuró la barra lateral que lo revise.',
    upstream_scope: 'El token de la conexión no tiene permiso para esto. Pide a quien configuró la barra lateral que añada el permiso.',
    upstream_not_found: 'Ese registro ya no existe allí.',
    upstream_rate_limited: 'El servicio está saturado y pide ir más despacio. Vuelve a intentarlo en un momento.',
    upstream_unavailable: 'El servicio no está disponible ahora. Vuelve a intentarlo en un momento.',
    upstream_timeout: 'El servicio no respondió a tiempo. Vuelve a intentarlo en un momento.',
    upstream_network: 'No se pudo conectar con el servicio. Vuelve a intentarlo en un momento.',
    upstream_invalid_response: 'El servicio dio una respuesta que la barra lateral no puede leer. Vuelve a intentarlo en un momento.',
    internal: 'Algo ha salido mal en la barra lateral. Vuelve a intentarlo en un momento.',
  },
} satisfies FirstScreenText;
