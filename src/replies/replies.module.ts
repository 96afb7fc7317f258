import { type DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CrispApiModule } from 'nestjs-crisp-webhooks/crisp-api';
import { type VisitorRepliesConfig, visitorRepliesConfig } from '../config/visitor-replies.config';
import { CrispGreetingEntity } from './crisp-greeting.entity';
import { VISITOR_REPLIES_CONFIG } from './visitor-replies.constants';
import { CrispVisitorReplies, LoggedVisitorReplies, VisitorReplies } from './visitor-replies';
import { VisitorRepliesHandler } from './visitor-replies.handler';

/**
 * Replies to visitors. The environment is read when the app module is loaded, since it decides which
 * modules exist: with a Crisp token, `CrispApiModule` and replies through Crisp; without one, logged replies.
 */
@Module({})
export class RepliesModule {
  static register(config: VisitorRepliesConfig = visitorRepliesConfig()): DynamicModule {
    const { api } = config;
    return {
      module: RepliesModule,
      imports: [
        TypeOrmModule.forFeature([CrispGreetingEntity]),
        ...(api ? [CrispApiModule.forRoot({ ...api, isGlobal: true })] : []),
      ],
      providers: [
        { provide: VISITOR_REPLIES_CONFIG, useValue: config },
        { provide: VisitorReplies, useClass: api ? CrispVisitorReplies : LoggedVisitorReplies },
        VisitorRepliesHandler,
      ],
      exports: [VISITOR_REPLIES_CONFIG],
    };
  }
}
