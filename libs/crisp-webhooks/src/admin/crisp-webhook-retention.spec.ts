import 'reflect-metadata';
import { resolveCrispRetentionConfig } from '../config/crisp-retention.config';
import { SqlParameters } from './crisp-webhook-event-filter';
import { crispRetentionStatusSql } from './crisp-webhook-retention';

const DAY = 86_400_000;

describe('crispRetentionStatusSql', () => {
  it('compares the age of every event of a status with its one age', () => {
    const params = new SqlParameters('0', 10);
    const sql = crispRetentionStatusSql('processed', resolveCrispRetentionConfig({})!, params);
    expect(sql).toBe(
      `("e"."status" = 'processed' AND "e"."received_at" < now() - $3::bigint * interval '1 millisecond')`,
    );
    expect(params.values).toEqual(['0', 10, 30 * DAY]);
  });

  it('gives the events named apart their own age, grouped by age; a kept one compares with NULL', () => {
    const config = resolveCrispRetentionConfig({
      events: {
        'message:send': { processed: '1d' },
        'message:received': { processed: '1d' },
        'spam:*': { processed: false },
      },
    })!;
    const params = new SqlParameters();
    expect(crispRetentionStatusSql('processed', config, params)).toBe(
      `("e"."status" = 'processed' AND "e"."received_at" < now() - CASE WHEN "e"."event" = ANY($1::text[]) THEN $2::bigint ` +
        `WHEN "e"."event" = ANY($3::text[]) THEN $4::bigint ELSE $5::bigint END * interval '1 millisecond')`,
    );
    // Families are resolved before names, so their group comes first.
    expect(params.values).toEqual([
      ['spam:message', 'spam:decision'],
      null,
      ['message:send', 'message:received'],
      DAY,
      30 * DAY,
    ]);
  });

  it('is null for a status no event of which is ever removed', () => {
    expect(crispRetentionStatusSql('dead', resolveCrispRetentionConfig({})!, new SqlParameters())).toBeNull();
    const config = resolveCrispRetentionConfig({ events: { 'message:*': { dead: '90d' } } })!;
    expect(crispRetentionStatusSql('dead', config, new SqlParameters())).toContain('ELSE $');
  });
});
