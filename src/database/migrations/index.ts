import { CreateConversations1764115300000 } from './1764115300000-CreateConversations';
import { CreateGreetings1764547300000 } from './1764547300000-CreateGreetings';

export const APP_MIGRATIONS = [CreateConversations1764115300000, CreateGreetings1764547300000];
