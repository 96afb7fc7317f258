import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CrispWebhooksConfigurationError } from '../errors';
import { CRISP_ADMIN_PAGE_CSP, crispAdminAssetsPath, crispAdminSignIn, readCrispAdminPage } from './crisp-admin-page';

describe('the admin page build', () => {
  let folder: string;
  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'crisp-admin-page-'));
  });
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  it('names its assets under the path the page was asked at', () => {
    writeFileSync(join(folder, 'index.html'), '<script src="%ASSETS%/app-1.js"></script>');
    expect(readCrispAdminPage(folder).html('/api/crisp/hooks/admin/assets', 'token')).toBe(
      '<script src="/api/crisp/hooks/admin/assets/app-1.js"></script>',
    );
  });

  it('cannot be made to write markup through the path', () => {
    writeFileSync(join(folder, 'index.html'), '<script src="%ASSETS%/a.js"></script>');
    expect(readCrispAdminPage(folder).html('/x"><script>alert(1)</script>', 'token')).toBe(
      '<script src="/x&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;/a.js"></script>',
    );
  });

  it('tells the script how to sign in', () => {
    writeFileSync(join(folder, 'index.html'), '<meta name="crisp-admin-sign-in" content="%SIGN_IN%" />');
    expect(readCrispAdminPage(folder).html('/a', 'host')).toBe('<meta name="crisp-admin-sign-in" content="host" />');
  });

  it('serves only the files the build wrote, by exact name, with their content type', () => {
    writeFileSync(join(folder, 'index.html'), '');
    writeFileSync(join(folder, 'app-1.js'), 'export {}');
    writeFileSync(join(folder, 'styles-1.css'), 'a{}');
    writeFileSync(join(folder, 'icon-1.svg'), '<svg/>');
    writeFileSync(join(folder, 'notes.txt'), 'not an asset');
    const page = readCrispAdminPage(folder);
    expect(page.asset('app-1.js')).toEqual({
      body: Buffer.from('export {}'),
      contentType: 'text/javascript; charset=utf-8',
    });
    expect(page.asset('styles-1.css')?.contentType).toBe('text/css; charset=utf-8');
    expect(page.asset('icon-1.svg')?.contentType).toBe('image/svg+xml');
    expect(page.asset('notes.txt')).toBeUndefined();
    expect(page.asset('index.html')).toBeUndefined();
    expect(page.asset('../admin-ui/app-1.js')).toBeUndefined();
  });

  it('fails at start-up, saying how to fix it, when the build is missing', () => {
    expect(() => readCrispAdminPage(join(folder, 'absent'))).toThrow(CrispWebhooksConfigurationError);
    expect(() => readCrispAdminPage(folder)).toThrow(/run npm run build:lib/);
  });
});

describe('crispAdminAssetsPath', () => {
  it.each([
    ['/crisp/hooks/admin', '/crisp/hooks/admin/assets'],
    ['/crisp/hooks/admin/', '/crisp/hooks/admin/assets'],
    ['/api/v1/crisp/hooks/admin?x=1', '/api/v1/crisp/hooks/admin/assets'],
  ])('%s → %s', (url, assets) => expect(crispAdminAssetsPath(url)).toBe(assets));
});

describe('crispAdminSignIn', () => {
  it('asks for a token wherever one is accepted, and for nothing when only the host guard decides', () => {
    expect(crispAdminSignIn({ tokens: ['a-token-of-sixteen-chars'] })).toBe('token');
    expect(crispAdminSignIn({ tokens: [] })).toBe('host');
  });
});

describe('the Content-Security-Policy', () => {
  it('allows no inline code, no other origin and no form submission', () => {
    const directives = new Map(CRISP_ADMIN_PAGE_CSP.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)]));
    expect(directives.get('default-src')).toEqual(["'none'"]);
    for (const name of ['script-src', 'style-src', 'connect-src', 'img-src']) {
      expect(directives.get(name)).toEqual(["'self'"]);
    }
    expect(directives.get('form-action')).toEqual(["'none'"]);
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
    expect(CRISP_ADMIN_PAGE_CSP).not.toMatch(/unsafe|https?:|\*/);
  });
});
