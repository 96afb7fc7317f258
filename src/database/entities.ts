import { CrispContactEntity } from '../conversations/crisp-contact.entity';
import { CrispMessageEntity } from '../conversations/crisp-message.entity';
import { CrispGreetingEntity } from '../replies/crisp-greeting.entity';

export const APP_ENTITIES = [CrispMessageEntity, CrispContactEntity, CrispGreetingEntity];
