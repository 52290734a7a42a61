/** The real PostgreSQL of the tests (test/sandbox/postgres.js, shared with the server benchmark). */
export { startPostgres, type Postgres } from '../sandbox/postgres.js';
