/** The other contacts of the business the matched contact belongs to. */
import { createModel, signal } from '@preact/signals';
import type { BusinessContact } from '../../shared/actions';
import { failureMessage, type EditingApi } from './client';

export type ColleaguesState =
  | { kind: 'idle' }
  | { kind: 'loading' }
  | { kind: 'loaded'; contacts: BusinessContact[] }
  | { kind: 'failed'; message: string };

export const Colleagues = createModel((api: EditingApi) => {
  const state = signal<ColleaguesState>({ kind: 'idle' });
  /** The contact the list was loaded for. */
  const contactId = signal<string | null>(null);

  async function load(forContact: string): Promise<void> {
    contactId.value = forContact;
    state.value = { kind: 'loading' };
    try {
      const contacts = (await api.colleagues()).filter((colleague) => colleague.id !== forContact);
      if (contactId.value === forContact) state.value = { kind: 'loaded', contacts };
    } catch (error) {
      if (contactId.value === forContact) state.value = { kind: 'failed', message: failureMessage(error) };
    }
  }

  return {
    state,
    contactId,
    /** Loads the list once per contact shown. */
    show(forContact: string): void {
      if (contactId.value !== forContact) void load(forContact);
    },
    retry(): void {
      if (contactId.value) void load(contactId.value);
    },
  };
});

export type Colleagues = InstanceType<typeof Colleagues>;
