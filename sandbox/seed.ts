/**
 * Deterministic demo data shared by the HighLevel and Trengo sandboxes. Every date is computed
 * from the `now` given to `createSeed`, so overdue stays overdue and upcoming stays upcoming
 * however long after writing the demo runs.
 */
import type {
  GhlAppointmentRecord,
  GhlContactRecord,
  GhlCustomFieldValue,
  GhlNoteRecord,
  GhlTaskRecord,
} from './highlevel/records';
import { newTrengoContact, type TrengoChannelRecord, type TrengoContactRecord, type TrengoTicketRecord } from './trengo/records';

/** The HighLevel sub-account (location) the sandbox serves. */
export const demoLocationId = 'demoLocation0000000a';
/** The location's time zone: HighLevel answers appointment times as wall-clock times in it. */
export const demoLocationTimezone = 'America/Los_Angeles';

/** Trengo ticket ids, one per way the sidebar can resolve a customer. */
export const demoTickets = {
  /** Email matches one HighLevel contact (written in another case). */
  matched: '1001',
  /** Name, email and phone match nothing in HighLevel. */
  notFound: '1002',
  /** No email; a local-format phone that two HighLevel contacts share. */
  multiple: '1003',
  /** No email; a local-format phone that matches exactly one HighLevel contact. */
  phoneMatch: '1004',
} as const;

/** HighLevel contact ids of the contacts the tests talk about. */
export const demoContacts = {
  /** The customer of ticket 1001, with tasks, notes, appointments and a company. */
  mariaJansen: 'mJ7kQ2xN9pL4vR8tW3zA',
  pieterJansen: 'pJ2hT6yB1cK8sD4fG9qE',
  sofieDeVries: 'sV5nM3wX8rZ1bH6jL2tY',
  /** Shares +14155550134 with Grace Okafor (ticket 1003). */
  danielOkafor: 'dO4pR7vC2kW9mN5xQ1sF',
  /** Shares +14155550134 with Daniel Okafor (ticket 1003). */
  graceOkafor: 'gO8tL3yH6bJ1nV4zK7wD',
  /** The only contact with +14155550199 (ticket 1004). */
  liamChen: 'lC1wF5qS9dP3xM7rT2gB',
  avaMartinez: 'aM6zB2kY8hR4tN1vC5pQ',
  noahWilliams: 'nW3xD7mL1sG5qK9bF2yH',
  emmaRossi: 'eR9vK4tP2wC6zX1hM8nJ',
  lucasMuller: 'lM2yQ8bN5fT1rD6kW3sX',
  oliviaBrown: 'oB7gH1cV4xL9pS2mZ6tR',
  ethanPark: 'eP5sW9nK3qB7yF1dJ4hL',
} as const;

/** The business (company record) Maria Jansen and two colleagues belong to. */
export const demoBusinessId = '641c094001436dbc2081e642';

/** Maria Jansen's tasks, one of each kind the sidebar shows differently. */
export const demoTasks = {
  overdue: 'tK1aQ9wE3rT7yU5iO2pA',
  dueNextWeek: 'tK2sD8fG4hJ6kL1zX3cV',
  completed: 'tK3bN7mQ2wE5rT9yU1iO',
  withoutBody: 'tK4pA6sD1fG8hJ3kL5zX',
} as const;

/** Maria Jansen's notes; `html` holds markup and hostile script the widget must neutralise. */
export const demoNotes = {
  html: 'nT1cV5bN9mQ3wE7rT2yU',
  plain: 'nT2iO6pA1sD4fG8hJ3kL',
  multiline: 'nT3zX7cV2bN5mQ9wE1rT',
} as const;

/** Maria Jansen's appointments: two upcoming, two past. */
export const demoAppointments = {
  upcomingSoon: 'aP1yU4iO8pA2sD6fG3hJ',
  upcomingLater: 'aP2kL7zX1cV5bN9mQ4wE',
  pastRecent: 'aP3rT8yU2iO6pA1sD5fG',
  pastOlder: 'aP4hJ9kL3zX7cV2bN6mQ',
} as const;

/** Trengo contact ids of the ticket contacts above. */
export const demoTrengoContacts = {
  mariaJansen: 5101,
  tomBakker: 5102,
  okaforHousehold: 5103,
  liamChen: 5104,
} as const;

/** HighLevel users (staff) that tasks, notes and appointments are assigned to. */
export const demoUsers = {
  annaVisser: 'uA3nV8sR1tQ6wE9yK2pL',
  markDeBoer: 'uM7dB2oE5rW1qT4yU8iP',
} as const;

/** Everything both sandboxes start with. */
export interface Seed {
  /** The moment every relative date was computed from. */
  now: Date;
  location: { id: string; name: string; timezone: string };
  ghl: {
    contacts: GhlContactRecord[];
    tasks: GhlTaskRecord[];
    notes: GhlNoteRecord[];
    appointments: GhlAppointmentRecord[];
  };
  trengo: {
    channels: TrengoChannelRecord[];
    contacts: TrengoContactRecord[];
    tickets: TrengoTicketRecord[];
  };
}

const dayMs = 24 * 60 * 60 * 1000;
const hourMs = 60 * 60 * 1000;

/** Builds the demo data with every date placed relative to `now`. */
export function createSeed(now: Date = new Date()): Seed {
  const at = (offsetMs: number) => new Date(now.getTime() + offsetMs).toISOString();
  const wallClock = (dayOffset: number, time: string) =>
    `${localDate(new Date(now.getTime() + dayOffset * dayMs), demoLocationTimezone)} ${time}:00`;

  const contacts: GhlContactRecord[] = [
    ghlContact({
      id: demoContacts.mariaJansen,
      firstName: 'Maria',
      lastName: 'Jansen',
      email: 'maria@jansen-interiors.example',
      phone: '+14155550101',
      companyName: 'Jansen Interiors',
      businessId: demoBusinessId,
      tags: ['vip', 'kitchen remodel', 'newsletter', 'referral'],
      source: 'Website form',
      assignedTo: demoUsers.annaVisser,
      address1: '1200 Valencia St',
      city: 'San Francisco',
      state: 'CA',
      postalCode: '94110',
      website: 'https://jansen-interiors.example',
      dateAdded: at(-210 * dayMs),
      dateUpdated: at(-2 * dayMs),
      customFields: [
        { id: 'cfBudget000000000001', value: '45000' },
        { id: 'cfProjectType0000001', value: 'Kitchen remodel' },
      ],
    }),
    ghlContact({
      id: demoContacts.pieterJansen,
      firstName: 'Pieter',
      lastName: 'Jansen',
      email: 'pieter@jansen-interiors.example',
      phone: '+14155550102',
      companyName: 'Jansen Interiors',
      businessId: demoBusinessId,
      tags: ['billing contact'],
      source: 'Referral',
      dateAdded: at(-200 * dayMs),
      dateUpdated: at(-40 * dayMs),
    }),
    ghlContact({
      id: demoContacts.sofieDeVries,
      firstName: 'Sofie',
      lastName: 'de Vries',
      email: 'sofie@jansen-interiors.example',
      phone: '+14155550103',
      companyName: 'Jansen Interiors',
      businessId: demoBusinessId,
      tags: ['designer'],
      source: 'Referral',
      dateAdded: at(-180 * dayMs),
      dateUpdated: at(-90 * dayMs),
    }),
    ghlContact({
      id: demoContacts.danielOkafor,
      firstName: 'Daniel',
      lastName: 'Okafor',
      email: 'daniel.okafor@example.com',
      phone: '+14155550134',
      companyName: 'Okafor Family',
      tags: ['homeowner', 'bathroom'],
      source: 'Phone call',
      city: 'Oakland',
      state: 'CA',
      dateAdded: at(-120 * dayMs),
      dateUpdated: at(-10 * dayMs),
    }),
    ghlContact({
      id: demoContacts.graceOkafor,
      firstName: 'Grace',
      lastName: 'Okafor',
      email: 'grace.okafor@example.com',
      phone: '+14155550134',
      companyName: 'Okafor Family',
      tags: ['homeowner'],
      source: 'Phone call',
      city: 'Oakland',
      state: 'CA',
      dateAdded: at(-118 * dayMs),
      dateUpdated: at(-30 * dayMs),
    }),
    ghlContact({
      id: demoContacts.liamChen,
      firstName: 'Liam',
      lastName: 'Chen',
      email: 'liam.chen@example.org',
      phone: '+14155550199',
      companyName: 'Chen Dental Studio',
      tags: ['commercial', 'lead'],
      source: 'Facebook ad',
      dateAdded: at(-45 * dayMs),
      dateUpdated: at(-5 * dayMs),
      customFields: [{ id: 'cfProjectType0000001', value: 'Office fit-out' }],
    }),
    ghlContact({
      id: demoContacts.avaMartinez,
      firstName: 'Ava',
      lastName: 'Martinez',
      email: 'ava.martinez@example.com',
      phone: '+14155550145',
      tags: ['lead'],
      source: 'Website form',
      dateAdded: at(-20 * dayMs),
      dateUpdated: at(-20 * dayMs),
    }),
    ghlContact({
      id: demoContacts.noahWilliams,
      firstName: 'Noah',
      lastName: 'Williams',
      email: 'noah@williams-build.example',
      phone: '+14155550156',
      companyName: 'Williams Build Co',
      tags: ['contractor', 'partner'],
      source: 'Trade show',
      dateAdded: at(-300 * dayMs),
      dateUpdated: at(-60 * dayMs),
    }),
    ghlContact({
      id: demoContacts.emmaRossi,
      firstName: 'Emma',
      lastName: 'Rossi',
      email: 'emma.rossi@example.net',
      phone: '+14155550167',
      tags: ['newsletter'],
      source: 'Newsletter signup',
      dateAdded: at(-75 * dayMs),
      dateUpdated: at(-75 * dayMs),
    }),
    ghlContact({
      id: demoContacts.lucasMuller,
      firstName: 'Lucas',
      lastName: 'Müller',
      email: 'lucas.mueller@example.de',
      phone: '+14155550178',
      companyName: 'Müller & Söhne',
      tags: ['commercial'],
      source: 'Referral',
      dateAdded: at(-150 * dayMs),
      dateUpdated: at(-12 * dayMs),
    }),
    ghlContact({
      id: demoContacts.oliviaBrown,
      firstName: 'Olivia',
      lastName: 'Brown',
      email: 'olivia.brown@example.com',
      tags: ['past customer'],
      source: 'Website form',
      dateAdded: at(-400 * dayMs),
      dateUpdated: at(-100 * dayMs),
    }),
    ghlContact({
      id: demoContacts.ethanPark,
      firstName: 'Ethan',
      lastName: 'Park',
      phone: '+14155550189',
      tags: ['lead', 'callback requested'],
      source: 'Phone call',
      dateAdded: at(-3 * dayMs),
      dateUpdated: at(-3 * dayMs),
    }),
  ];

  const tasks: GhlTaskRecord[] = [
    {
      id: demoTasks.overdue,
      contactId: demoContacts.mariaJansen,
      title: 'Send revised kitchen quote',
      body: 'Include the quartz countertop option and the revised cabinet count.',
      assignedTo: demoUsers.annaVisser,
      dueDate: at(-3 * dayMs),
      completed: false,
    },
    {
      id: demoTasks.dueNextWeek,
      contactId: demoContacts.mariaJansen,
      title: 'Confirm tile delivery window',
      body: 'Supplier needs a two-hour window; Maria prefers mornings.',
      assignedTo: demoUsers.markDeBoer,
      dueDate: at(7 * dayMs),
      completed: false,
    },
    {
      id: demoTasks.completed,
      contactId: demoContacts.mariaJansen,
      title: 'Call back about countertop samples',
      body: 'Samples picked up from the showroom.',
      assignedTo: demoUsers.annaVisser,
      dueDate: at(-10 * dayMs),
      completed: true,
    },
    {
      id: demoTasks.withoutBody,
      contactId: demoContacts.mariaJansen,
      title: 'Book site measurement',
      dueDate: at(2 * dayMs + 4 * hourMs),
      completed: false,
    },
    {
      id: 'tK5hJ2kL9zX4cV8bN1mQ',
      contactId: demoContacts.liamChen,
      title: 'Send office fit-out brochure',
      body: 'He asked for references from other dental practices.',
      assignedTo: demoUsers.markDeBoer,
      dueDate: at(1 * dayMs),
      completed: false,
    },
    {
      id: 'tK6wE3rT8yU1iO5pA9sD',
      contactId: demoContacts.danielOkafor,
      title: 'Follow up on bathroom estimate',
      dueDate: at(-1 * dayMs),
      completed: false,
    },
  ];

  const notes: GhlNoteRecord[] = [
    {
      id: demoNotes.html,
      contactId: demoContacts.mariaJansen,
      userId: demoUsers.annaVisser,
      body:
        '<p>Called about the <b>kitchen remodel</b> quote.<br>Wants oak fronts &amp; a quartz top.</p>' +
        '<script>alert(1)</script><img src=x onerror=alert(1)>' +
        '<p>Budget confirmed: <b>$45,000</b>.</p>',
      dateAdded: at(-1 * dayMs),
    },
    {
      id: demoNotes.plain,
      contactId: demoContacts.mariaJansen,
      userId: demoUsers.markDeBoer,
      body: 'Prefers WhatsApp after 6 pm. Do not call during school pick-up (3-4 pm).',
      dateAdded: at(-6 * dayMs),
    },
    {
      id: demoNotes.multiline,
      contactId: demoContacts.mariaJansen,
      userId: demoUsers.annaVisser,
      body: 'First consultation summary:\n- open-plan kitchen\n- keep the existing window\n- start after the summer',
      dateAdded: at(-30 * dayMs),
    },
    {
      id: 'nT4yU8iO3pA7sD1fG5hJ',
      contactId: demoContacts.liamChen,
      userId: demoUsers.markDeBoer,
      body: '<p>Two treatment rooms and a reception. Needs work done on weekends only.</p>',
      dateAdded: at(-4 * dayMs),
    },
    {
      id: 'nT5kL9zX4cV8bN2mQ6wE',
      contactId: demoContacts.danielOkafor,
      body: 'Shares the household phone with Grace.',
      dateAdded: at(-100 * dayMs),
    },
  ];

  const appointment = (
    id: string,
    contactId: string,
    title: string,
    day: number,
    start: string,
    end: string,
    appointmentStatus: string,
    address?: string,
  ): GhlAppointmentRecord => ({
    id,
    contactId,
    locationId: demoLocationId,
    calendarId: 'cAl7Xq2Wd9Rk4Np1Ms6B',
    title,
    status: appointmentStatus === 'cancelled' ? 'cancelled' : 'booked',
    appointmentStatus,
    assignedUserId: demoUsers.annaVisser,
    ...(address === undefined ? {} : { address }),
    startTime: wallClock(day, start),
    endTime: wallClock(day, end),
    dateAdded: wallClock(Math.min(day, 0) - 14, '09:12'),
    dateUpdated: wallClock(Math.min(day, 0) - 1, '17:45'),
  });

  const appointments: GhlAppointmentRecord[] = [
    appointment(
      demoAppointments.upcomingSoon,
      demoContacts.mariaJansen,
      'Site measurement',
      2,
      '10:00',
      '11:00',
      'confirmed',
      '1200 Valencia St, San Francisco, CA 94110',
    ),
    appointment(
      demoAppointments.upcomingLater,
      demoContacts.mariaJansen,
      'Design review',
      9,
      '14:30',
      '15:30',
      'confirmed',
      'Showroom, 88 Townsend St, San Francisco',
    ),
    appointment(
      demoAppointments.pastRecent,
      demoContacts.mariaJansen,
      'Showroom visit',
      -5,
      '16:00',
      '17:00',
      'showed',
      'Showroom, 88 Townsend St, San Francisco',
    ),
    appointment(
      demoAppointments.pastOlder,
      demoContacts.mariaJansen,
      'Initial consultation',
      -30,
      '11:00',
      '11:45',
      'showed',
    ),
    appointment(
      'aP5zX1cV6bN2mQ7wE3rT',
      demoContacts.liamChen,
      'Office walkthrough',
      4,
      '08:30',
      '09:30',
      'confirmed',
    ),
  ];

  const trengoCreated = (offsetMs: number) => trengoTimestamp(new Date(now.getTime() + offsetMs));

  const channels: TrengoChannelRecord[] = [
    { id: 301, name: 'Support email', type: 'EMAIL' },
    { id: 302, name: 'WhatsApp Business', type: 'WA_BUSINESS' },
    { id: 303, name: 'Phone', type: 'VOIP' },
    { id: 304, name: 'Website chat', type: 'CHAT' },
  ];

  const trengoContact = (id: number, name: string, email: string | null, phone: string | null, createdDaysAgo: number): TrengoContactRecord =>
    newTrengoContact(id, name, email, phone, trengoCreated(-createdDaysAgo * dayMs));

  const trengoContacts: TrengoContactRecord[] = [
    trengoContact(demoTrengoContacts.mariaJansen, 'Maria Jansen', 'Maria@Jansen-Interiors.example', null, 190),
    trengoContact(demoTrengoContacts.tomBakker, 'Tom Bakker', 'tom.bakker@example.net', '+44 20 7946 0958', 2),
    trengoContact(demoTrengoContacts.okaforHousehold, 'Okafor', null, '(415) 555-0134', 60),
    trengoContact(demoTrengoContacts.liamChen, 'Liam', null, '415.555.0199', 10),
    trengoContact(5105, 'Noah Williams', 'Noah@Williams-Build.example', null, 250),
    trengoContact(5106, 'Emma Rossi', 'emma.rossi@example.net', '+1 415 555 0167', 70),
    trengoContact(5107, 'Priya Raman', 'priya.raman@example.com', null, 1),
    trengoContact(5108, 'Ethan Park', null, '+1 (415) 555-0189', 3),
    trengoContact(5109, 'Website visitor', null, null, 0),
  ];

  const contactById = new Map(trengoContacts.map((contact) => [contact.id, contact]));
  const channelById = new Map(channels.map((channel) => [channel.id, channel]));
  const ticket = (
    id: number,
    contactId: number,
    channelId: number,
    status: TrengoTicketRecord['status'],
    subject: string | null,
    createdHoursAgo: number,
  ): TrengoTicketRecord => {
    const contact = contactById.get(contactId);
    const channel = channelById.get(channelId);
    if (!contact || !channel) throw new Error(`seed ticket ${id} refers to a missing contact or channel`);
    return {
      id,
      status,
      subject,
      contact_id: contactId,
      channel_id: channelId,
      user_id: status === 'OPEN' ? null : 44,
      created_at: trengoCreated(-createdHoursAgo * hourMs),
      updated_at: trengoCreated(-Math.max(createdHoursAgo - 1, 0) * hourMs),
      contact,
      channel,
    };
  };

  const tickets: TrengoTicketRecord[] = [
    ticket(Number(demoTickets.matched), demoTrengoContacts.mariaJansen, 301, 'OPEN', 'Question about my kitchen quote', 3),
    ticket(Number(demoTickets.notFound), demoTrengoContacts.tomBakker, 301, 'OPEN', 'Do you also work in Rotterdam?', 5),
    ticket(Number(demoTickets.multiple), demoTrengoContacts.okaforHousehold, 302, 'ASSIGNED', null, 8),
    ticket(Number(demoTickets.phoneMatch), demoTrengoContacts.liamChen, 303, 'OPEN', 'Missed call', 1),
    ticket(1005, 5105, 301, 'ASSIGNED', 'Invoice for the Mission St project', 26),
    ticket(1006, 5106, 302, 'OPEN', 'Newsletter unsubscribe', 30),
    ticket(1007, 5107, 304, 'OPEN', 'Chat: price of a bathroom refit', 2),
    ticket(1008, 5108, 303, 'OPEN', 'Callback request', 12),
    ticket(1009, 5109, 304, 'CLOSED', 'Chat: opening hours', 50),
    ticket(1010, demoTrengoContacts.mariaJansen, 301, 'CLOSED', 'Showroom visit confirmation', 130),
    ticket(1011, 5105, 301, 'CLOSED', 'Subcontractor availability', 400),
    ticket(1012, 5106, 302, 'CLOSED', 'Thanks for the quick fix!', 700),
    // A second ticket of the not-found customer of 1007: a contact linked on one opens on the other.
    ticket(1013, 5107, 301, 'OPEN', 'Bathroom refit: photos of the room', 1),
  ];

  return {
    now: new Date(now.getTime()),
    location: { id: demoLocationId, name: 'Bayside Renovations', timezone: demoLocationTimezone },
    ghl: { contacts, tasks, notes, appointments },
    trengo: { channels, contacts: trengoContacts, tickets },
  };
}

interface ContactSeed {
  id: string;
  firstName: string;
  lastName: string;
  email?: string;
  phone?: string;
  companyName?: string;
  businessId?: string;
  tags: string[];
  source: string;
  assignedTo?: string;
  address1?: string;
  city?: string;
  state?: string;
  postalCode?: string;
  website?: string;
  dateAdded: string;
  dateUpdated: string;
  customFields?: GhlCustomFieldValue[];
}

/** Fills in the fields HighLevel derives from the ones a person typed. */
function ghlContact(seed: ContactSeed): GhlContactRecord {
  const { customFields = [], ...fields } = seed;
  const name = `${seed.firstName} ${seed.lastName}`;
  return {
    ...fields,
    locationId: demoLocationId,
    name,
    firstNameLowerCase: seed.firstName.toLowerCase(),
    lastNameLowerCase: seed.lastName.toLowerCase(),
    fullNameLowerCase: name.toLowerCase(),
    ...(seed.email === undefined ? {} : { emailLowerCase: seed.email.toLowerCase() }),
    timezone: demoLocationTimezone,
    country: 'US',
    dnd: false,
    type: seed.tags.includes('lead') ? 'lead' : 'customer',
    customFields,
  };
}

/** The calendar date (`YYYY-MM-DD`) of an instant in a time zone. */
function localDate(instant: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(instant);
}

/** Trengo's timestamp style: `YYYY-MM-DD HH:mm:ss` in UTC. */
function trengoTimestamp(instant: Date): string {
  return instant.toISOString().slice(0, 19).replace('T', ' ');
}
