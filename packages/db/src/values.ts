import type { DialectName } from './database.ts';

/** A Date as the dialect stores it: timestamptz takes a Date, SQLite text takes ISO-8601 UTC. */
export function timeValue(dialect: DialectName, date: Date): Date | string {
  return dialect === 'postgres' ? date : date.toISOString();
}

export function readTime(value: Date | string): Date {
  return value instanceof Date ? value : new Date(value);
}

export function readIsoTime(value: Date | string): string {
  return readTime(value).toISOString();
}

export function jsonValue(value: unknown): string {
  return JSON.stringify(value ?? null);
}

/**
 * Store objects and arrays only: PostgreSQL hands back a jsonb string as a plain string, which
 * cannot be told apart from SQLite's JSON text.
 */
export function readJson(value: unknown): unknown {
  return typeof value === 'string' ? JSON.parse(value) : value;
}

/** bigint identities come back from pg as strings. */
export function readInt(value: number | string): number {
  return typeof value === 'number' ? value : Number(value);
}

/** A boolean as the dialect stores it: boolean on PostgreSQL, 0/1 on SQLite. */
export function boolValue(dialect: DialectName, value: boolean): boolean | number {
  return dialect === 'postgres' ? value : value ? 1 : 0;
}

export function readBool(value: boolean | number): boolean {
  return value === true || value === 1;
}
