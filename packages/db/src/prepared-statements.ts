import { createHash } from 'node:crypto';
import pg from 'pg';

/**
 * Automatic server-side preparation for PostgreSQL, as pgJDBC (`prepareThreshold`) and Npgsql
 * ("automatic preparation") do it: a parameterised statement that this process has sent
 * `PREPARE_AFTER` times is sent from then on as a named prepared statement. Each connection
 * parses it once, and PostgreSQL keeps its plan (a generic one once it costs no more than the
 * custom plans, per `plan_cache_mode`), instead of parsing, analysing and planning the same text
 * again for every call. Issue 23: in the Kazakhstan-sized day's protocol window about a fifth of
 * PostgreSQL's CPU went to parsing and planning the same few statements.
 *
 * Only texts with parameters are prepared (the others go by the simple protocol, which may hold
 * several statements, as migrations do), at most `MAX_PREPARED` different texts per process (a
 * connection then holds at most that many), none longer than `MAX_TEXT`.
 *
 * A schema change under a prepared `select *` makes PostgreSQL refuse it ("cached plan must not
 * change result type"): that one call fails, and its text is never prepared again in this process,
 * so the next call goes unprepared and sees the new columns.
 */
// pgJDBC's and Npgsql's default: a text used this often is worth a slot on every connection.
export const PREPARE_AFTER = 5;
export const MAX_PREPARED = 300;
const MAX_TEXT = 16_384;

interface Seen {
  uses: number;
  name?: string;
  /** Refused once by the server after a schema change: sent unprepared from then on. */
  poisoned?: boolean;
}

/** Statement texts seen by this process (shared by every pool, like a driver's statement cache). */
export class PreparedStatements {
  private readonly seen = new Map<string, Seen>();
  private named = 0;

  constructor(
    private readonly prepareAfter = PREPARE_AFTER,
    private readonly maxPrepared = MAX_PREPARED,
  ) {}

  /** The name to send `text` under, once it has been sent often enough; undefined: send it unnamed. */
  nameFor(text: string): string | undefined {
    if (text.length > MAX_TEXT) return undefined;
    let seen = this.seen.get(text);
    // Every slot taken: a new text would never be prepared, so it is not counted either.
    if (!seen && this.named >= this.maxPrepared) return undefined;
    if (!seen) {
      // Texts that are never prepared are forgotten when the table of them fills up.
      if (this.seen.size >= this.maxPrepared * 8) this.forgetUnnamed();
      seen = { uses: 0 };
      this.seen.set(text, seen);
    }
    if (seen.name) return seen.poisoned ? undefined : seen.name;
    seen.uses++;
    if (seen.uses < this.prepareAfter || this.named >= this.maxPrepared) return undefined;
    this.named++;
    seen.name = `pw_${createHash('sha1').update(text).digest('base64url')}`;
    return seen.name;
  }

  /** The server refused the prepared form of `text` (its result type changed). */
  poison(text: string): void {
    const seen = this.seen.get(text);
    if (seen) seen.poisoned = true;
  }

  private forgetUnnamed(): void {
    for (const [text, seen] of this.seen) if (!seen.name) this.seen.delete(text);
  }
}

const processStatements = new PreparedStatements();

/** PostgreSQL's refusal of a prepared statement whose result columns changed under it. */
function isResultTypeChanged(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown } | null;
  return e?.code === '0A000' && typeof e.message === 'string' && e.message.includes('must not change result type');
}

/**
 * A pg client that prepares its frequent statements (see `PreparedStatements`). Kysely calls
 * `query(text, values)`, which is the only form changed here.
 */
export function preparingClient(statements: PreparedStatements = processStatements): typeof pg.Client {
  return class PreparingClient extends pg.Client {
    // pg's overloads, typed loosely: only (text, values), as Kysely calls it, is rewritten.
    override query(config: any, values?: any, callback?: any): any {
      if (typeof config === 'string' && Array.isArray(values) && values.length > 0 && callback === undefined) {
        const name = statements.nameFor(config);
        if (name) {
          return (super.query({ name, text: config, values }) as Promise<pg.QueryResult>).catch((error: unknown) => {
            if (isResultTypeChanged(error)) statements.poison(config);
            throw error;
          });
        }
      }
      return super.query(config, values, callback);
    }
  };
}
