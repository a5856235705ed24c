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
} satisfies FirstScreenText;
