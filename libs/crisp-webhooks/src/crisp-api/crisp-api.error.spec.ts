import { CrispNonRetryableError } from '../errors';
import { CrispApiError, crispApiFailure, isRetryableCrispStatus, toCrispApiError } from './crisp-api.error';

/** The rejection `crisp-api` 11 makes for an HTTP answer of `code` (lib/crisp.ts, `__request`). */
const answered = (code: number, reason: string, message = `Got response error: ${reason}`) => ({
  reason: 'error',
  message: reason,
  code,
  data: { namespace: 'response', message },
});

describe('isRetryableCrispStatus', () => {
  it.each([null, 408, 420, 429, 500, 502, 503])('%s is retried', (status) => {
    expect(isRetryableCrispStatus(status)).toBe(true);
  });
  it.each([400, 401, 402, 403, 404, 409, 410, 413, 422])('%s is not', (status) => {
    expect(isRetryableCrispStatus(status)).toBe(false);
  });
});

describe('toCrispApiError', () => {
  it("reads an HTTP answer's status, reason and detail", () => {
    const error = toCrispApiError(answered(400, 'invalid_data', "data should have required property '.origin'"), 'x');
    expect(error).toBeInstanceOf(CrispApiError);
    expect(error).toMatchObject({ status: 400, reason: 'invalid_data', retryable: false });
    expect(error.detail).toBe("data should have required property '.origin'");
    expect(error.message).toBe(
      "Crisp API could not x: 400 invalid_data (data should have required property '.origin')",
    );
  });

  it('reads a request that got no answer as status null, whatever code crisp-api reports', () => {
    const rejection = {
      reason: 'error',
      message: 'internal_error',
      code: 500,
      data: { namespace: 'request', message: 'Got request error: TimeoutError' },
    };
    expect(toCrispApiError(rejection, 'x')).toMatchObject({
      status: null,
      reason: 'request_error',
      detail: 'Got request error: TimeoutError',
      retryable: true,
    });
  });

  it('reads a thrown Error and anything else without failing', () => {
    expect(toCrispApiError(new TypeError('fetch failed'), 'x')).toMatchObject({ status: null, detail: 'fetch failed' });
    expect(toCrispApiError(undefined, 'x')).toMatchObject({ status: null, reason: 'request_error', detail: '' });
    expect(toCrispApiError({ code: 502 }, 'x')).toMatchObject({ status: 502, reason: 'http_error' });
  });
});

describe('crispApiFailure', () => {
  it('keeps a retryable failure as the CrispApiError, for the worker to retry', () => {
    const failure = crispApiFailure(answered(429, 'rate_limited'), 'x');
    expect(failure).toBeInstanceOf(CrispApiError);
    expect(failure).not.toBeInstanceOf(CrispNonRetryableError);
  });

  it.each([400, 401, 403, 404])('turns %s into a CrispNonRetryableError caused by the CrispApiError', (status) => {
    const failure = crispApiFailure(answered(status, 'nope'), 'send a message');
    expect(failure).toBeInstanceOf(CrispNonRetryableError);
    expect(failure.cause).toMatchObject({ name: 'CrispApiError', status, reason: 'nope' });
    expect(failure.message).toBe(`Crisp API could not send a message: ${status} nope (Got response error: nope)`);
  });
});
