import { crispEvent, crispSignatureHeaders } from 'nestjs-crisp-webhooks/testing';
import { startExampleApp, TEST_KEY, type TestApp } from './utils/test-app';

const PLUGIN_SECRET = 'example-plugin-secret-4f1d8a2c';
const PREVIOUS_SECRET = 'example-plugin-secret-old-77b1';
const W1 = '42286ab3-b29a-4fde-8538-da0ae501d825';
const W2 = '9a7b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d';
const W1_KEY = 'example-w1-key-0c3e5a7b';

describe('Example app with CRISP_PLUGIN_SECRET, CRISP_WEBSITE_KEYS and CRISP_WEBSITES', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startExampleApp({
      env: {
        CRISP_PLUGIN_SECRET: `${PLUGIN_SECRET},${PREVIOUS_SECRET}`,
        CRISP_WEBSITE_KEYS: `${W1}:${W1_KEY}`,
        CRISP_WEBSITES: `${W1},${W2}`,
      },
    });
  });
  afterAll(() => t.close());

  it('stores and handles a signed Plugin Hook posted without a URL key', async () => {
    const text = JSON.stringify(crispEvent('message:send', { website_id: W2, data: { content: 'Signed hello' } }));
    const response = await t.post(text, { key: null, headers: crispSignatureHeaders(PLUGIN_SECRET, text) }).expect(200);
    const [row] = await t.settled();
    expect(row).toMatchObject({ id: response.body.id, website_id: W2, status: 'processed' });
    const [message] = await t.db.query(`SELECT "website_id", "content" FROM "crisp_messages"`);
    expect(message).toEqual({ website_id: W2, content: 'Signed hello' });
  });

  it('accepts the previous plugin secret while rotating, and refuses a forged signature', async () => {
    const text = JSON.stringify(crispEvent('session:set_state', { website_id: W1 }));
    await t.post(text, { key: null, headers: crispSignatureHeaders(PREVIOUS_SECRET, text) }).expect(200);
    const forged = JSON.stringify(crispEvent('session:set_state', { website_id: W1, timestamp: 2 }));
    await t.post(forged, { key: null, headers: crispSignatureHeaders('guessed-secret', forged) }).expect(401);
  });

  it('still accepts its URL keys: the global one anywhere, a website key on its own website only', async () => {
    await t.post(crispEvent('session:set_state', { website_id: W2, timestamp: 3 }), { key: TEST_KEY }).expect(200);
    await t.post(crispEvent('session:set_state', { website_id: W1, timestamp: 4 }), { key: W1_KEY }).expect(200);
    await t.post(crispEvent('session:set_state', { website_id: W2, timestamp: 5 }), { key: W1_KEY }).expect(403);
  });

  it('refuses the websites CRISP_WEBSITES does not list', async () => {
    const other = crispEvent('session:set_state', { website_id: 'not-listed-website', timestamp: 6 });
    await t.post(other, { key: TEST_KEY }).expect(403);
  });
});
