import { hash, verify } from '@node-rs/argon2';

/** argon2id (the library's default algorithm) at OWASP's baseline: 19 MiB, 2 iterations, 1 lane. */
export const PRODUCTION_HASH_COST = { memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

/**
 * The cheapest argon2id, for test runs only: the test suites create a few thousand accounts, and at
 * the real cost hashing took about a minute of CI. Still a real argon2id hash, verified the same
 * way (the parameters are inside the stored hash).
 */
export const TEST_HASH_COST = { memoryCost: 64, timeCost: 1, parallelism: 1 } as const;

/**
 * The real cost, except inside a Vitest run (Vitest sets VITEST in its workers, and the servers
 * the browser tests start inherit it) that also asks for it with PASSWORD_HASH_COST=test. No
 * production setting lowers it.
 */
export function passwordHashCost(env: NodeJS.ProcessEnv = process.env) {
  return env.VITEST && env.PASSWORD_HASH_COST === 'test' ? TEST_HASH_COST : PRODUCTION_HASH_COST;
}

const options = passwordHashCost();

export function hashPassword(password: string): Promise<string> {
  return hash(password, options);
}

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

/**
 * Verifying against this when the account does not exist keeps the response time the same, so
 * timing does not reveal which emails have accounts.
 */
let dummyHash: Promise<string> | undefined;
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword('pollwatch-timing-equaliser');
  return dummyHash;
}
