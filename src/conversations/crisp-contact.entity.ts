import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The email a visitor gave in a conversation, from `session:set_email`; the latest one wins. */
@Entity({ name: 'crisp_contacts' })
export class CrispContactEntity {
  @PrimaryColumn({ name: 'website_id', type: 'text', primaryKeyConstraintName: 'PK_crisp_contacts' })
  websiteId!: string;

  @PrimaryColumn({ name: 'session_id', type: 'text', primaryKeyConstraintName: 'PK_crisp_contacts' })
  sessionId!: string;

  @Column({ type: 'text' })
  email!: string;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
