import { createContext } from 'preact';
import { useCallback, useContext, useEffect, useRef, useState } from 'preact/hooks';
import { RefusedError, type AdminClient } from './api';

/** What every view needs: the API client, and what to do when the server refuses the credentials. */
export interface Session {
  readonly client: AdminClient;
  readonly refused: (error: RefusedError) => void;
  readonly handlers: readonly string[];
}

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside of a signed-in page');
  return session;
}

/**
 * Runs an API call and hands its result to the view. A refusal signs the page out at once (no view keeps data
 * it had); any other failure is shown by the view.
 */
export function useCall(): <T>(
  call: () => Promise<T>,
) => Promise<{ ok: true; value: T } | { ok: false; error: Error }> {
  const { refused } = useSession();
  return useCallback(
    async <T>(call: () => Promise<T>) => {
      try {
        return { ok: true as const, value: await call() };
      } catch (error) {
        if (error instanceof RefusedError) refused(error);
        return { ok: false as const, error: error instanceof Error ? error : new Error(String(error)) };
      }
    },
    [refused],
  );
}

export interface Loaded<T> {
  readonly data: T | null;
  readonly error: Error | null;
  readonly loading: boolean;
  readonly reload: () => Promise<void>;
}

/** Loads `load()` when `key` changes, and again on `reload()`. */
export function useLoad<T>(load: () => Promise<T>, key: string): Loaded<T> {
  const run = useCall();
  // The latest closure is called; `key` alone says when it asks for something else.
  const latest = useRef(load);
  latest.current = load;
  const [state, setState] = useState<{ key: string; data: T | null; error: Error | null; loading: boolean }>({
    key,
    data: null,
    error: null,
    loading: true,
  });
  const reload = useCallback(async () => {
    setState((previous) => ({ ...previous, loading: true }));
    const result = await run(() => latest.current());
    setState(
      result.ok
        ? { key, data: result.value, error: null, loading: false }
        : { key, data: null, error: result.error, loading: false },
    );
  }, [key, run]);
  useEffect(() => {
    void reload();
  }, [reload]);
  const current = state.key === key;
  return {
    data: current ? state.data : null,
    error: current ? state.error : null,
    loading: !current || state.loading,
    reload,
  };
}
