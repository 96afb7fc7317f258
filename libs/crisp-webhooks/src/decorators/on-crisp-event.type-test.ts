/**
 * Type-level tests of @OnCrispEvent, checked by `tsc -p tsconfig.json --noEmit` (never run by Jest).
 * Each `@ts-expect-error` fails the type check if the line under it ever compiles.
 */
import type { CrispEvent, CrispEventPayload, CrispUnknownEvent } from '../events/crisp-event.types';
import { OnCrispEvent } from './on-crisp-event.decorator';

const seen: unknown[] = [];

// Not exported, and never instantiated: only its type check matters (the leading _ satisfies no-unused-vars).
class _OnCrispEventTypeTest {
  @OnCrispEvent('message:send')
  matchingPayload(event: CrispEvent<'message:send'>) {
    // The payload is the DTO of the event: its fields are typed.
    const content: unknown = event.data.content;
    const fingerprint: number = event.data.fingerprint;
    const known: true = event.known;
    seen.push(content, fingerprint, known);
  }

  // @ts-expect-error a handler declaring another event's type
  @OnCrispEvent('message:send')
  anotherEventsType(event: CrispEvent<'message:received'>) {
    seen.push(event);
  }

  // @ts-expect-error an event name the catalogue does not have
  @OnCrispEvent('message:reaction:added')
  unknownName(event: CrispUnknownEvent) {
    seen.push(event);
  }

  // @ts-expect-error a family the catalogue does not have
  @OnCrispEvent('reaction:*')
  unknownFamily(event: CrispUnknownEvent) {
    seen.push(event);
  }

  @OnCrispEvent('message:*')
  wholeFamily(event: CrispEventPayload<'message:*'>) {
    if (event.event === 'message:acknowledge:read:send') seen.push(event.data.fingerprints);
  }

  // @ts-expect-error a handler narrower than its subscription: 'message:*' also delivers message:received
  @OnCrispEvent('message:*')
  narrowerThanFamily(event: CrispEvent<'message:send'>) {
    seen.push(event);
  }

  // @ts-expect-error a handler narrower than its list of events
  @OnCrispEvent(['message:send', 'session:set_email'])
  narrowerThanList(event: CrispEvent<'message:send'>) {
    seen.push(event);
  }

  @OnCrispEvent(['message:send', 'session:set_email'])
  listOfTwo(event: CrispEvent<'message:send' | 'session:set_email'>) {
    // The union narrows on `event`.
    if (event.event === 'session:set_email') {
      const email: string = event.data.email;
      seen.push(email);
    } else {
      const from: string = event.data.from;
      // @ts-expect-error message:send has no email
      seen.push(from, event.data.email);
    }
  }

  @OnCrispEvent('*')
  everything(event: CrispEvent | CrispUnknownEvent) {
    // An event outside the catalogue has unvalidated data; `known` tells them apart.
    if (event.known) seen.push(event.data);
    else {
      const data: unknown = event.data;
      seen.push(data, event.event.length);
    }
  }

  @OnCrispEvent('*')
  everythingByPattern(event: CrispEventPayload<'*'>) {
    seen.push(event);
  }

  // @ts-expect-error a '*' handler must accept events outside the catalogue too
  @OnCrispEvent('*')
  everythingButUnknown(event: CrispEvent) {
    seen.push(event);
  }

  @OnCrispEvent('message:send')
  noArgument() {
    seen.push('called');
  }

  @OnCrispEvent(['message:*', 'session:set_email'])
  async asyncHandler(event: CrispEventPayload<'message:*' | 'session:set_email'>): Promise<void> {
    await Promise.resolve(seen.push(event.event));
  }
}
