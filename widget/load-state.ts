/** Where the sidebar stands, one case per screen: read by the model, the screens and the editing UI. */
import type { ContactView } from '../shared/api';
import type { WidgetError } from './api';

type ViewOf<S extends ContactView['status']> = Extract<ContactView, { status: S }>;

export type LoadState =
  | { kind: 'loading' }
  | { kind: 'matched'; view: ViewOf<'matched'> }
  | { kind: 'notFound'; view: ViewOf<'notFound'> }
  | { kind: 'multiple'; view: ViewOf<'multiple'> }
  | { kind: 'error'; error: WidgetError };
