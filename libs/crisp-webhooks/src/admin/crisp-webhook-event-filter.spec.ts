import 'reflect-metadata';
import { crispEventFilterSql, SqlParameters } from './crisp-webhook-event-filter';

const sql = (filter: Parameters<typeof crispEventFilterSql>[0]) => {
  const params = new SqlParameters('reserved');
  return { where: crispEventFilterSql(filter, params), values: params.values.slice(1) };
};

describe('crispEventFilterSql', () => {
  it('selects everything for an empty filter', () => expect(sql({})).toEqual({ where: 'TRUE', values: [] }));

  it('narrows by every field given, each a parameter after the reserved ones', () => {
    const since = new Date('2026-01-01T00:00:00Z');
    expect(sql({ status: ['dead', 'failed'], websiteId: 'w', sessionId: 's', since, unhandled: true })).toEqual({
      where:
        `"e"."status" = ANY($2::text[]) AND "e"."website_id" = $3 AND split_part("e"."session_key", ':', 2) = $4` +
        ` AND "e"."received_at" >= $5::timestamptz AND "e"."status" = 'processed' AND "e"."handlers_done" = '[]'::jsonb`,
      values: [['dead', 'failed'], 'w', 's', since],
    });
  });

  it('expands a family against the catalogue and keeps an unknown name as it is', () => {
    const { values } = sql({ event: ['spam:*', 'message:reaction:added'] });
    expect(values).toEqual([['spam:message', 'spam:decision', 'message:reaction:added']]);
  });

  it.each([
    [{ status: 'gone' as 'dead' }, /Unknown status gone/],
    [{ event: 'reaction:*' }, /family reaction:\*/],
    [{ until: new Date('nope') }, /until must be a valid date/],
  ])('refuses %p', (filter, message) => expect(() => sql(filter)).toThrow(message));
});
