import type { CrispEventName } from '../events/crisp-event.types';

/** The website of every sample. @internal */
export const SAMPLE_WEBSITE_ID = '42286ab3-b29a-4fde-8538-da0ae501d825';

/** The conversation of every session-scoped sample. @internal */
export const SAMPLE_SESSION_ID = 'session_36ba3566-9651-4790-afc8-ffedbccc317f';

/** When the sample events happened, in ms since the epoch (that of Crisp's documented `message:send`). @internal */
export const SAMPLE_TIMESTAMP = 1506985696616;

const OPERATOR_ID = 'f0a76f7e-23b1-4a6a-a3c1-e1a06ac1d6a5';
const PEOPLE_ID = '2c0c0e0a-5b74-4e0c-9d52-9b6f3ad1a2f1';
const PLUGIN_ID = '8e4c9bd4-0c4c-4f0e-9d1c-6c0b2e8a7f31';
const CAMPAIGN_ID = '5e1b0c6e-7d55-4c6b-8f7e-3f5a4a0e9b12';
const FINGERPRINT = 150698569649423;

/** Fields of every session-scoped sample; `inbox_id` is `null` for the default inbox. */
const session = { website_id: SAMPLE_WEBSITE_ID, session_id: SAMPLE_SESSION_ID, inbox_id: null };

const operator = {
  user_id: OPERATOR_ID,
  nickname: 'Baptiste Jamin',
  avatar: 'https://avatars.example.com/baptiste.png',
};

const acknowledged = { ...session, origin: 'chat', fingerprints: [FINGERPRINT] };

/** The answer to a REST request for an upload URL, for each kind of bucket. */
const bucketUrl = (resourceType: string, resourceId: string, file: string) => ({
  from: 'operator',
  id: '7a9fe9a2-6e7f-4b1d-9d7e-51c4e0c2b8f3',
  identifier: file,
  type: 'image/png',
  resource: { type: resourceType, id: resourceId },
  policy: { size_limit: 20971520 },
  url: {
    resource: `https://storage.crisp.chat/${resourceType}/${resourceId}/${file}`,
    signed: `https://storage.crisp.chat/${resourceType}/${resourceId}/${file}?signature=0f4e7a1c9b`,
  },
});

/**
 * A valid, realistic `data` for every event of the catalogue, as Crisp would send it. Typed by event
 * name, so that an event added to the catalogue without a sample fails to compile. Clone before
 * changing one: `crispEvent()` does.
 * @internal
 */
export const CRISP_EVENT_SAMPLES: { readonly [K in CrispEventName]: Record<string, unknown> } = {
  // session
  'session:update_availability': { ...session, availability: 'online' },
  'session:update_verify': {
    ...session,
    is_verified: true,
    verifications: [{ identity: 'email', method: 'code', annotation: 'Code sent to jane.doe@example.com' }],
  },
  'session:request:initiated': { ...session },
  'session:set_email': { ...session, email: 'jane.doe@example.com' },
  'session:set_phone': { ...session, phone: '+33 6 12 34 56 78' },
  'session:set_address': { ...session, address: '1 Rue de Rivoli, 75001 Paris, France' },
  'session:set_subject': { ...session, subject: 'Question about my invoice' },
  'session:set_avatar': { ...session, avatar: 'https://avatars.example.com/jane.png' },
  'session:set_nickname': { ...session, nickname: 'Jane Doe' },
  'session:set_origin': { ...session, origin: 'chat' },
  'session:set_data': { ...session, data: { plan: 'pro', seats: 12, is_customer: true } },
  'session:sync:pages': {
    ...session,
    pages: [
      { page_url: 'https://www.example.com/pricing', page_title: 'Pricing | Example', timestamp: SAMPLE_TIMESTAMP },
    ],
  },
  'session:sync:events': {
    ...session,
    events: [{ text: 'Upgraded plan', data: { plan: 'pro' }, color: 'green', timestamp: SAMPLE_TIMESTAMP }],
  },
  'session:sync:capabilities': { ...session, capabilities: ['browsing', 'call'] },
  'session:sync:geolocation': {
    ...session,
    geolocation: {
      country: 'FR',
      region: 'Ile-de-France',
      city: 'Paris',
      coordinates: { latitude: 48.8566, longitude: 2.3522 },
    },
  },
  'session:sync:system': {
    ...session,
    system: {
      os: { name: 'Mac OS', version: '10.15.7' },
      engine: { name: 'Blink', version: '129.0.0.0' },
      browser: { name: 'Chrome', version: '129.0.0.0', major: '129' },
      useragent:
        'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/129.0.0.0 Safari/537.36',
    },
  },
  'session:sync:network': {
    ...session,
    network: { ip: '203.0.113.42', connection: { isp: 'Example Telecom', asn: 'AS64496' } },
  },
  'session:sync:timezone': { ...session, timezone: { offset: -120 } },
  'session:sync:locales': { ...session, locales: { locales: ['fr-FR', 'en'] } },
  'session:sync:rating': { ...session, rating: { stars: 5, comment: 'Quick and helpful, thanks!' } },
  'session:sync:topic': { ...session, topic: 'billing' },
  'session:set_state': { ...session, state: 'resolved' },
  'session:set_block': { ...session, is_blocked: false },
  'session:set_segments': { ...session, segments: ['customer', 'billing'] },
  'session:set_opened': { ...session, operator },
  'session:set_closed': { ...session, operator },
  'session:set_participants': { ...session, participants: [{ type: 'email', target: 'accounting@example.com' }] },
  'session:set_mentions': { ...session, mentions: [OPERATOR_ID] },
  'session:set_routing': { ...session, routing_id: OPERATOR_ID, previous_routing_id: null },
  'session:set_inbox': { ...session, inbox_id: '0d1b9f3e-8c5a-4f43-9a0e-2b7c6d5e4f30', previous_inbox_id: null },
  'session:removed': { ...session },
  'session:error': { ...session, type: 'email', value: 'jane.doe@', previous_value: 'jane.doe@example.com' },

  // message
  'message:updated': {
    ...session,
    fingerprint: FINGERPRINT,
    content: {
      id: 'call-date',
      text: 'When can we call you?',
      choices: [
        { value: 'morning', label: 'In the morning', selected: true },
        { value: 'afternoon', label: 'In the afternoon', selected: false },
      ],
    },
  },
  // Crisp's documented example, verbatim (no inbox_id).
  'message:send': {
    website_id: SAMPLE_WEBSITE_ID,
    session_id: SAMPLE_SESSION_ID,
    type: 'text',
    content: 'Hey :)',
    from: 'user',
    origin: 'chat',
    stamped: true,
    timestamp: SAMPLE_TIMESTAMP,
    fingerprint: FINGERPRINT,
    user: { nickname: 'visitor493603', user_id: SAMPLE_SESSION_ID },
  },
  'message:received': {
    ...session,
    type: 'text',
    content: 'Hello! How can I help you?',
    from: 'operator',
    origin: 'chat',
    stamped: true,
    timestamp: SAMPLE_TIMESTAMP + 5000,
    fingerprint: 150698570147188,
    user: { type: 'website', ...operator },
  },
  'message:removed': { ...session, fingerprint: FINGERPRINT },
  'message:compose:send': { ...session, type: 'start', excerpt: 'I have a question ab', timestamp: SAMPLE_TIMESTAMP },
  'message:compose:receive': { ...session, type: 'stop', timestamp: SAMPLE_TIMESTAMP, user: operator },
  'message:acknowledge:read:send': { ...acknowledged },
  'message:acknowledge:read:received': { ...acknowledged },
  'message:acknowledge:unread:send': { ...acknowledged },
  'message:acknowledge:delivered': { ...acknowledged },
  'message:acknowledge:ignored': {
    ...acknowledged,
    origin: 'email',
    details: { type: 'email', reason: 'The recipient mailbox is full' },
  },
  'message:notify:unread:send': { ...session },
  'message:notify:unread:received': { ...session },

  // spam
  'spam:message': {
    website_id: SAMPLE_WEBSITE_ID,
    spam_id: '3f2b8c1d-6a4e-4d0f-b7c9-1e5a2d8f6b40',
    type: 'email',
    reason: 'content',
    metadata: { score: 8.4 },
    headers: { From: 'Prize Team <win@spam.example>', Subject: 'You won!' },
    timestamp: SAMPLE_TIMESTAMP,
  },
  'spam:decision': {
    website_id: SAMPLE_WEBSITE_ID,
    spam_id: '3f2b8c1d-6a4e-4d0f-b7c9-1e5a2d8f6b40',
    action: 'reject',
  },

  // people
  'people:profile:created': { website_id: SAMPLE_WEBSITE_ID, people_id: PEOPLE_ID, email: 'jane.doe@example.com' },
  'people:profile:updated': {
    website_id: SAMPLE_WEBSITE_ID,
    people_id: PEOPLE_ID,
    email: 'jane.doe@example.com',
    update: { updated_at: SAMPLE_TIMESTAMP, person: { nickname: 'Jane Doe', phone: '+33 6 12 34 56 78' } },
  },
  'people:profile:removed': { website_id: SAMPLE_WEBSITE_ID, people_id: PEOPLE_ID },
  'people:bind:session': { ...session, people_id: PEOPLE_ID },
  'people:sync:profile': {
    ...session,
    people_id: PEOPLE_ID,
    identity: {
      person: { nickname: 'Jane Doe', geolocation: { country: 'FR', city: 'Paris' }, locales: ['fr'] },
      company: { name: 'Example Inc', domain: 'example.com' },
    },
  },
  'people:import:progress': {
    website_id: SAMPLE_WEBSITE_ID,
    import_id: '9b8a7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d',
    progress: 40,
    count: { total: 500, skipped: 3, remaining: 297 },
    items: { skipped: [{ identifier: 'not-an-email', reason: 'invalid_email' }] },
  },
  'people:import:done': {
    website_id: SAMPLE_WEBSITE_ID,
    import_id: '9b8a7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d',
    error: false,
  },

  // campaign
  'campaign:progress': { website_id: SAMPLE_WEBSITE_ID, campaign_id: CAMPAIGN_ID, progress: 60 },
  'campaign:dispatched': { website_id: SAMPLE_WEBSITE_ID, campaign_id: CAMPAIGN_ID },
  'campaign:running': { website_id: SAMPLE_WEBSITE_ID, campaign_id: CAMPAIGN_ID, running: true },

  // browsing
  'browsing:request:initiated': {
    ...session,
    browsing_id: '1f9e8d7c-6b5a-4c3d-9e2f-0a1b2c3d4e5f',
    browsing_token: 'b7c1e2f3a4d5',
  },
  'browsing:request:rejected': { ...session },

  // call
  'call:request:initiated': { ...session, call_id: '6c5b4a39-2817-4f6e-8d5c-4b3a29180f7e' },
  'call:request:rejected': { ...session, call_id: '6c5b4a39-2817-4f6e-8d5c-4b3a29180f7e' },

  // identity
  'identity:verify:request': {
    ...session,
    plugin_id: PLUGIN_ID,
    target: 'jane.doe@example.com',
    code: '482913',
    confirm_url: 'https://app.crisp.chat/verify/482913',
  },

  // widget
  'widget:action:processed': {
    ...session,
    plugin_id: PLUGIN_ID,
    correlation_id: 'c0ffee00-1234-4abc-8def-0123456789ab',
    outcome: 'success',
    result: { ticket_id: 'T-1024' },
  },

  // status
  'status:health:changed': {
    website_id: SAMPLE_WEBSITE_ID,
    health: 'sick',
    nodes: [{ label: 'API', replica: 'eu-west-1' }],
  },

  // website
  'website:update_visitors_count': { website_id: SAMPLE_WEBSITE_ID, visitors_count: 12 },
  'website:update_operators_availability': {
    website_id: SAMPLE_WEBSITE_ID,
    user_id: OPERATOR_ID,
    availability: { type: 'online' },
  },
  'website:users:available': { website_id: SAMPLE_WEBSITE_ID, available: true },

  // bucket
  'bucket:url:upload:generated': bucketUrl('upload', SAMPLE_SESSION_ID, 'invoice.png'),
  'bucket:url:avatar:generated': bucketUrl('avatar', OPERATOR_ID, 'avatar.png'),
  'bucket:url:website:generated': bucketUrl('website', SAMPLE_WEBSITE_ID, 'logo.png'),
  'bucket:url:campaign:generated': bucketUrl('campaign', CAMPAIGN_ID, 'banner.png'),
  'bucket:url:helpdesk:generated': bucketUrl('helpdesk', SAMPLE_WEBSITE_ID, 'article.png'),
  'bucket:url:status:generated': bucketUrl('status', SAMPLE_WEBSITE_ID, 'status-logo.png'),
  'bucket:url:processing:generated': bucketUrl('processing', SAMPLE_WEBSITE_ID, 'contacts.png'),

  // media
  'media:animation:listed': {
    id: 1,
    identifier: 'thank you',
    results: [{ type: 'image/gif', url: 'https://media.example.com/animations/thank-you.gif' }],
  },

  // email
  'email:subscribe': { website_id: SAMPLE_WEBSITE_ID, email: 'jane.doe@example.com', subscribed: false },
  'email:track:view': { website_id: SAMPLE_WEBSITE_ID, type: 'campaign', identifier: CAMPAIGN_ID, mode: 'open' },

  // plugin
  'plugin:channel': {
    website_id: SAMPLE_WEBSITE_ID,
    plugin_id: PLUGIN_ID,
    identifier: 'crm-sync',
    namespace: 'contact:synced',
    payload: { people_id: PEOPLE_ID },
  },
  'plugin:event': {
    website_id: SAMPLE_WEBSITE_ID,
    plugin_id: PLUGIN_ID,
    urn: 'urn:example:crm:0',
    name: 'contact_synced',
    data: { people_id: PEOPLE_ID },
  },
  'plugin:subscription:updated': {
    website_id: SAMPLE_WEBSITE_ID,
    plugin_id: PLUGIN_ID,
    bound: true,
    target: SAMPLE_WEBSITE_ID,
  },
  'plugin:settings:saved': {
    website_id: SAMPLE_WEBSITE_ID,
    plugin_id: PLUGIN_ID,
    settings: { sync_contacts: true, pipeline: 'sales' },
  },

  // plan
  'plan:subscription:updated': {
    website_id: SAMPLE_WEBSITE_ID,
    plan: { id: '8c8a6b7f-1d2e-4f3a-9b8c-7d6e5f4a3b2c', name: 'Essentials', price: 95, trialing: false },
  },
};
