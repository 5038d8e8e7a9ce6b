// Prints the SQL better-auth needs for its tables, for writing the identity migration by hand
// when the auth configuration changes: node --import tsx scripts/print-auth-migration.ts <url>
import { getMigrations } from 'better-auth/db/migration';
import { createAuth } from '../src/auth/auth.js';

const url = process.argv[2];
if (!url) throw new Error('usage: print-auth-migration.ts <database url>');
const auth = createAuth({ databaseUrl: url, secret: 'x'.repeat(32), publicUrl: 'http://localhost:3000', trustedOrigins: [], secureCookies: false });
const { compileMigrations } = await getMigrations(auth.options);
console.log(await compileMigrations());
process.exit(0);
