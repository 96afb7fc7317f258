import {
  BadRequestException,
  Body,
  Controller,
  Delete,
  Get,
  GoneException,
  HttpCode,
  HttpStatus,
  InternalServerErrorException,
  NotFoundException,
  Param,
  Post,
  Query,
  type Type,
  UnprocessableEntityException,
  ConflictException,
  UseGuards,
} from '@nestjs/common';
import { CrispEventDispatcher } from '../delivery/crisp-event.dispatcher';
import { CrispErasureFailedError } from '../errors';
import type { CrispAdminConfig } from '../interfaces';
import { CrispAdminAuthGuard } from './crisp-admin-auth.guard';
import { CrispAdminCrossSiteGuard } from './crisp-admin-cross-site.guard';
import { crispErasureOf, crispListQueryOf, crispReplayManyOf, crispReplayOneOf } from './crisp-admin-request';
import { crispEventDetailJson, crispEventSummaryJson, crispReplayJson, crispStatsJson } from './crisp-admin.json';
import { CrispWebhookEventsAdmin } from './crisp-webhook-events.admin';
import { documentCrispAdminRoutes } from '../openapi/crisp-openapi';

type Input = Record<string, unknown>;

/** Runs an admin operation, answering `400` for what the request got wrong (the service's `RangeError`s). */
async function answering<T>(work: () => Promise<T> | T): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof RangeError) throw new BadRequestException({ statusCode: 400, message: error.message });
    if (error instanceof CrispErasureFailedError) {
      throw new InternalServerErrorException({ statusCode: 500, message: error.message, handlers: error.handlers });
    }
    throw error;
  }
}

/**
 * Builds the admin controller of one module registration, under the hook route's path: JSON in and out,
 * snake_case fields, behind the bearer token guard when tokens are configured and the host's decorators.
 * Every route only calls `CrispWebhookEventsAdmin`; none is on the hook's path. @internal
 */
export function createCrispAdminController(path: string, config: CrispAdminConfig): Type {
  @Controller(path)
  class CrispAdminController {
    constructor(
      private readonly admin: CrispWebhookEventsAdmin,
      private readonly dispatcher: CrispEventDispatcher,
    ) {}

    /** Stored events newest first, filtered, a page at a time. */
    @Get('events')
    list(@Query() query: Input) {
      return answering(async () => {
        const page = await this.admin.list(crispListQueryOf(query));
        return { items: page.items.map(crispEventSummaryJson), next_cursor: page.nextCursor };
      });
    }

    /** One stored event whole. */
    @Get('events/:id')
    async get(@Param('id') id: string) {
      const event = await this.admin.get(id);
      if (!event) throw new NotFoundException({ statusCode: 404, message: `No stored event has id ${id}.` });
      return crispEventDetailJson(event);
    }

    /** Replays every event a filter selects, or counts them (`dry_run`). */
    @Post('events/replay')
    @HttpCode(HttpStatus.OK)
    replayMany(@Body() body: unknown) {
      return answering(async () => {
        const { filter, options } = crispReplayManyOf(body, this.dispatcher.handlers());
        return crispReplayJson(await this.admin.replay(filter, options));
      });
    }

    /** Replays one event; says why when it could not be queued. */
    @Post('events/:id/replay')
    @HttpCode(HttpStatus.OK)
    replayOne(@Param('id') id: string, @Body() body: unknown) {
      return answering(async () => {
        const options = crispReplayOneOf(body, this.dispatcher.handlers());
        if (!/^[1-9]\d{0,18}$/.test(id))
          throw new NotFoundException({ statusCode: 404, message: `No stored event has id ${id}.` });
        const result = await this.admin.replay({ ids: [id] }, options);
        const answer = crispReplayJson(result);
        if (result.matched === 0)
          throw new NotFoundException({ statusCode: 404, message: `No stored event has id ${id}.` });
        if (result.leased > 0) {
          throw new ConflictException({
            statusCode: 409,
            message: 'A live instance is running this event now: replay it once it is done.',
            ...answer,
          });
        }
        if (result.payloadDropped > 0) {
          throw new GoneException({
            statusCode: 410,
            message: 'Retention dropped this event’s payload: nothing is left to run its handlers on.',
            ...answer,
          });
        }
        if (result.stillInvalid > 0) {
          throw new UnprocessableEntityException({
            statusCode: 422,
            message: 'This quarantined event’s data still fails today’s DTO: it stays invalid.',
            ...answer,
          });
        }
        return answer;
      });
    }

    /** Erases a person's stored events (after the host's erasure handlers): `?session_id=` or `?email=`. */
    @Delete('events')
    @HttpCode(HttpStatus.OK)
    erase(@Query() query: Input) {
      return answering(async () => ({ deleted: (await this.admin.erase(crispErasureOf(query))).deleted }));
    }

    /** Counts for a dashboard. */
    @Get('stats')
    async stats() {
      return crispStatsJson(await this.admin.stats());
    }

    /** Every registered `@OnCrispEvent` handler, by `Class.method`: what a replay's `handlers` may name. */
    @Get('handlers')
    handlers() {
      return { handlers: this.dispatcher.handlers() };
    }
  }
  documentCrispAdminRoutes(CrispAdminController, config.tokens.length > 0);
  // Without a token, the host's guard may rely on the browser's own cookies, which any site's form sends too.
  UseGuards(config.tokens.length > 0 ? CrispAdminAuthGuard : CrispAdminCrossSiteGuard)(CrispAdminController);
  for (const decorate of config.decorators) decorate(CrispAdminController);
  return CrispAdminController;
}
