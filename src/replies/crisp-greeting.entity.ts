import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The one event of a conversation that greets its visitor: a conversation is greeted once, by that event. */
@Entity({ name: 'crisp_greetings' })
export class CrispGreetingEntity {
  @PrimaryColumn({ name: 'website_id', type: 'text', primaryKeyConstraintName: 'PK_crisp_greetings' })
  websiteId!: string;

  @PrimaryColumn({ name: 'session_id', type: 'text', primaryKeyConstraintName: 'PK_crisp_greetings' })
  sessionId!: string;

  /** Id of the stored Crisp event whose handler greets (its retries greet, no other event does). */
  @Column({ name: 'event_id', type: 'bigint' })
  eventId!: string;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;
}
