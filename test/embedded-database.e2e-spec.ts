import { crispEvent } from 'nestjs-crisp-webhooks/testing';
import { startExampleApp, type TestApp } from './utils/test-app';

describe('Example app on the embedded PostgreSQL (PGlite), with no database server', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startExampleApp({ embedded: true })));
  afterAll(() => t.close());

  it('runs the migrations, stores hooks and runs the handlers', async () => {
    const hook = crispEvent('message:send');
    await t.post(hook).expect(200);
    await t.post(hook).expect(200, { ok: true, duplicate: true });
    await t.post(crispEvent('session:set_email', { data: { email: 'lead@example.com' } })).expect(200);
    const rows = await t.settled();
    expect(rows.map((row) => [row.event, row.status])).toEqual([
      ['message:send', 'processed'],
      ['session:set_email', 'processed'],
    ]);
    expect(await t.db.query(`SELECT "content" FROM "crisp_messages"`)).toEqual([{ content: hook.data.content }]);
    expect(await t.db.query(`SELECT "email" FROM "crisp_contacts"`)).toEqual([{ email: 'lead@example.com' }]);
  });
});
