import { render } from 'preact';
import { createContactApi } from './api';
import { Sidebar } from './components/Sidebar';
import { SidebarModel } from './model';
import { clearLaunchParams, takeSession } from './session';

export interface BootOptions {
  /** Injected so tests can answer at the network boundary. */
  fetch?: typeof fetch;
}

/** A running sidebar. */
export interface MountedSidebar {
  model: SidebarModel;
  unmount(): void;
}

/**
 * Starts the sidebar in `root`: takes the session from the page, clears the
 * launch parameters from the address, renders and loads the contact, and brings
 * in the editing UI while the contact loads.
 */
export function bootWidget(root: HTMLElement, options: BootOptions = {}): MountedSidebar {
  const session = takeSession(document);
  clearLaunchParams(location, history);
  const model = new SidebarModel(createContactApi({ session, fetch: options.fetch }));
  render(<Sidebar model={model} />, root);
  void model.load();
  void model.loadEditing();
  // The rules for writing phone numbers, a chunk of their own; numbers show as held until they load.
  import('./editing/phone-format').catch(() => undefined);
  return {
    model,
    unmount: () => {
      render(null, root);
      model.editing.value?.dispose();
    },
  };
}
