/**
 * Type-level tests of @OnCrispEvent, checked by `tsc -p tsconfig.json --noEmit` (never run by Jest).
 * Each `@ts-expect-error` fails the type check if the line under it ever compiles.
 */
import type { CrispEvent, CrispEventPayload, CrispUnknownEvent } from '../events/crisp-event.types';
import type { CrispHandlerContext } from '../delivery/crisp-handler-run';
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

  @OnCrispEvent('message:send', { timeoutMs: 5000 })
  withItsOwnTimeout(event: CrispEvent<'message:send'>, { signal, attempt }: CrispHandlerContext) {
    seen.push(event, signal.aborted, attempt);
  }

  // @ts-expect-error a timeout that is not a number of milliseconds
  @OnCrispEvent('message:send', { timeoutMs: '5s' })
  timeoutAsText(event: CrispEvent<'message:send'>) {
    seen.push(event);
  }

  // @ts-expect-error an option @OnCrispEvent does not have
  @OnCrispEvent('message:send', { retries: 3 })
  unknownOption(event: CrispEvent<'message:send'>) {
    seen.push(event);
  }

  // @ts-expect-error a context parameter of another type
  @OnCrispEvent('message:send')
  wrongContext(event: CrispEvent<'message:send'>, context: { eventId: number }) {
    seen.push(event, context);
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

  // Families beyond message and session: each payload is its own event's DTO.

  @OnCrispEvent('people:profile:created')
  peopleProfileCreated(event: CrispEvent<'people:profile:created'>) {
    const peopleId: string = event.data.people_id;
    const email: string | null | undefined = event.data.email;
    seen.push(peopleId, email);
  }

  @OnCrispEvent('website:users:available')
  websiteUsersAvailable(event: CrispEvent<'website:users:available'>) {
    const available: boolean = event.data.available;
    // @ts-expect-error available is a boolean, not a string
    const asText: string = event.data.available;
    seen.push(available, asText);
  }

  @OnCrispEvent('bucket:url:upload:generated')
  bucketUrlUploadGenerated(event: CrispEvent<'bucket:url:upload:generated'>) {
    const signed: string = event.data.url.signed;
    const sizeLimit: number = event.data.policy.size_limit;
    // @ts-expect-error a bucket answer has no website_id in its data (the envelope has one)
    seen.push(signed, sizeLimit, event.data.website_id, event.website_id);
  }

  @OnCrispEvent('media:animation:listed')
  mediaAnimationListed(event: CrispEvent<'media:animation:listed'>) {
    const id: number = event.data.id;
    seen.push(id, event.data.results.length);
  }

  @OnCrispEvent('plan:subscription:updated')
  planSubscriptionUpdated(event: CrispEvent<'plan:subscription:updated'>) {
    // Optional in the DTO, so possibly absent.
    // @ts-expect-error plan may be undefined
    seen.push(event.data.plan.name);
  }

  @OnCrispEvent('bucket:*')
  bucketFamily(event: CrispEventPayload<'bucket:*'>) {
    // Every bucket event has the same answer shape: no narrowing needed.
    seen.push(event.data.resource.type);
    // @ts-expect-error 'bucket:*' delivers only bucket events
    if (event.event === 'media:animation:listed') seen.push(event);
  }

  @OnCrispEvent(['people:profile:created', 'website:users:available'])
  acrossFamilies(event: CrispEvent<'people:profile:created' | 'website:users:available'>) {
    if (event.event === 'website:users:available') seen.push(event.data.available);
    else {
      const peopleId: string = event.data.people_id;
      // @ts-expect-error people:profile:created has no available
      seen.push(peopleId, event.data.available);
    }
  }

  // @ts-expect-error a people handler declaring a website event's type
  @OnCrispEvent('people:profile:created')
  peopleAsWebsite(event: CrispEvent<'website:users:available'>) {
    seen.push(event);
  }

  // @ts-expect-error a bucket handler declaring the media answer's type (both are REST answers)
  @OnCrispEvent('bucket:url:upload:generated')
  bucketAsMedia(event: CrispEvent<'media:animation:listed'>) {
    seen.push(event);
  }

  // @ts-expect-error a handler narrower than its family: 'people:*' also delivers people:profile:removed
  @OnCrispEvent('people:*')
  narrowerThanPeople(event: CrispEvent<'people:profile:created'>) {
    seen.push(event);
  }

  // @ts-expect-error a list across families needs a handler for both
  @OnCrispEvent(['website:users:available', 'bucket:url:avatar:generated'])
  narrowerThanCrossFamilyList(event: CrispEvent<'website:users:available'>) {
    seen.push(event);
  }

  // @ts-expect-error 'website:users' is not a family: families are the first segment only
  @OnCrispEvent('website:users:*')
  subFamily(event: CrispEvent<'website:users:available'>) {
    seen.push(event);
  }
}
