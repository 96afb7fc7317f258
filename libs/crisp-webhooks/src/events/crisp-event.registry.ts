import type { Type } from '@nestjs/common';
import { BrowsingRequestInitiatedDto, BrowsingRequestRejectedDto } from '../dto/browsing/browsing-events.dto';
import {
  BucketUrlAvatarGeneratedDto,
  BucketUrlCampaignGeneratedDto,
  BucketUrlHelpdeskGeneratedDto,
  BucketUrlProcessingGeneratedDto,
  BucketUrlStatusGeneratedDto,
  BucketUrlUploadGeneratedDto,
  BucketUrlWebsiteGeneratedDto,
} from '../dto/bucket/bucket-events.dto';
import { CallRequestInitiatedDto, CallRequestRejectedDto } from '../dto/call/call-events.dto';
import { CampaignDispatchedDto, CampaignProgressDto, CampaignRunningDto } from '../dto/campaign/campaign-events.dto';
import { EmailSubscribeDto, EmailTrackViewDto } from '../dto/email/email-events.dto';
import { IdentityVerifyRequestDto } from '../dto/identity/identity-events.dto';
import { MediaAnimationListedDto } from '../dto/media/media-events.dto';
import {
  MessageAcknowledgeDeliveredDto,
  MessageAcknowledgeIgnoredDto,
  MessageAcknowledgeReadReceivedDto,
  MessageAcknowledgeReadSendDto,
  MessageAcknowledgeUnreadSendDto,
  MessageComposeReceiveDto,
  MessageComposeSendDto,
  MessageNotifyUnreadReceivedDto,
  MessageNotifyUnreadSendDto,
  MessageReceivedDto,
  MessageRemovedDto,
  MessageSendDto,
  MessageUpdatedDto,
} from '../dto/message/message-events.dto';
import {
  PeopleBindSessionDto,
  PeopleImportDoneDto,
  PeopleImportProgressDto,
  PeopleProfileCreatedDto,
  PeopleProfileRemovedDto,
  PeopleProfileUpdatedDto,
  PeopleSyncProfileDto,
} from '../dto/people/people-events.dto';
import { PlanSubscriptionUpdatedDto } from '../dto/plan/plan-events.dto';
import {
  PluginChannelDto,
  PluginEventDto,
  PluginSettingsSavedDto,
  PluginSubscriptionUpdatedDto,
} from '../dto/plugin/plugin-events.dto';
import {
  SessionErrorDto,
  SessionRemovedDto,
  SessionRequestInitiatedDto,
  SessionSetAddressDto,
  SessionSetAvatarDto,
  SessionSetBlockDto,
  SessionSetClosedDto,
  SessionSetDataDto,
  SessionSetEmailDto,
  SessionSetInboxDto,
  SessionSetMentionsDto,
  SessionSetNicknameDto,
  SessionSetOpenedDto,
  SessionSetOriginDto,
  SessionSetParticipantsDto,
  SessionSetPhoneDto,
  SessionSetRoutingDto,
  SessionSetSegmentsDto,
  SessionSetStateDto,
  SessionSetSubjectDto,
  SessionSyncCapabilitiesDto,
  SessionSyncEventsDto,
  SessionSyncGeolocationDto,
  SessionSyncLocalesDto,
  SessionSyncNetworkDto,
  SessionSyncPagesDto,
  SessionSyncRatingDto,
  SessionSyncSystemDto,
  SessionSyncTimezoneDto,
  SessionSyncTopicDto,
  SessionUpdateAvailabilityDto,
  SessionUpdateVerifyDto,
} from '../dto/session/session-events.dto';
import { SpamDecisionDto, SpamMessageDto } from '../dto/spam/spam-events.dto';
import { StatusHealthChangedDto } from '../dto/status/status-events.dto';
import {
  WebsiteUpdateOperatorsAvailabilityDto,
  WebsiteUpdateVisitorsCountDto,
  WebsiteUsersAvailableDto,
} from '../dto/website/website-events.dto';
import { WidgetActionProcessedDto } from '../dto/widget/widget-events.dto';

/**
 * Every Crisp event the module knows, mapped to the DTO class that validates its `data`. The single
 * source of truth: event names, handler payload types, runtime validation and the docs derive from it.
 * Grouped by family, in the order of Crisp's official libraries.
 *
 * @publicApi
 */
export const CRISP_EVENT_DTOS = {
  // session
  'session:update_availability': SessionUpdateAvailabilityDto,
  'session:update_verify': SessionUpdateVerifyDto,
  'session:request:initiated': SessionRequestInitiatedDto,
  'session:set_email': SessionSetEmailDto,
  'session:set_phone': SessionSetPhoneDto,
  'session:set_address': SessionSetAddressDto,
  'session:set_subject': SessionSetSubjectDto,
  'session:set_avatar': SessionSetAvatarDto,
  'session:set_nickname': SessionSetNicknameDto,
  'session:set_origin': SessionSetOriginDto,
  'session:set_data': SessionSetDataDto,
  'session:sync:pages': SessionSyncPagesDto,
  'session:sync:events': SessionSyncEventsDto,
  'session:sync:capabilities': SessionSyncCapabilitiesDto,
  'session:sync:geolocation': SessionSyncGeolocationDto,
  'session:sync:system': SessionSyncSystemDto,
  'session:sync:network': SessionSyncNetworkDto,
  'session:sync:timezone': SessionSyncTimezoneDto,
  'session:sync:locales': SessionSyncLocalesDto,
  'session:sync:rating': SessionSyncRatingDto,
  'session:sync:topic': SessionSyncTopicDto,
  'session:set_state': SessionSetStateDto,
  'session:set_block': SessionSetBlockDto,
  'session:set_segments': SessionSetSegmentsDto,
  'session:set_opened': SessionSetOpenedDto,
  'session:set_closed': SessionSetClosedDto,
  'session:set_participants': SessionSetParticipantsDto,
  'session:set_mentions': SessionSetMentionsDto,
  'session:set_routing': SessionSetRoutingDto,
  'session:set_inbox': SessionSetInboxDto,
  'session:removed': SessionRemovedDto,
  'session:error': SessionErrorDto,

  // message
  'message:updated': MessageUpdatedDto,
  'message:send': MessageSendDto,
  'message:received': MessageReceivedDto,
  'message:removed': MessageRemovedDto,
  'message:compose:send': MessageComposeSendDto,
  'message:compose:receive': MessageComposeReceiveDto,
  'message:acknowledge:read:send': MessageAcknowledgeReadSendDto,
  'message:acknowledge:read:received': MessageAcknowledgeReadReceivedDto,
  'message:acknowledge:unread:send': MessageAcknowledgeUnreadSendDto,
  'message:acknowledge:delivered': MessageAcknowledgeDeliveredDto,
  'message:acknowledge:ignored': MessageAcknowledgeIgnoredDto,
  'message:notify:unread:send': MessageNotifyUnreadSendDto,
  'message:notify:unread:received': MessageNotifyUnreadReceivedDto,

  // spam
  'spam:message': SpamMessageDto,
  'spam:decision': SpamDecisionDto,

  // people
  'people:profile:created': PeopleProfileCreatedDto,
  'people:profile:updated': PeopleProfileUpdatedDto,
  'people:profile:removed': PeopleProfileRemovedDto,
  'people:bind:session': PeopleBindSessionDto,
  'people:sync:profile': PeopleSyncProfileDto,
  'people:import:progress': PeopleImportProgressDto,
  'people:import:done': PeopleImportDoneDto,

  // campaign
  'campaign:progress': CampaignProgressDto,
  'campaign:dispatched': CampaignDispatchedDto,
  'campaign:running': CampaignRunningDto,

  // browsing
  'browsing:request:initiated': BrowsingRequestInitiatedDto,
  'browsing:request:rejected': BrowsingRequestRejectedDto,

  // call
  'call:request:initiated': CallRequestInitiatedDto,
  'call:request:rejected': CallRequestRejectedDto,

  // identity
  'identity:verify:request': IdentityVerifyRequestDto,

  // widget
  'widget:action:processed': WidgetActionProcessedDto,

  // status
  'status:health:changed': StatusHealthChangedDto,

  // website
  'website:update_visitors_count': WebsiteUpdateVisitorsCountDto,
  'website:update_operators_availability': WebsiteUpdateOperatorsAvailabilityDto,
  'website:users:available': WebsiteUsersAvailableDto,

  // bucket
  'bucket:url:upload:generated': BucketUrlUploadGeneratedDto,
  'bucket:url:avatar:generated': BucketUrlAvatarGeneratedDto,
  'bucket:url:website:generated': BucketUrlWebsiteGeneratedDto,
  'bucket:url:campaign:generated': BucketUrlCampaignGeneratedDto,
  'bucket:url:helpdesk:generated': BucketUrlHelpdeskGeneratedDto,
  'bucket:url:status:generated': BucketUrlStatusGeneratedDto,
  'bucket:url:processing:generated': BucketUrlProcessingGeneratedDto,

  // media
  'media:animation:listed': MediaAnimationListedDto,

  // email
  'email:subscribe': EmailSubscribeDto,
  'email:track:view': EmailTrackViewDto,

  // plugin
  'plugin:channel': PluginChannelDto,
  'plugin:event': PluginEventDto,
  'plugin:subscription:updated': PluginSubscriptionUpdatedDto,
  'plugin:settings:saved': PluginSettingsSavedDto,

  // plan
  'plan:subscription:updated': PlanSubscriptionUpdatedDto,
} as const satisfies Record<string, Type<object>>;
