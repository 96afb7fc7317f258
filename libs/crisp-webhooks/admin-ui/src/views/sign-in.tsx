import { useEffect, useRef, useState } from 'preact/hooks';

/**
 * Asks for the admin token. The form is never submitted to the server (the page's Content-Security-Policy
 * forbids any form action): the token goes only into the `Authorization` header of the API's requests.
 */
export function SignIn({
  refusal,
  remembered,
  busy,
  onSubmit,
}: {
  refusal: string | null;
  remembered: boolean;
  busy: boolean;
  onSubmit: (token: string, remember: boolean) => void;
}) {
  const [token, setToken] = useState('');
  const [remember, setRemember] = useState(remembered);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.focus(), [refusal]);
  return (
    <div class="sign-in">
      <h1>Sign in</h1>
      {refusal && (
        <div role="alert" class="notice notice-error refusal">
          <p>
            <strong>Refused.</strong> The server did not accept these credentials: {refusal}
          </p>
          <p>Nothing is shown until a valid admin token is entered.</p>
        </div>
      )}
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (token.trim()) onSubmit(token.trim(), remember);
        }}
      >
        <div class="field">
          <label for="admin-token">Admin token</label>
          <input
            ref={input}
            id="admin-token"
            name="admin-token"
            type="password"
            autoComplete="off"
            spellcheck={false}
            required
            aria-describedby="token-hint"
            value={token}
            onInput={(event) => setToken(event.currentTarget.value)}
          />
          <p id="token-hint" class="hint">
            The token set in the module's <code>admin.token</code>. It is sent only in the Authorization header of the
            admin API's requests, never in a URL.
          </p>
        </div>
        <div class="field field-check">
          <label>
            <input type="checkbox" checked={remember} onChange={(event) => setRemember(event.currentTarget.checked)} />{' '}
            Keep it in this tab until the tab is closed
          </label>
        </div>
        <button type="submit" class="primary" disabled={busy}>
          Sign in
        </button>
      </form>
    </div>
  );
}

/**
 * What the page shows when only the host application's own guard admits people (no admin token is configured)
 * and it refused this browser: there is nothing to type here, the person signs in to the application.
 */
export function HostSignIn({ refusal, onRetry }: { refusal: string | null; onRetry: () => void }) {
  const retry = useRef<HTMLButtonElement>(null);
  useEffect(() => retry.current?.focus(), [refusal]);
  return (
    <div class="sign-in">
      <h1>Sign in</h1>
      <div role="alert" class="notice notice-error refusal">
        <p>
          <strong>Refused.</strong> The application's own sign-in did not admit this browser
          {refusal ? `: ${refusal}` : '.'}
        </p>
        <p>
          Nothing is shown until it does. This page takes no admin token: sign in to the application in this browser,
          then try again.
        </p>
      </div>
      <button ref={retry} type="button" class="primary" onClick={onRetry}>
        Try again
      </button>
    </div>
  );
}
