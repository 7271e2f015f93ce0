// The migrations and a round trip through the schema on embedded PGlite, the database of a server without
// DATABASE_URL (the same checks run on PostgreSQL in test/integration/db.test.ts).
import { describeDatabaseContract } from '../../support/database-contract';

describeDatabaseContract('pglite');
