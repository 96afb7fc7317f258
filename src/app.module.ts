import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { TerminusModule } from '@nestjs/terminus';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CrispWebhooksModule } from 'nestjs-crisp-webhooks';
import { crispAdminOptions, crispConfig } from './config/crisp.config';
import { ConversationsModule } from './conversations/conversations.module';
import { dataSourceOptions } from './database/data-source-options';
import { HealthController } from './observability/health.controller';
import { MetricsController } from './observability/metrics.controller';
import { RepliesModule } from './replies/replies.module';

@Module({
  imports: [
    ConfigModule.forRoot({ isGlobal: true }),
    EventEmitterModule.forRoot(),
    TypeOrmModule.forRootAsync({ useFactory: () => dataSourceOptions() }),
    CrispWebhooksModule.forRootAsync({ ...crispConfig.asProvider(), admin: crispAdminOptions() }),
    ConversationsModule,
    TerminusModule,
    RepliesModule.register(),
  ],
  controllers: [HealthController, MetricsController],
})
export class AppModule {}
