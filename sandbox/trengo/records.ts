/**
 * The records the Trengo sandbox keeps, in the shapes Trengo's REST API v2 answers. Only the
 * fields public clients rely on are certain; the rest are plausible and may be ignored.
 */

/** A Trengo contact: the customer on the other side of a ticket. */
export interface TrengoContactRecord {
  id: number;
  name: string;
  full_name: string;
  email: string | null;
  /** As the customer or channel wrote it: often not E.164. */
  phone: string | null;
  /** The channel address the contact wrote from: an email address or a phone number. */
  identifier: string | null;
  abbr: string;
  color: string;
  avatar: string | null;
  is_private: boolean;
  created_at: string;
}

/** The channel a ticket came in through. */
/** A contact as Trengo makes one for a customer who wrote in, with `created_at` in Trengo's format. */
export function newTrengoContact(id: number, name: string, email: string | null, phone: string | null, createdAt: string): TrengoContactRecord {
  return {
    id,
    name,
    full_name: name,
    email,
    phone,
    identifier: email ?? phone,
    abbr: name.slice(0, 1).toUpperCase(),
    color: '#5B6AD0',
    avatar: null,
    is_private: false,
    created_at: createdAt,
  };
}

export interface TrengoChannelRecord {
  id: number;
  name: string;
  type: 'EMAIL' | 'WA_BUSINESS' | 'VOIP' | 'CHAT' | 'SMS';
}

/** A Trengo ticket with its contact and channel embedded, as `GET /tickets/{id}` answers. */
export interface TrengoTicketRecord {
  id: number;
  status: 'OPEN' | 'ASSIGNED' | 'CLOSED';
  subject: string | null;
  contact_id: number;
  channel_id: number;
  user_id: number | null;
  /** `YYYY-MM-DD HH:mm:ss` in UTC. */
  created_at: string;
  updated_at: string;
  contact: TrengoContactRecord;
  channel: TrengoChannelRecord;
}

/** A message on a ticket: from the customer (`INBOUND`), to the customer (`OUTBOUND`), or an internal note (`NOTE`). */
export interface TrengoMessageRecord {
  id: number;
  ticket_id: number;
  type: 'INBOUND' | 'OUTBOUND' | 'NOTE';
  message: string;
  internal_note: boolean;
  created_at: string;
}

/** A label agents put on tickets. */
export interface TrengoLabelRecord {
  id: number;
  name: string;
  color: string;
}
