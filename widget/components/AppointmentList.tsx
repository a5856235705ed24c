import type { Appointment } from '../../shared/api';
import { appointmentStatusLabel, formatCount, formatSpan } from '../display';
import { words } from '../language';
import { EmptyNote, Section } from './Section';

interface AppointmentsProps {
  upcoming: readonly Appointment[];
  past: readonly Appointment[];
}

/** The contact's HighLevel appointments, upcoming then past. */
export function Appointments({ upcoming, past }: AppointmentsProps) {
  const t = words();
  return (
    <Section title={t.appointments} list="Appointments" count={upcoming.length + past.length}>
      <AppointmentGroup title={t.upcoming} appointments={upcoming} empty={t.noUpcoming} />
      <AppointmentGroup title={t.past} appointments={past} empty={t.noPast} />
    </Section>
  );
}

interface GroupProps {
  title: string;
  appointments: readonly Appointment[];
  empty: string;
}

function AppointmentGroup({ title, appointments, empty }: GroupProps) {
  return (
    <>
      <h3 class="subheading">
        {title} <span class="count">{formatCount(appointments.length)}</span>
      </h3>
      {appointments.length === 0 ? (
        <EmptyNote>{empty}</EmptyNote>
      ) : (
        <ul class="items">
          {appointments.map((appointment) => (
            <AppointmentItem appointment={appointment} key={appointment.id} />
          ))}
        </ul>
      )}
    </>
  );
}

function AppointmentItem({ appointment }: { appointment: Appointment }) {
  const span = formatSpan(appointment.startTime, appointment.endTime);
  return (
    <li class="item appointment">
      <div class="item-main">
        <p class="item-title">{appointment.title}</p>
        {span && (
          <p class="item-meta">
            <time dateTime={appointment.startTime ?? undefined}>{span}</time>
          </p>
        )}
        {appointment.address && <p class="item-text">{appointment.address}</p>}
        {appointment.status && (
          <p class="item-meta">
            <span class={`badge status-${appointment.status.toLowerCase().replace(/[^a-z]/g, '')}`}>
              {appointmentStatusLabel(appointment.status)}
            </span>
          </p>
        )}
      </div>
    </li>
  );
}
