import { type CanActivate, type ExecutionContext, ForbiddenException, Injectable, UseGuards } from '@nestjs/common';
import { type CrispEvent, CrispWebhookRetention, OnCrispEvent } from 'nestjs-crisp-webhooks';
import { crispEvent } from 'nestjs-crisp-webhooks/testing';
import type { Page, Request, Response } from 'playwright-core';
import request from 'supertest';
import { accessibilityViolations } from './utils/axe';
import { launchChromium, type Browser } from './utils/browser';
import { startExampleApp, startHostApp, type TestApp } from './utils/test-app';
import { waitFor } from './utils/wait-for';

const ADMIN_TOKEN = 'page-e2e-admin-token-0123456789';
const FAST_DELIVERY = { pollIntervalMs: 100, leaseSeconds: 2, retry: { attempts: 1, baseDelayMs: 10, maxDelayMs: 10 } };

/** A handler whose downstream is down until the test "deploys the fix". */
@Injectable()
class OrderHandlers {
  broken = true;

  @OnCrispEvent('message:send')
  record(event: CrispEvent<'message:send'>): void {
    if (this.broken) throw new Error(`order service unavailable for ${event.data.fingerprint}`);
  }
}

/** The host application's own admin guard: admits the browsers that carry its back office's session cookie. */
@Injectable()
class HostSessionGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const cookie = context.switchToHttp().getRequest<{ headers: { cookie?: string } }>().headers.cookie ?? '';
    if (cookie.split(/;\s*/).includes('back_office_session=operator')) return true;
    throw new ForbiddenException('Sign in to the back office first.');
  }
}

/** A Chromium page on the app, with every request and answer it saw, and every error or warning it logged. */
/**
 * Waits until the focus is on the element with this text. A view moves the focus in an effect, once it is drawn,
 * so the element may be on the page a moment before it has the focus; a focus that never comes times the test out.
 */
const focusOn = (page: Page, text: RegExp) => page.locator(':focus', { hasText: text }).waitFor();

async function openPage() {
  const browser = await launchChromium();
  const requests: Request[] = [];
  const responses: Response[] = [];
  const problems: string[] = [];
  browser.context.on('request', (request) => requests.push(request));
  browser.context.on('response', (response) => responses.push(response));
  const page = await browser.context.newPage();
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    // A refused API call is logged by Chromium itself as a failed resource: that one is expected, as is the
    // favicon Chromium asks for when it shows an answer that is not the page (the host guard's refusal).
    const refusal = /status of 40[13]/.test(message.text());
    const favicon = message.location().url.endsWith('/favicon.ico');
    const logged = message.type() === 'error' || message.type() === 'warning';
    if (logged && !refusal && !favicon) problems.push(`${message.text()} (${message.location().url})`);
  });
  return { browser, page, requests, responses, problems };
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
  let requests: Request[];
  let responses: Response[];
  let problems: string[];

  beforeAll(async () => {
    t = await startHostApp({
      providers: [OrderHandlers],
      crisp: { admin: { token: ADMIN_TOKEN }, delivery: FAST_DELIVERY },
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

    ({ browser, page, requests, responses, problems } = await openPage());
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
    await page.locator('#admin-token:focus').waitFor();
    await page.keyboard.type(ADMIN_TOKEN);
    await page.keyboard.press('Enter');
    await focusOn(page, /^Overview$/);
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
    await page.getByRole('heading', { name: 'Events', exact: true }).waitFor();
    await page.getByLabel('Status').selectOption('dead');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.getByRole('heading', { name: 'Dead events' }).waitFor();
    const rows = page.getByRole('table', { name: 'Events', exact: true }).locator('tbody tr');
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
    const attempts = page.getByRole('table', { name: 'Attempts' }).locator('tbody tr');
    expect(await attempts.count()).toBe(1);
    expect(await attempts.first().innerText()).toMatch(/^1\s.*\sdead\s+failed: OrderHandlers\.record$/s);
    expect(await accessibilityViolations(page)).toEqual([]);

    t.app.get(OrderHandlers).broken = false;
    await page.getByRole('button', { name: 'Replay this event' }).click();
    await page.getByText('Ran again: now processed.').waitFor({ timeout: 10_000 });
    expect(await page.locator('#event-status').innerText()).toBe('processed');
    // The replay's run comes after the first one, and starts the count again.
    expect(await attempts.count()).toBe(2);
    expect(await attempts.nth(1).innerText()).toMatch(
      /^1\s.*\d+ (ms|s)\s+processed\s+succeeded: OrderHandlers\.record$/s,
    );
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

  it('says when retention dropped a payload, and shows none of it', async () => {
    const stored = (await t.events()).find((row) => row.event === 'session:set_email')!;
    expect(stored.status).toBe('processed');
    await t.db.query(`UPDATE "crisp_webhook_events" SET "received_at" = now() - interval '2 hours' WHERE "id" = $1`, [
      stored.id,
    ]);
    expect(await new CrispWebhookRetention(t.db).apply({ payload: '1h' })).toEqual({ deleted: 0, payloadsDropped: 1 });
    const row = (await t.events()).find((event) => event.id === stored.id) as { payload_dropped_at?: Date | null };
    expect(row).toMatchObject({ data: null, payload_dropped_at: expect.any(Date) });

    await page.evaluate(`location.hash = '#/events?event=session:set_email'`);
    const listed = page.getByRole('table', { name: 'Events', exact: true }).locator('tbody tr');
    await listed.first().waitFor();
    expect(await listed.first().innerText()).toContain('payload dropped');
    await page.getByRole('link', { name: `Event ${stored.id}, session:set_email` }).click();
    await page.getByRole('heading', { name: new RegExp(`Event #${stored.id}`) }).waitFor();
    const payload = page.getByRole('region', { name: 'Payload', exact: true });
    expect(await payload.innerText()).toMatch(/The payload was dropped by retention/);
    expect(await payload.locator('pre').count()).toBe(0);
    expect(await page.locator('body').innerText()).not.toContain('visitor@example.com');
    // What the row keeps is still there: its outcome and its runs.
    expect(await page.locator('#event-status').innerText()).toBe('processed');
    expect(await page.getByRole('table', { name: 'Attempts' }).locator('tbody tr').innerText()).toMatch(/processed/);
    expect(await accessibilityViolations(page)).toEqual([]);
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

describe('The admin page behind the host’s own guard (admin.decorators, no token)', () => {
  let t: TestApp;
  let origin: string;
  let browser: Browser;
  let page: Page;
  let requests: Request[];
  let problems: string[];
  const signedIn = () => browser.context.addCookies([{ name: 'back_office_session', value: 'operator', url: origin }]);

  beforeAll(async () => {
    t = await startHostApp({
      providers: [OrderHandlers, HostSessionGuard],
      crisp: { admin: { decorators: [UseGuards(HostSessionGuard)] }, delivery: FAST_DELIVERY },
    });
    origin = new URL(await t.listen()).origin;
    for (let fingerprint = 1; fingerprint <= 2; fingerprint++) {
      await t
        .post(crispEvent('message:send', { data: { fingerprint, content: `Order #${fingerprint}?` } }))
        .expect(200);
    }
    await waitFor(async () => (await t.events()).filter((row) => row.status === 'dead').length === 2, 10_000);
    ({ browser, page, requests, problems } = await openPage());
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('opens with the back office’s session alone: asks for no token and lists the events', async () => {
    await signedIn();
    await page.goto(`${origin}/crisp/hooks/admin`);
    await page.getByRole('heading', { name: 'Overview' }).waitFor();
    expect(await page.getByLabel('Admin token').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Sign out' }).count()).toBe(0);
    await page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'Dead' }).click();
    const rows = page.getByRole('table', { name: 'Events', exact: true }).locator('tbody tr');
    await rows.nth(1).waitFor();
    expect(await rows.count()).toBe(2);
    const id = (await t.events())[0]!.id;
    await page.getByRole('link', { name: `Event ${id}, message:send` }).click();
    await page.getByRole('heading', { name: new RegExp(`Event #${id}`) }).waitFor();
    expect(await page.getByRole('region', { name: 'Payload', exact: true }).innerText()).toContain('Order #1?');
    expect(await accessibilityViolations(page)).toEqual([]);
    const api = requests.filter((request) => /\/crisp\/hooks\/(stats|handlers|events)/.test(request.url()));
    expect(api.length).toBeGreaterThan(0);
    for (const request of api) expect(await request.headerValue('authorization')).toBeNull();
  });

  it('refuses clearly once the back office’s session is gone: every view dropped, no token asked', async () => {
    await browser.context.clearCookies();
    await page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'Events', exact: true }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.innerText()).toMatch(
      /Refused\. The application's own sign-in did not admit this browser: Sign in to the back office first\..*takes no admin token/s,
    );
    expect(await page.locator('table').count()).toBe(0);
    expect(await page.getByRole('navigation', { name: 'Views' }).count()).toBe(0);
    expect(await page.getByLabel('Admin token').count()).toBe(0);
    expect(await page.locator('body').innerText()).not.toMatch(/message:send|Order #/);
    await focusOn(page, /^Try again$/);
    expect(await accessibilityViolations(page)).toEqual([]);

    await signedIn();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Events', exact: true }).waitFor();
    const rows = page.getByRole('table', { name: 'Events', exact: true }).locator('tbody tr');
    await rows.nth(1).waitFor();
    expect(await rows.count()).toBe(2);
  });

  it('is not served at all to a browser the host’s guard refuses', async () => {
    await browser.context.clearCookies();
    const refused = await page.goto(`${origin}/crisp/hooks/admin`);
    expect(refused?.status()).toBe(403);
    expect(await page.locator('body').innerText()).toContain('Sign in to the back office first.');
    expect(await page.locator('body').innerText()).not.toMatch(/message:send|Order #/);
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
