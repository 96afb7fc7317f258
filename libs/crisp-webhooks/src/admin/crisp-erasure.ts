import type { DataSource } from 'typeorm';

/**
 * A person's data to erase, as the module found it in its stored events: what `@OnCrispErasure()`
 * handlers receive, so the host erases its own copies (its message history, its contacts) before the
 * module deletes the rows that link the email to the conversations.
 * @publicApi
 */
export interface CrispErasure {
  /** The email asked for, when the erasure was asked by email. */
  readonly email: string | null;
  /** Every conversation (`session_id`) of that person found in the stored events, the one asked for included. */
  readonly sessionIds: readonly string[];
  /** Every Crisp People profile (`people_id`) of that person found in the stored events. */
  readonly peopleIds: readonly string[];
}

/** Who to erase: one conversation, or everything stored about an email. @publicApi */
export type CrispErasureRequest = { readonly sessionId: string } | { readonly email: string };

/** What `CrispWebhookEventsAdmin.erase()` did. @publicApi */
export interface CrispErasureResult extends CrispErasure {
  /** How many stored events were deleted. */
  readonly deleted: number;
}

/**
 * What the CLI's `erase` calls, besides erasing the module's rows, when the DataSource file it loads exports it
 * as `crispErasure`: the host erases its own copies there, as its `@OnCrispErasure()` handlers do in the app
 * (the CLI runs without the app). When it throws, nothing is deleted and the erasure can be asked again.
 *
 * @example
 * // ormconfig.ts
 * export const crispErasure: CrispErasureHook = ({ sessionIds }, dataSource) =>
 *   dataSource.query(`DELETE FROM "messages" WHERE "session_id" = ANY($1)`, [sessionIds]);
 * @publicApi
 */
export type CrispErasureHook = (erasure: CrispErasure, dataSource: DataSource) => Promise<unknown> | unknown;
