/**
 * How the page signs in, as the server that served it says in its `crisp-admin-sign-in` meta tag: `token`, the
 * person types the admin token; `host`, the host application's own guard admits the browser (its session cookie)
 * and no token exists to ask for. Anything else is read as `token`, the mode that works with every server.
 */
export type SignInMode = 'token' | 'host';

export const signInModeOf = (content: string | null | undefined): SignInMode => (content === 'host' ? 'host' : 'token');
