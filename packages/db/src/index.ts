export { type DatabaseConfig, type Db, type DialectName, isPostgresUrl, openDatabase } from './database.ts';
export { type MigrationReport, migrateToLatest, pendingMigrations } from './migrate.ts';
export type { AuditFilter } from './repositories/audit.repository.ts';
export type { ThrottleScope } from './repositories/sign-in-failures.repository.ts';
export type { NewUser, UserFilter, UserPatch } from './repositories/users.repository.ts';
export { Store } from './store.ts';
