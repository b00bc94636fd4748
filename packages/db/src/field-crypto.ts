import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Personal data at rest (issue 21): observers' and applicants' phones, IINs and identity-document
 * numbers are stored only as AES-256-GCM envelopes, and looked up (sign-in by SMS sender, duplicate
 * detection) through a keyed HMAC "blind index". Repositories are the one place that encrypts and
 * decrypts; services and routes see clear domain values only.
 *
 * Envelope, version 1 (a frozen format: the migration 20261208050000 writes it too):
 *   `pw1:<key id>:<base64url(12-byte IV ‖ ciphertext ‖ 16-byte tag)>`
 * with the column's name ("applicants.phone") as additional authenticated data, so a value cannot be
 * moved to another column unnoticed. From each configured 32-byte master key, HKDF-SHA256 derives an
 * encryption key (info `pollwatch/v1/encrypt`) and an index key (info `pollwatch/v1/index`): a blind
 * index is `base64url(HMAC-SHA256(index key, "<purpose>\0<value>"))`, so rotating the key rotates the
 * index too (a leaked old index key then tells nothing about new rows).
 *
 * Keys come as text, `id:base64[,id:base64…]` (or one per line in a key file); the FIRST is active
 * (new writes), the others stay readable until `pollwatch rotate-keys` has moved every row off them.
 */

export const ENVELOPE_VERSION = 'pw1';
const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;

/** A key problem: missing, malformed, unknown id or a key that does not open the data. Never silent. */
export class DataKeyError extends Error {
  override readonly name = 'DataKeyError';
}

interface DerivedKey {
  id: string;
  encrypt: Buffer;
  index: Buffer;
}

function derive(id: string, master: Buffer): DerivedKey {
  const info = (what: string) => Buffer.from(`pollwatch/v1/${what}`);
  return {
    id,
    encrypt: Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), info('encrypt'), 32)),
    index: Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), info('index'), 32)),
  };
}

/** Parses `id:base64,…` (commas or new lines; `#` comments). Throws DataKeyError on anything odd. */
export function parseDataKeys(text: string): { id: string; key: Buffer }[] {
  const entries = text
    .split('\n')
    .flatMap((line) => line.replace(/#.*$/, '').split(','))
    .map((entry) => entry.trim())
    .filter(Boolean);
  const seen = new Set<string>();
  return entries.map((entry, i) => {
    const colon = entry.indexOf(':');
    const id = colon > 0 ? entry.slice(0, colon).trim() : '';
    const encoded = colon > 0 ? entry.slice(colon + 1).trim() : '';
    if (!KEY_ID.test(id))
      throw new DataKeyError(`data key ${i + 1}: expected "id:base64" with an id of letters, digits, - or _`);
    if (seen.has(id)) throw new DataKeyError(`data key id "${id}" is given twice`);
    seen.add(id);
    const key = Buffer.from(encoded, 'base64');
    if (key.length !== 32 || key.toString('base64').replace(/=+$/, '') !== encoded.replace(/=+$/, '')) {
      throw new DataKeyError(
        `data key "${id}" must be 32 bytes in base64 (44 characters); generate one with \`pollwatch rotate-keys --generate\``,
      );
    }
    return { id, key };
  });
}

/** A new key line, `id:base64`, with an id that sorts by creation time. */
export function generateDataKeyLine(now = new Date()): string {
  const id = `k${now.toISOString().slice(0, 10).replace(/-/g, '')}${randomBytes(2).toString('hex')}`;
  return `${id}:${randomBytes(32).toString('base64')}`;
}

/**
 * The keys of this process. May start empty and be filled once (first run creates the key file
 * after the database was opened); every use before that fails with a DataKeyError naming the fix.
 */
export class DataKeyring {
  private keys: DerivedKey[] = [];
  private spec: string | undefined;

  constructor(text?: string) {
    if (text !== undefined && text.trim() !== '') this.install(text);
  }

  /** Sets the keys (once). */
  install(text: string): void {
    if (this.keys.length > 0) throw new DataKeyError('data keys are already set');
    const parsed = parseDataKeys(text);
    if (parsed.length === 0) throw new DataKeyError('no data key given');
    this.keys = parsed.map((k) => derive(k.id, k.key));
    this.spec = parsed.map((k) => `${k.id}:${k.key.toString('base64')}`).join(',');
  }

  get configured(): boolean {
    return this.keys.length > 0;
  }

  /** The keys as text, for a worker thread that opens its own connection. */
  get text(): string | undefined {
    return this.spec;
  }

  get ids(): string[] {
    return this.keys.map((k) => k.id);
  }

  get activeId(): string {
    return this.active().id;
  }

  private active(): DerivedKey {
    const key = this.keys[0];
    if (!key) {
      throw new DataKeyError(
        'personal data keys are not configured: set DATA_KEYS or DATA_KEY_FILE (see the README, "Personal data at rest")',
      );
    }
    return key;
  }

  private byId(id: string): DerivedKey {
    this.active();
    const key = this.keys.find((k) => k.id === id);
    if (!key) throw new DataKeyError(`stored personal data is encrypted with key "${id}", which is not configured`);
    return key;
  }

  encrypt(plain: string, column: string): string {
    const key = this.active();
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key.encrypt, iv);
    cipher.setAAD(Buffer.from(column));
    const body = Buffer.concat([iv, cipher.update(plain, 'utf8'), cipher.final(), cipher.getAuthTag()]);
    return `${ENVELOPE_VERSION}:${key.id}:${body.toString('base64url')}`;
  }

  decrypt(envelope: string, column: string): string {
    const [version, id, body] = envelope.split(':');
    if (version !== ENVELOPE_VERSION || !id || body === undefined) {
      throw new DataKeyError(`${column}: not a ${ENVELOPE_VERSION} envelope`);
    }
    const key = this.byId(id);
    const bytes = Buffer.from(body, 'base64url');
    if (bytes.length < 28) throw new DataKeyError(`${column}: envelope too short`);
    try {
      const decipher = createDecipheriv('aes-256-gcm', key.encrypt, bytes.subarray(0, 12));
      decipher.setAAD(Buffer.from(column));
      decipher.setAuthTag(bytes.subarray(bytes.length - 16));
      return Buffer.concat([decipher.update(bytes.subarray(12, bytes.length - 16)), decipher.final()]).toString('utf8');
    } catch {
      throw new DataKeyError(`key "${id}" does not open ${column}: a wrong key for this id, or altered data`);
    }
  }

  /** The key id an envelope was written with. */
  static keyIdOf(envelope: string): string | undefined {
    const [version, id] = envelope.split(':');
    return version === ENVELOPE_VERSION ? id : undefined;
  }

  /**
   * A value that tells whether a key with this id is the same key as before, without revealing it
   * (kept in the settings table: a process started with another key of the same id, or with a new
   * key over a database sealed with another, is refused at start-up).
   */
  check(id: string): string {
    return indexWith(this.byId(id), 'pollwatch key check', 'check');
  }

  /** The blind index of a value under the active key (what is stored). */
  index(value: string, purpose: string): string {
    return indexWith(this.active(), value, purpose);
  }

  /** The value's blind index under every configured key: a lookup matches rows not yet rotated too. */
  lookups(value: string, purpose: string): string[] {
    this.active();
    return this.keys.map((k) => indexWith(k, value, purpose));
  }
}

function indexWith(key: DerivedKey, value: string, purpose: string): string {
  return createHmac('sha256', key.index).update(`${purpose}\0${value}`).digest('base64url');
}
