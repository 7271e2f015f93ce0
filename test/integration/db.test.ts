// The same migrations on real PostgreSQL as on embedded PGlite (test/unit/db/database.test.ts), a round trip
// through the schema, and several servers migrating one database at once.
import { tmpdir } from 'node:os';
import { describe, it } from 'vitest';
import { openDatabase } from '../../server/db';
import { describeDatabaseContract } from '../support/database-contract';
import { createTestDatabase } from '../support/db';

describeDatabaseContract('postgres');

describe('migrations on PostgreSQL', () => {
  it('survive several servers starting at once', async () => {
    const testDb = await createTestDatabase();
    const databases = await Promise.all([1, 2, 3].map(() => openDatabase({ url: testDb.url, dataDir: tmpdir(), maxConnections: 1 })));
    try {
      await Promise.all(databases.map((database) => database.migrate()));
      await databases[0]!.ping();
    } finally {
      await Promise.all(databases.map((database) => database.close()));
      await testDb.drop();
    }
  });
});
