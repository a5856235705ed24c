import { useEffect, useRef } from 'preact/hooks';
import type { Session } from './session';

/**
 * The sign-in: the operator secret, once. A refusal is said in an alert and the focus stays in the
 * field, its text selected, to type again.
 */
export function SignIn({ session, notice }: { session: Session; notice: string | null }) {
  const field = useRef<HTMLInputElement>(null);
  const refusal = session.refusal.value;
  const signingIn = session.signingIn.value;
  useEffect(() => field.current?.focus(), []);
  const submit = async (event: Event) => {
    event.preventDefault();
    if (await session.signIn(field.current?.value ?? '')) return;
    field.current?.focus();
    field.current?.select();
  };
  return (
    <main class="sign-in-page">
      <div class="sign-in">
        <h1>Sign in to the settings</h1>
        <p class="muted">The HighLevel sidebar for Trengo. Sign in with the operator secret, OPERATOR_SECRET in the server’s settings.</p>
        <p class="notice-line" role="status">
          {notice}
        </p>
        <form onSubmit={(event) => void submit(event)} noValidate>
          <div class="field">
            <label for="operator-secret">Operator secret</label>
            <input
              id="operator-secret"
              ref={field}
              type="password"
              autocomplete="current-password"
              spellcheck={false}
              aria-invalid={refusal !== null}
              aria-describedby="sign-in-refusal"
            />
          </div>
          <p id="sign-in-refusal" class="problem" role="alert">
            {refusal}
          </p>
          <div class="buttons">
            <button type="submit" class="button button-primary" aria-disabled={signingIn}>
              {signingIn ? 'Signing in…' : 'Sign in'}
            </button>
          </div>
        </form>
      </div>
    </main>
  );
}
