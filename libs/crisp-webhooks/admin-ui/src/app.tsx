import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import { RefusedError, apiBase, createAdminClient } from './api';
import { parseRoute, routeHash, type Route } from './route';
import { signInModeOf } from './sign-in-mode';
import { TokenStore } from './token';
import { SessionContext, type Session } from './use-load';
import { EventView } from './views/event';
import { Events } from './views/events';
import { Overview } from './views/overview';
import { HostSignIn, SignIn } from './views/sign-in';

type Auth =
  | { state: 'checking' }
  | { state: 'out'; refusal: string | null }
  | { state: 'in'; handlers: readonly string[]; byToken: boolean };

function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const changed = () => setRoute(parseRoute(location.hash));
    addEventListener('hashchange', changed);
    return () => removeEventListener('hashchange', changed);
  }, []);
  return route;
}

function tabStorage(): Storage | null {
  try {
    return sessionStorage;
  } catch {
    return null;
  }
}

/**
 * The page: signs in (with the token the person types, or through the host's own guard when it admits the
 * browser without one), then shows the view the fragment names. A refusal at any time drops every view.
 */
export function App() {
  // Said by the server in the page's HTML: whether a token can be accepted at all.
  const mode = useMemo(
    () => signInModeOf(document.querySelector('meta[name="crisp-admin-sign-in"]')?.getAttribute('content')),
    [],
  );
  const tokens = useMemo(() => new TokenStore(tabStorage()), []);
  const client = useMemo(() => createAdminClient(apiBase(location.pathname), () => tokens.get()), [tokens]);
  const [auth, setAuth] = useState<Auth>({ state: 'checking' });
  const route = useRoute();

  const check = useCallback(
    async (failedRefusal: (error: RefusedError) => string | null) => {
      setAuth({ state: 'checking' });
      try {
        const { handlers } = await client.handlers();
        setAuth({ state: 'in', handlers, byToken: tokens.get() !== null });
      } catch (error) {
        tokens.clear();
        const refusal = error instanceof RefusedError ? failedRefusal(error) : (error as Error).message;
        setAuth({ state: 'out', refusal });
      }
    },
    [client, tokens],
  );
  // A token kept in this tab is tried again; without one, the host's own guard may admit the browser, and a
  // refusal of that first try only means a token is needed, unless no token exists (then it is the refusal).
  useEffect(() => {
    const held = tokens.get() !== null;
    void check((error) => (held || mode === 'host' ? error.message : null));
  }, [check, mode]);

  const refused = useCallback(
    (error: RefusedError) => {
      tokens.clear();
      setAuth({ state: 'out', refusal: error.message });
    },
    [tokens],
  );
  const session = useMemo<Session | null>(
    () => (auth.state === 'in' ? { client, refused, handlers: auth.handlers } : null),
    [auth, client, refused],
  );

  return (
    <>
      <a class="skip" href="#main" onClick={skipToMain}>
        Skip to content
      </a>
      <header class="top">
        <p class="brand">Crisp web hooks</p>
        {session && <Navigation route={route} />}
        {auth.state === 'in' && auth.byToken && (
          <button
            type="button"
            class="sign-out"
            onClick={() => {
              tokens.clear();
              setAuth({ state: 'out', refusal: null });
            }}
          >
            Sign out
          </button>
        )}
      </header>
      <main id="main" tabIndex={-1}>
        {auth.state === 'checking' && <p aria-live="polite">Checking access…</p>}
        {auth.state === 'out' && mode === 'host' && (
          <HostSignIn refusal={auth.refusal} onRetry={() => void check((error) => error.message)} />
        )}
        {auth.state === 'out' && mode === 'token' && (
          <SignIn
            refusal={auth.refusal}
            remembered={tokens.remembered()}
            busy={false}
            onSubmit={(token, remember) => {
              tokens.set(token, remember);
              void check((error) => error.message);
            }}
          />
        )}
        {session && (
          <SessionContext.Provider value={session}>
            <View route={route} />
          </SessionContext.Provider>
        )}
      </main>
    </>
  );
}

function skipToMain(event: Event) {
  event.preventDefault();
  document.getElementById('main')?.focus();
}

function View({ route }: { route: Route }) {
  if (route.view === 'event') return <EventView key={route.id} id={route.id} />;
  if (route.view === 'events') return <Events key={routeHash(route)} filter={route.filter} />;
  return <Overview />;
}

const LINKS: readonly { label: string; route: Route }[] = [
  { label: 'Overview', route: { view: 'overview' } },
  { label: 'Events', route: { view: 'events', filter: {} } },
  { label: 'Dead', route: { view: 'events', filter: { status: 'dead' } } },
  { label: 'Quarantined', route: { view: 'events', filter: { status: 'invalid' } } },
];

function Navigation({ route }: { route: Route }) {
  const current = route.view === 'event' ? null : routeHash(route);
  return (
    <nav aria-label="Views">
      <ul>
        {LINKS.map((link) => {
          const hash = routeHash(link.route);
          return (
            <li key={link.label}>
              <a href={hash} aria-current={hash === current ? 'page' : undefined}>
                {link.label}
              </a>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
