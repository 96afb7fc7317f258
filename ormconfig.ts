// The DataSource the TypeORM CLI uses (npm run migration:run / migration:revert): the same
// database, entities and migrations as the example app, from the same environment variables.
import { DataSource } from 'typeorm';
import { dataSourceOptions } from './src/database/data-source-options';

export default new DataSource(dataSourceOptions());
