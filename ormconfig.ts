// The DataSource the TypeORM CLI uses (npm run migration:run / migration:revert) and the module's CLI
// (npm run crisp -- <command>): the same database, entities and migrations as the example app, from the same
// environment variables.
import type { CrispErasureHook } from 'nestjs-crisp-webhooks';
import { DataSource } from 'typeorm';
import { eraseConversationCopies } from './src/conversations/conversation-erasure';
import { dataSourceOptions } from './src/database/data-source-options';

export default new DataSource(dataSourceOptions());

/** What `npm run crisp -- erase` erases of the app's own copies, as `ConversationErasureHandler` does in the app. */
export const crispErasure: CrispErasureHook = (erasure, dataSource) => eraseConversationCopies(dataSource, erasure);
