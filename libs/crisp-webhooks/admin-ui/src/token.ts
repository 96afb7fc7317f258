const KEY = 'crisp-admin-token';

/**
 * Holds the admin token for the page: in memory, and in this tab's `sessionStorage` only when the person asks
 * (it survives a reload then, and goes when the tab closes). Never in a URL, a cookie or `localStorage`.
 */
export class TokenStore {
  private token: string | null;

  constructor(private readonly storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | null) {
    this.token = storage?.getItem(KEY) ?? null;
  }

  get(): string | null {
    return this.token;
  }

  /** Whether the token was kept in the tab's storage (the sign-in form's checkbox starts as it was). */
  remembered(): boolean {
    return this.storage?.getItem(KEY) != null;
  }

  set(token: string, remember: boolean): void {
    this.token = token;
    if (remember) this.storage?.setItem(KEY, token);
    else this.storage?.removeItem(KEY);
  }

  clear(): void {
    this.token = null;
    this.storage?.removeItem(KEY);
  }
}
