import { Injectable } from '@nestjs/common';
import { type CrispEvent, OnCrispEvent } from 'nestjs-crisp-webhooks';
import { crispEvent } from 'nestjs-crisp-webhooks/testing';
import type { Page, Request, Response } from 'playwright-core';
import request from 'supertest';
import { accessibilityViolations } from './utils/axe';
import { launchChromium, type Browser } from './utils/browser';
import { startExampleApp, startHostApp, type TestApp } from './utils/test-app';
import { waitFor } from './utils/wait-for';

const ADMIN_TOKEN = 'page-e2e-admin-token-0123456789';

/** A handler whose downstream is down until the test "deploys the fix". */
@Injectable()
class OrderHandlers {
  broken = true;

  @OnCrispEvent('message:send')
  record(event: CrispEvent<'message:send'>): void {
    if (this.broken) throw new Error(`order service unavailable for ${event.data.fingerprint}`);
  }
}

/**
 * The operator's page in a real headless Chromium, against the module's real admin API on a real PostgreSQL:
 * what a person on call does when a handler broke at night.
 */
describe('The admin page in a browser', () => {
  let t: TestApp;
  let origin: string;
  let browser: Browser;
  let page: Page;
  const requests: Request[] = [];
  const responses: Response[] = [];
  const problems: string[] = [];

  beforeAll(async () => {
    t = await startHostApp({
      providers: [OrderHandlers],
      crisp: {
        admin: { token: ADMIN_TOKEN },
        delivery: { pollIntervalMs: 100, leaseSeconds: 2, retry: { attempts: 1, baseDelayMs: 10, maxDelayMs: 10 } },
      },
    });
    origin = new URL(await t.listen()).origin;
    for (let fingerprint = 1; fingerprint <= 3; fingerprint++) {
      await t
        .post(crispEvent('message:send', { data: { fingerprint, content: `Order #${fingerprint}?` } }))
        .expect(200);
    }
    await t.post(crispEvent('session:set_email', { data: { email: 'visitor@example.com' } })).expect(200);
    await t.post(crispEvent('message:send', { data: { content: 42 as unknown as string } })).expect(202);
    await waitFor(async () => (await t.events()).filter((row) => row.status === 'dead').length === 3, 10_000);

    browser = await launchChromium();
    browser.context.on('request', (request) => requests.push(request));
    browser.context.on('response', (response) => responses.push(response));
    page = await browser.context.newPage();
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      // A refused API call is logged by Chromium itself as a failed resource: that one is expected.
      const refusal = /status of 401/.test(message.text());
      if ((message.type() === 'error' || message.type() === 'warning') && !refusal) problems.push(message.text());
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const signIn = async (token: string) => {
    await page.getByLabel('Admin token').fill(token);
    await page.getByRole('button', { name: 'Sign in' }).click();
  };

  it('refuses a wrong token clearly and lists nothing', async () => {
    await page.goto(`${origin}/crisp/hooks/admin`);
    await signIn('not-the-admin-token');
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.innerText()).toMatch(/Refused\..*Nothing is shown/s);
    expect(await page.locator('table').count()).toBe(0);
    expect(await page.getByRole('navigation', { name: 'Views' }).count()).toBe(0);
    const text = await page.locator('body').innerText();
    expect(text).not.toMatch(/message:send|Order #|visitor@example\.com/);
    const apiAnswers = responses.filter((response) => /\/crisp\/hooks\/(stats|handlers|events)/.test(response.url()));
    expect(apiAnswers.length).toBeGreaterThan(0);
    expect(apiAnswers.map((response) => response.status())).toEqual(apiAnswers.map(() => 401));
    expect(await accessibilityViolations(page)).toEqual([]);
  });

  it('signs in by keyboard alone and shows the overview with the dead events counted', async () => {
    // The token field has the focus after the refusal: type the token, press Enter.
    expect(await page.evaluate('document.activeElement?.id')).toBe('admin-token');
    await page.keyboard.type(ADMIN_TOKEN);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Overview' }).waitFor();
    expect(await page.evaluate('document.activeElement?.textContent')).toBe('Overview');
    const backlog = page.getByRole('region', { name: 'Backlog', exact: true });
    expect(await backlog.innerText()).toMatch(/Dead\s*3/);
    if (process.env.CRISP_ADMIN_SCREENSHOT) {
      await page.screenshot({ path: process.env.CRISP_ADMIN_SCREENSHOT, fullPage: true });
    }
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.emulateMedia({ colorScheme: 'dark' });
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.emulateMedia({ colorScheme: 'light' });
  });

  it('filters to the dead events, opens one, replays it after the fix and sees it become processed', async () => {
    await page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'Events', exact: true }).click();
    await page.getByRole('heading', { name: 'Events' }).waitFor();
    await page.getByLabel('Status').selectOption('dead');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.getByRole('heading', { name: 'Dead events' }).waitFor();
    const rows = page.getByRole('table', { name: 'Events' }).locator('tbody tr');
    await rows.nth(2).waitFor();
    expect(await rows.count()).toBe(3);
    for (const row of await rows.all()) expect(await row.innerText()).toContain('dead');
    expect(await accessibilityViolations(page)).toEqual([]);

    const dead = (await t.events()).filter((row) => row.status === 'dead');
    const id = dead[dead.length - 1]!.id;
    await page.getByRole('link', { name: `Event ${id}, message:send` }).click();
    await page.getByRole('heading', { name: new RegExp(`Event #${id}`) }).waitFor();
    const handlers = page.getByRole('region', { name: 'Handlers', exact: true });
    expect(await handlers.innerText()).toMatch(/OrderHandlers\.record\s+dead\s+order service unavailable for 3/);
    const payload = page.getByRole('region', { name: 'Payload', exact: true });
    expect(await payload.locator('pre').innerText()).toContain('"content": "Order #3?"');
    expect(await accessibilityViolations(page)).toEqual([]);

    t.app.get(OrderHandlers).broken = false;
    await page.getByRole('button', { name: 'Replay this event' }).click();
    await page.getByText('Ran again: now processed.').waitFor({ timeout: 10_000 });
    expect(await page.locator('#event-status').innerText()).toBe('processed');
    const rowsAfter = await t.events();
    expect(rowsAfter.find((row) => row.id === id)?.status).toBe('processed');
    expect(rowsAfter.filter((row) => row.status === 'dead')).toHaveLength(2);
  });

  it('replays the remaining dead events in bulk after a dry-run count the person confirms', async () => {
    await page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'Dead' }).click();
    await page.getByRole('heading', { name: 'Dead events' }).waitFor();
    const bulk = page.getByRole('region', { name: 'Replay every event this filter matches' });
    await bulk.getByLabel('Only these:').check();
    await bulk.getByLabel('OrderHandlers.record').check();
    await bulk.getByRole('button', { name: 'Count the events to replay' }).click();
    await bulk.getByText('2 events would be queued again').waitFor();
    expect((await t.events()).filter((row) => row.status === 'dead')).toHaveLength(2);
    await bulk.getByRole('button', { name: 'Replay 2 events' }).click();
    await bulk.getByText(/Finished: 2 queued and run; .* 0 dead\./).waitFor({ timeout: 10_000 });
    const rows = await t.events();
    expect(rows.filter((row) => row.event === 'message:send' && row.status === 'processed')).toHaveLength(3);
    expect(await page.getByText('No event matches.').count()).toBe(1);
  });

  it('fits a phone-sized screen without sideways scrolling of the page', async () => {
    await page.setViewportSize({ width: 360, height: 740 });
    for (const view of ['#/', '#/events?status=dead', `#/events/${(await t.events())[0]!.id}`]) {
      await page.evaluate(`location.hash = ${JSON.stringify(view)}`);
      await page.locator('h1').waitFor();
      await page.getByText('Loading…').waitFor({ state: 'detached' });
      expect(await page.evaluate('document.documentElement.scrollWidth <= innerWidth')).toBe(true);
      expect(await accessibilityViolations(page)).toEqual([]);
    }
  });

  it('went to no other host, never put the token in a URL, and kept to its Content-Security-Policy', async () => {
    expect(requests.length).toBeGreaterThan(0);
    for (const request of requests) {
      expect(new URL(request.url()).origin).toBe(origin);
      expect(request.url()).not.toContain(ADMIN_TOKEN);
    }
    const shell = responses.filter((response) => /\/admin(\/assets\/[^/]+)?$/.test(new URL(response.url()).pathname));
    expect(shell.map((response) => new URL(response.url()).pathname.split('/').pop()!.split('-')[0])).toEqual(
      expect.arrayContaining(['admin', 'app', 'styles']),
    );
    for (const response of shell) {
      const csp = (await response.allHeaders())['content-security-policy'];
      expect(csp).toContain("default-src 'none'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toContain('unsafe');
    }
    expect(problems).toEqual([]);
  });
});

describe('Where the admin page is served', () => {
  it('is not served while the admin API is off', async () => {
    const t = await startHostApp();
    try {
      await request(t.app.getHttpServer()).get('/crisp/hooks/admin').expect(404);
      await request(t.app.getHttpServer()).get('/crisp/hooks/admin/assets/index.html').expect(404);
    } finally {
      await t.close();
    }
  });

  it('is served by the example app when CRISP_ADMIN_TOKEN is set, and serves only its own build', async () => {
    const t = await startExampleApp({ env: { CRISP_ADMIN_TOKEN: ADMIN_TOKEN } });
    try {
      const server = t.app.getHttpServer();
      const shell = await request(server)
        .get('/crisp/hooks/admin')
        .expect(200)
        .expect('Content-Type', /text\/html/);
      expect(shell.headers['content-security-policy']).toMatch(/^default-src 'none'; script-src 'self';/);
      expect(shell.headers['cache-control']).toBe('no-store');
      const script = /src="(\/crisp\/hooks\/admin\/assets\/app-[\w]+\.js)"/.exec(shell.text)![1]!;
      const asset = await request(server)
        .get(script)
        .expect(200)
        .expect('Content-Type', /text\/javascript/);
      expect(asset.headers['content-security-policy']).toBe(shell.headers['content-security-policy']);
      expect(asset.headers['x-content-type-options']).toBe('nosniff');
      // The page and its assets hold no data: nothing of the stored events, no token.
      expect(shell.text + asset.text).not.toContain(ADMIN_TOKEN);
      for (const path of ['index.html', '..%2Fadmin%2Fcrisp-admin-page.js', '%2E%2E', 'x.map']) {
        await request(server).get(`/crisp/hooks/admin/assets/${path}`).expect(404);
      }
    } finally {
      await t.close();
    }
  });
});
