const REDACTED = 'REDACTED';

/** A query parameter name as a query parser reads it: `+` is a space, and bad escapes stay as they are. */
function decodedName(name: string): string {
  const spaced = name.replace(/\+/g, ' ');
  try {
    return decodeURIComponent(spaced);
  } catch {
    return spaced;
  }
}

/** Whether a query parameter, its name decoded, is one a query parser would read as `key`. @internal */
export const isCrispKeyParameter = (name: string): boolean => /^key([[.]|$)/i.test(name);

/**
 * `url` with the value of every `key` query parameter replaced by `REDACTED`, for request logs and error
 * reports of the host app: the hook key travels in the URL. Catches the spellings a query parser would
 * read as `key` (`?key=`, `?%6Bey=`, `?key[]=`, `?key.a=`, repeated keys), in any case; the rest is kept.
 *
 * @example
 * logger.log(`${request.method} ${redactCrispUrl(request.originalUrl)}`);
 * @publicApi
 */
export function redactCrispUrl(url: string): string {
  const start = url.indexOf('?');
  if (start === -1) return url;
  const hash = url.indexOf('#', start);
  const end = hash === -1 ? url.length : hash;
  const query = url
    .slice(start + 1, end)
    .split('&')
    .map((parameter) => {
      const separator = parameter.indexOf('=');
      const name = separator === -1 ? parameter : parameter.slice(0, separator);
      return isCrispKeyParameter(decodedName(name)) ? `${name}=${REDACTED}` : parameter;
    })
    .join('&');
  return `${url.slice(0, start + 1)}${query}${url.slice(end)}`;
}
