import { CreateConversations1764115300000 } from './1764115300000-CreateConversations';

export const APP_MIGRATIONS = [CreateConversations1764115300000];
