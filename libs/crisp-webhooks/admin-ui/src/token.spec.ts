import { TokenStore } from './token';

function memoryStorage() {
  const items = new Map<string, string>();
  return {
    items,
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, value),
    removeItem: (key: string) => void items.delete(key),
  };
}

describe('the token store', () => {
  it('keeps the token in memory only, unless asked to keep it in the tab', () => {
    const storage = memoryStorage();
    const tokens = new TokenStore(storage);
    tokens.set('t1', false);
    expect(tokens.get()).toBe('t1');
    expect(storage.items.size).toBe(0);
    tokens.set('t2', true);
    expect(new TokenStore(storage).get()).toBe('t2');
    expect(new TokenStore(storage).remembered()).toBe(true);
  });

  it('forgets it everywhere on sign-out or refusal', () => {
    const storage = memoryStorage();
    const tokens = new TokenStore(storage);
    tokens.set('t', true);
    tokens.clear();
    expect(tokens.get()).toBeNull();
    expect(storage.items.size).toBe(0);
  });

  it('works where the tab has no storage', () => {
    const tokens = new TokenStore(null);
    tokens.set('t', true);
    expect(tokens.get()).toBe('t');
  });
});
