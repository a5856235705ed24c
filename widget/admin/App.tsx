/** The page's frame: "Loading…" while the session is checked, the sign-in until one is held, then the sections. */
import { useModel } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { Session } from './session';
import { SettingsPage } from './SettingsPage';
import { SignIn } from './SignIn';

export function App() {
  const session = useModel(Session);
  useEffect(() => void session.resume(), []);
  const state = session.state.value;
  switch (state.kind) {
    case 'checking':
      return (
        <main class="sign-in-page">
          <div class="sign-in">
            <h1>Settings</h1>
            <p class="muted" role="status">
              Loading…
            </p>
          </div>
        </main>
      );
    case 'signedOut':
      return <SignIn session={session} notice={state.notice} />;
    case 'signedIn':
      return <SettingsPage session={session} fresh={state.fresh} />;
  }
}
