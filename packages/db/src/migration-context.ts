/**
 * What a migration may need beyond the schema, handed over by `migrateToLatest`: today the data keys
 * (`id:base64,…`, first active) with which 20261208050000 encrypts personal data already stored.
 * Undefined when the caller has none; a migration that then finds data to encrypt stops with an error.
 */
let dataKeys: string | undefined;

export function setMigrationDataKeys(keys: string | undefined): void {
  dataKeys = keys;
}

export function migrationDataKeys(): string | undefined {
  return dataKeys;
}
