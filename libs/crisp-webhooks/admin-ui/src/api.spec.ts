import { ApiError, RefusedError, apiBase, createAdminClient, listQuery, messageOf, replayBody } from './api';

describe('the admin API as the page calls it', () => {
  it('finds the API under the path the page is served at', () => {
    expect(apiBase('/crisp/hooks/admin')).toBe('/crisp/hooks');
    expect(apiBase('/api/crisp/hooks/admin/')).toBe('/api/crisp/hooks');
  });

  it('sends only the filters that are set, with the page', () => {
    expect(listQuery({})).toBe('');
    expect(listQuery({ status: 'dead', event: '', unhandled: false }, { limit: 25 })).toBe('?status=dead&limit=25');
    expect(listQuery({ event: 'message:*', unhandled: true }, { cursor: 'abc' })).toBe(
      '?event=message%3A*&unhandled=true&cursor=abc',
    );
  });

  it('asks for the default handlers, all of them, or the ones chosen', () => {
    expect(replayBody({ kind: 'unfinished' })).toEqual({});
    expect(replayBody({ kind: 'all' })).toEqual({ all: true });
    expect(replayBody({ kind: 'chosen', handlers: ['A.b'] })).toEqual({ handlers: ['A.b'] });
  });

  it("reads Nest's error messages", () => {
    expect(messageOf({ statusCode: 401, message: 'Invalid admin token.' }, 401)).toBe('Invalid admin token.');
    expect(messageOf({ message: ['a', 'b'] }, 400)).toBe('a; b');
    expect(messageOf(null, 502)).toBe('The server answered 502.');
  });

  describe('requests', () => {
    const sent: { url: string; init: RequestInit }[] = [];
    const answer = (status: number, body: unknown) =>
      (async (url: string, init: RequestInit) => {
        sent.push({ url, init });
        return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
      }) as unknown as typeof fetch;
    beforeEach(() => (sent.length = 0));

    it('carry the token in the Authorization header, never in the URL', async () => {
      const client = createAdminClient('/crisp/hooks', () => 's3cret', answer(200, { items: [], next_cursor: null }));
      await client.list({ status: 'dead' }, { limit: 10 });
      expect(sent[0]!.url).toBe('/crisp/hooks/events?status=dead&limit=10');
      expect(sent[0]!.url).not.toContain('s3cret');
      expect((sent[0]!.init.headers as Record<string, string>).Authorization).toBe('Bearer s3cret');
      expect(sent[0]!.init.credentials).toBe('same-origin');
    });

    it('carry no Authorization header without a token (the host guard decides)', async () => {
      const client = createAdminClient('/crisp/hooks', () => null, answer(200, { handlers: [] }));
      await client.handlers();
      expect(sent[0]!.init.headers).not.toHaveProperty('Authorization');
    });

    it('post a bulk replay with the filter, the handlers and the dry run', async () => {
      const client = createAdminClient('/p', () => 't', answer(200, { queued: 3, dry_run: true }));
      await expect(client.replayMany({ status: 'dead', event: '' }, { kind: 'all' }, true)).resolves.toEqual({
        queued: 3,
        dry_run: true,
      });
      expect(sent[0]!.url).toBe('/p/events/replay');
      expect(sent[0]!.init.method).toBe('POST');
      expect(JSON.parse(sent[0]!.init.body as string)).toEqual({
        filter: { status: 'dead' },
        all: true,
        dry_run: true,
      });
    });

    it('tell a refusal from other failures', async () => {
      const refused = createAdminClient('/p', () => 'wrong', answer(401, { statusCode: 401, message: 'Unauthorized' }));
      await expect(refused.stats()).rejects.toEqual(new RefusedError(401, 'Unauthorized'));
      const missing = createAdminClient('/p', () => 't', answer(404, { statusCode: 404, message: 'No event 9.' }));
      await expect(missing.get('9')).rejects.toBeInstanceOf(ApiError);
    });
  });
});
