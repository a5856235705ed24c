/** The operator's session on this page: checked at load, begun by the sign-in, ended by signing out or by the server. */
import { createModel, effect, signal } from '@preact/signals';
import { failureMessage, onSignedOut, resumeSession, signIn, signOut } from './client';

export type SessionState =
  | { kind: 'checking' }
  | { kind: 'signedOut'; notice: string | null }
  /** `fresh`: just signed in here, so the page's heading takes the focus. */
  | { kind: 'signedIn'; fresh: boolean };

export const sessionEndedNotice = 'Your session ended. Sign in again.';

export const Session = createModel(() => {
  const state = signal<SessionState>({ kind: 'checking' });
  /** The server's reason the last sign-in was refused (wrong secret, locked out). */
  const refusal = signal<string | null>(null);
  const signingIn = signal(false);
  /** Why signing out did not work, shown in the header. */
  const signOutProblem = signal<string | null>(null);

  // Any call the server answers 401 means the session is gone: back to the sign-in, saying so.
  effect(() =>
    onSignedOut(() => {
      if (state.peek().kind === 'signedIn') state.value = { kind: 'signedOut', notice: sessionEndedNotice };
    }),
  );

  return {
    state,
    refusal,
    signingIn,
    signOutProblem,
    /** At load: the session this browser already holds, if any. */
    async resume(): Promise<void> {
      try {
        state.value = (await resumeSession()) ? { kind: 'signedIn', fresh: false } : { kind: 'signedOut', notice: null };
      } catch (error) {
        state.value = { kind: 'signedOut', notice: failureMessage(error) };
      }
    },
    /** Signs in with the operator secret; answers whether it was taken. */
    async signIn(secret: string): Promise<boolean> {
      if (signingIn.peek()) return false;
      // An empty try would count towards the lockout for nothing.
      if (secret === '') {
        refusal.value = 'Type the operator secret.';
        return false;
      }
      signingIn.value = true;
      refusal.value = null;
      try {
        await signIn(secret);
        signOutProblem.value = null;
        state.value = { kind: 'signedIn', fresh: true };
        return true;
      } catch (error) {
        refusal.value = failureMessage(error);
        return false;
      } finally {
        signingIn.value = false;
      }
    },
    async signOut(): Promise<void> {
      try {
        await signOut();
        state.value = { kind: 'signedOut', notice: 'You signed out.' };
      } catch (error) {
        signOutProblem.value = failureMessage(error);
      }
    },
  };
});

export type Session = InstanceType<typeof Session>;
