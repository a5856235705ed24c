import { render } from 'preact';
import { createContactApi } from './api';
import { Sidebar } from './components/Sidebar';
import { chosenLanguage, loadLocale, pickLocale, type Locale } from './language';
import { loadOtherScreens } from './components/other-screens';
import { access, takeAccess } from './access';
import { SidebarModel } from './model';
import { clearLaunchParams, takeSession } from './session';

/** Loads the words of the agent's language; should their catalog not load, tries again after a growing pause, up to 15 seconds. */
async function loadWords(wanted: Locale, pauseMs = 1000): Promise<void> {
  try {
    await loadLocale(wanted);
  } catch {
    setTimeout(() => void loadWords(wanted, Math.min(pauseMs * 2, 15_000)), pauseMs);
  }
}

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
  access.value = takeAccess(document);
  clearLaunchParams(location, history);
  const model = new SidebarModel(createContactApi({ session, fetch: options.fetch }));
  render(<Sidebar model={model} />, root);
  // The words load while the contact does; the skeleton shows until both have.
  void loadWords(pickLocale(navigator.languages, chosenLanguage()));
  loadOtherScreens();
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
