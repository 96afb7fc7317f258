import { crispReplyFingerprint } from './crisp-reply-fingerprint';

describe('crispReplyFingerprint', () => {
  it('is the same for the same event, handler and key, and a positive safe integer below 2^48', () => {
    const fingerprint = crispReplyFingerprint('42', 'Greeter.greet', 'greeting');
    expect(crispReplyFingerprint('42', 'Greeter.greet', 'greeting')).toBe(fingerprint);
    expect(Number.isSafeInteger(fingerprint) && fingerprint > 0 && fingerprint < 2 ** 48).toBe(true);
  });

  it('differs when any part differs, including where one part ends and the next begins', () => {
    const fingerprints = [
      crispReplyFingerprint('42', 'Greeter.greet', 'greeting'),
      crispReplyFingerprint('43', 'Greeter.greet', 'greeting'),
      crispReplyFingerprint('42', 'Greeter.other', 'greeting'),
      crispReplyFingerprint('42', 'Greeter.greet', 'thanks'),
      crispReplyFingerprint('4', '2Greeter.greet', 'greeting'),
    ];
    expect(new Set(fingerprints).size).toBe(fingerprints.length);
  });
});
