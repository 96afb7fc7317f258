import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ContactCaptureHandler } from './contact-capture.handler';
import { ConversationErasureHandler } from './conversation-erasure.handler';
import { CrispContactEntity } from './crisp-contact.entity';
import { CrispMessageEntity } from './crisp-message.entity';
import { MessageHistoryHandler } from './message-history.handler';

@Module({
  imports: [TypeOrmModule.forFeature([CrispMessageEntity, CrispContactEntity])],
  providers: [MessageHistoryHandler, ContactCaptureHandler, ConversationErasureHandler],
})
export class ConversationsModule {}
