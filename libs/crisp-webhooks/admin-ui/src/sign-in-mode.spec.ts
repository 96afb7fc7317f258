import { signInModeOf } from './sign-in-mode';

describe('signInModeOf', () => {
  it.each([
    ['host', 'host'],
    ['token', 'token'],
    ['%SIGN_IN%', 'token'],
    [null, 'token'],
    [undefined, 'token'],
  ])('reads %s as %s', (content, mode) => expect(signInModeOf(content)).toBe(mode));
});
