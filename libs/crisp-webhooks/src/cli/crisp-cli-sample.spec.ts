import 'reflect-metadata';
import { CRISP_EVENT_NAMES } from '../events/crisp-event-pattern.util';
import { SAMPLE_WEBSITE_ID } from '../testing/crisp-event-samples';
import { crispCliSample } from './crisp-cli-sample';
import { CrispCliUsageError } from './crisp-cli.error';

const NOW = 1_780_000_000_000;

describe('crispCliSample', () => {
  it('builds the sample of each of the 82 events, stamped now so that each send is a new delivery', () => {
    expect(CRISP_EVENT_NAMES).toHaveLength(82);
    for (const name of CRISP_EVENT_NAMES) {
      expect(crispCliSample(name, [], NOW)).toMatchObject({
        event: name,
        timestamp: NOW,
        website_id: SAMPLE_WEBSITE_ID,
      });
    }
  });

  it('applies --set in order: nested data fields made as needed, values as JSON or else text', () => {
    const body = crispCliSample(
      'message:send',
      [
        'data.content=I need a refund',
        'data.fingerprint=42',
        'data.user.nickname=Jane',
        'data.user.extra={"vip":true}',
        'data.origin="12"',
        'data.content=a = b',
        'timestamp=5',
      ],
      NOW,
    );
    expect(body.data).toMatchObject({ content: 'a = b', fingerprint: 42, origin: '12' });
    expect(body.data.user).toMatchObject({ nickname: 'Jane', extra: { vip: true } });
    expect(body.timestamp).toBe(5);
  });

  it('moves the sample’s data.website_id along with the envelope’s, as crispEvent does', () => {
    const body = crispCliSample('message:send', ['website_id=other-website'], NOW);
    expect(body).toMatchObject({ website_id: 'other-website', data: { website_id: 'other-website' } });
  });

  it('refuses an unknown event, naming the events of its family or the families', () => {
    expect(() => crispCliSample('message:sned', [], NOW)).toThrow(
      /^No Crisp event is named message:sned\. Known events of message: .*message:send/,
    );
    expect(() => crispCliSample('nothing', [], NOW)).toThrow(/Known families: session, message, .*bucket/);
    expect(() => crispCliSample('nothing', [], NOW)).toThrow(CrispCliUsageError);
  });

  it.each(['content=x', 'data=x', 'data.=x', 'event=x', '=x', 'data.content'])('refuses --set %s', (assignment) => {
    expect(() => crispCliSample('message:send', [assignment], NOW)).toThrow(/is not path=value with a path data\./);
  });
});
