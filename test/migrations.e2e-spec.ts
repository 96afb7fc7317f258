import { CRISP_WEBHOOKS_ENTITIES, CRISP_WEBHOOKS_MIGRATIONS } from 'nestjs-crisp-webhooks';
import { DataSource } from 'typeorm';
import { createTestDatabase, type TestDatabase } from './utils/test-database';

describe("The module's migrations", () => {
  let database: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = await new DataSource({
      type: 'postgres',
      url: database.url,
      entities: CRISP_WEBHOOKS_ENTITIES,
      migrations: CRISP_WEBHOOKS_MIGRATIONS,
    }).initialize();
  });
  afterAll(async () => {
    await dataSource.destroy();
    await database.drop();
  });

  const tables = async () =>
    (
      await dataSource.query(
        `SELECT "table_name" FROM information_schema.tables WHERE "table_schema" = 'public' AND "table_name" LIKE 'crisp%'`,
      )
    ).map((row: { table_name: string }) => row.table_name);

  it('build the schema the entity maps, and undo it', async () => {
    await dataSource.runMigrations();
    expect((await tables()).sort()).toEqual(['crisp_api_replies', 'crisp_webhook_events']);
    // The entity and the migration must agree: TypeORM would generate a migration if they did not.
    const pending = await dataSource.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((query) => query.query)).toEqual([]);

    for (const _ of CRISP_WEBHOOKS_MIGRATIONS) await dataSource.undoLastMigration();
    expect(await tables()).toEqual([]);
  });
});
