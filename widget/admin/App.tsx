/** The page's frame: the sign-in until a session is held, then the sections. */
import { signal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { resumeSession } from './client';

const state = signal<'checking' | 'signedOut' | 'signedIn'>('checking');

export function App() {
  useEffect(() => {
    void resumeSession().then((session) => (state.value = session ? 'signedIn' : 'signedOut'));
  }, []);
  return (
    <main>
      <h1>Settings</h1>
      <p>{state.value}</p>
    </main>
  );
}
