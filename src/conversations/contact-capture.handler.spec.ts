import { Logger } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { getRepositoryToken } from '@nestjs/typeorm';
import { crispEvent, CrispWebhooksTesting, CrispWebhooksTestingModule } from 'nestjs-crisp-webhooks/testing';
import { ContactCaptureHandler } from './contact-capture.handler';
import { CrispContactEntity } from './crisp-contact.entity';

/*
 * A unit test of a handler as a customer of the package writes one: no HTTP, no database. The testing module runs
 * the handler through the package's own dispatcher; the repository is a stand-in that records its queries.
 */
describe('ContactCaptureHandler', () => {
  let moduleRef: TestingModule;
  let crisp: CrispWebhooksTesting;
  let queries: unknown[][];
  let failWith: Error | undefined;

  beforeEach(async () => {
    queries = [];
    failWith = undefined;
    const contacts = {
      query: async (...args: unknown[]) => {
        if (failWith) throw failWith;
        queries.push(args);
      },
    };
    moduleRef = await Test.createTestingModule({
      imports: [CrispWebhooksTestingModule],
      providers: [ContactCaptureHandler, { provide: getRepositoryToken(CrispContactEntity), useValue: contacts }],
    }).compile();
    await moduleRef.init();
    crisp = moduleRef.get(CrispWebhooksTesting);
  });

  afterEach(() => moduleRef.close());

  it('stores the email a visitor typed, keyed by website and conversation, dated by the event', async () => {
    const hook = crispEvent('session:set_email', { data: { email: 'ada@example.com' }, timestamp: 1_700_000_000_000 });

    const outcomes = await crisp.emit(hook);

    expect(outcomes).toEqual([{ handler: 'ContactCaptureHandler.capture', ok: true }]);
    expect(queries).toHaveLength(1);
    expect(queries[0][1]).toEqual([
      hook.data.website_id,
      hook.data.session_id,
      'ada@example.com',
      new Date(1_700_000_000_000),
    ]);
  });

  it('does not listen to other events', async () => {
    expect(await crisp.emit(crispEvent('message:send'))).toEqual([]);
    expect(queries).toEqual([]);
  });

  it('fails, to be retried, when the database refuses the write', async () => {
    const logError = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    failWith = new Error('connection refused');

    const outcomes = await crisp.emit(crispEvent('session:set_email'), { id: '7' });

    expect(outcomes).toEqual([{ handler: 'ContactCaptureHandler.capture', ok: false, error: failWith }]);
    expect(logError.mock.calls.map(([message]) => message)).toEqual([
      expect.stringContaining('ContactCaptureHandler.capture failed on Crisp event #7'),
    ]);
    logError.mockRestore();
  });
});
