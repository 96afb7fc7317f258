import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** One chat message of the message history, from `message:send` and `message:received`. */
@Entity({ name: 'crisp_messages' })
@Index('UQ_crisp_messages_session_fingerprint', ['websiteId', 'sessionId', 'fingerprint'], { unique: true })
export class CrispMessageEntity {
  @PrimaryGeneratedColumn({ type: 'bigint', primaryKeyConstraintName: 'PK_crisp_messages' })
  id!: string;

  @Column({ name: 'website_id', type: 'text' })
  websiteId!: string;

  @Column({ name: 'session_id', type: 'text' })
  sessionId!: string;

  /** Unique within a conversation only, hence the unique index with the session. */
  @Column({ type: 'bigint' })
  fingerprint!: string;

  @Column({ type: 'text' })
  from!: string;

  @Column({ type: 'text' })
  type!: string;

  @Column({ type: 'text' })
  origin!: string;

  /** The text of a text or note message; the JSON of any other content. */
  @Column({ type: 'text' })
  content!: string;

  @Column({ type: 'timestamptz' })
  timestamp!: Date;
}
