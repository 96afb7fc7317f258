import { CrispContactEntity } from '../conversations/crisp-contact.entity';
import { CrispMessageEntity } from '../conversations/crisp-message.entity';

export const APP_ENTITIES = [CrispMessageEntity, CrispContactEntity];
