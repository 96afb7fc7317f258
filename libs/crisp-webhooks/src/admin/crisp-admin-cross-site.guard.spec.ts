import { crispAdminForgeryOf } from './crisp-admin-cross-site.guard';

describe('crispAdminForgeryOf', () => {
  it('lets through reads, whoever sent them', () => {
    for (const method of ['GET', 'HEAD', 'OPTIONS', 'get']) {
      expect(crispAdminForgeryOf(method, { 'sec-fetch-site': 'cross-site' })).toBeUndefined();
    }
  });

  it('lets through a change that carries Authorization: a browser never adds it by itself', () => {
    expect(
      crispAdminForgeryOf('POST', {
        authorization: 'Bearer t',
        'sec-fetch-site': 'cross-site',
        'content-type': 'text/plain',
      }),
    ).toBeUndefined();
  });

  it('lets through a JSON change from the page itself, or from a client that is no browser', () => {
    expect(
      crispAdminForgeryOf('POST', { 'content-type': 'application/json', 'sec-fetch-site': 'same-origin' }),
    ).toBeUndefined();
    expect(crispAdminForgeryOf('POST', { 'content-type': 'application/json; charset=utf-8' })).toBeUndefined();
    expect(crispAdminForgeryOf('DELETE', {})).toBeUndefined();
  });

  it('refuses a change another site sent with the browser’s cookies', () => {
    expect(crispAdminForgeryOf('DELETE', { 'sec-fetch-site': 'cross-site' })).toMatch(
      /^Cross-site admin request refused/,
    );
    expect(crispAdminForgeryOf('POST', { 'content-type': 'application/json', 'sec-fetch-site': 'cross-site' })).toMatch(
      /^Cross-site/,
    );
  });

  it('refuses a POST a plain HTML form can send, whatever the browser says of its origin', () => {
    for (const type of [
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'text/plain',
      undefined,
    ]) {
      expect(crispAdminForgeryOf('POST', type ? { 'content-type': type } : {})).toMatch(
        /Content-Type: application\/json/,
      );
    }
  });
});
