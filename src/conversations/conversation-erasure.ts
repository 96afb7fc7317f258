import type { CrispErasure } from 'nestjs-crisp-webhooks';
import type { DataSource } from 'typeorm';

/**
 * Erases what the app keeps of a person: the messages of their conversations, the contacts they gave and the
 * greetings their conversations got (`crisp_greetings` names the conversation), in one transaction. Run by the app's erasure handler, and by `npm run crisp -- erase` (through `ormconfig.ts`'s
 * `crispErasure`), which works while the app is down.
 */
export async function eraseConversationCopies(
  dataSource: DataSource,
  { sessionIds, email }: CrispErasure,
): Promise<void> {
  await dataSource.transaction(async (manager) => {
    await manager.query(`DELETE FROM "crisp_messages" WHERE "session_id" = ANY($1::text[])`, [sessionIds]);
    await manager.query(
      `DELETE FROM "crisp_contacts" WHERE "session_id" = ANY($1::text[]) OR lower("email") = lower($2)`,
      [sessionIds, email],
    );
    await manager.query(`DELETE FROM "crisp_greetings" WHERE "session_id" = ANY($1::text[])`, [sessionIds]);
  });
}
