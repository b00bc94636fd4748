import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { AwsClient } from 'aws4fetch';
import { type BlobWrite, tooLong, writeSmallWhole } from './whole-upload.ts';

/** Where an S3-compatible object store is and how to sign for it (README "Files in S3"). */
export interface S3Config {
  /** https://s3.eu-central-1.amazonaws.com, https://storage.yandexcloud.net, http://127.0.0.1:9000 … */
  endpoint: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** `endpoint/bucket/key` (MinIO, most self-hosted stores) instead of `bucket.endpoint/key`. */
  pathStyle: boolean;
  /** Put every key under this prefix (`pollwatch/`), to share a bucket. */
  prefix?: string;
  /** Bytes held in memory per part of a multipart upload; S3's least is 5 MiB. */
  partBytes?: number;
}

/** S3's own floor for every part but the last. */
export const S3_MIN_PART_BYTES = 5 * 1024 * 1024;
const DEFAULT_PART_BYTES = 8 * 1024 * 1024;

/** `S3_*` settings; an error names what is missing. */
export function s3ConfigFromEnv(env: NodeJS.ProcessEnv): S3Config {
  const need = (name: string): string => {
    const value = env[name];
    if (!value) throw new Error(`BLOB_STORE=s3 needs ${name}`);
    return value;
  };
  const partMb = env.S3_PART_MB ? Number(env.S3_PART_MB) : undefined;
  if (partMb !== undefined && !(Number.isFinite(partMb) && partMb >= 5)) {
    throw new Error(`S3_PART_MB must be a number of MiB, at least 5, got "${env.S3_PART_MB}"`);
  }
  return {
    endpoint: need('S3_ENDPOINT'),
    bucket: need('S3_BUCKET'),
    region: env.S3_REGION || 'us-east-1',
    accessKeyId: need('S3_ACCESS_KEY_ID'),
    secretAccessKey: need('S3_SECRET_ACCESS_KEY'),
    pathStyle: env.S3_PATH_STYLE === 'true',
    prefix: env.S3_PREFIX ?? '',
    ...(partMb ? { partBytes: Math.floor(partMb * 1024 * 1024) } : {}),
  };
}

/** The URL of an object (or of the bucket, for `key` ''), path-style or virtual-hosted. */
export function objectUrl(config: Pick<S3Config, 'endpoint' | 'bucket' | 'pathStyle'>, key: string): URL {
  const url = new URL(config.endpoint);
  const base = url.pathname.replace(/\/+$/, '');
  const path = key
    .split('/')
    .map((part) => encodeURIComponent(part))
    .join('/');
  if (config.pathStyle) {
    url.pathname = `${base}/${encodeURIComponent(config.bucket)}${key ? `/${path}` : ''}`;
  } else {
    url.hostname = `${config.bucket}.${url.hostname}`;
    url.pathname = `${base}/${path}`;
  }
  return url;
}

class S3Error extends Error {
  constructor(
    readonly status: number,
    what: string,
    body: string,
  ) {
    // The store's XML error code only: the rest may echo keys or request details.
    super(`S3 ${what} answered ${status} ${/<Code>([^<]*)<\/Code>/.exec(body)?.[1] ?? ''}`.trim());
  }
}

const xmlValues = (xml: string, tag: string): string[] =>
  [...xml.matchAll(new RegExp(`<${tag}>([^<]*)</${tag}>`, 'g'))].map((m) => decodeXml(m[1] ?? ''));

function decodeXml(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

const sha256Hex = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');

/** Pieces of an upload in progress are named by the offset they start at, so a listing sorts them. */
const pieceName = (offset: number) => String(offset).padStart(15, '0');

/**
 * Files in an S3-compatible object store (AWS S3, MinIO, Ceph, Yandex Object Storage, …), shared
 * by every process on every host (issue 23). Requests are signed (SigV4) by aws4fetch and sent with
 * Node's fetch. Nothing is held whole in memory: an upload goes out in parts of `partBytes` (a
 * multipart upload once it is bigger than one part), and a read streams the response body.
 *
 * An upload in progress is kept as one object per `append` (`partial/<sha256>/<offset>`);
 * `finalize` streams them back through the hash into `blobs/<sha256>`, and the object becomes
 * visible only when the hash matched (a single PUT made after hashing, or a multipart upload
 * completed only then), so a reader never sees a file that is not what it claims to be.
 *
 * It is a `BlobStore` (blob-store.ts) by shape, checked where that file hands it out; importing the
 * interface here would make an import cycle.
 */
export class S3BlobStore {
  readonly shared = true;
  private readonly client: AwsClient;
  private readonly prefix: string;
  private readonly partBytes: number;

  constructor(private readonly config: S3Config) {
    this.client = new AwsClient({
      accessKeyId: config.accessKeyId,
      secretAccessKey: config.secretAccessKey,
      service: 's3',
      region: config.region,
      // Our own requests stream from a body that cannot be sent twice; failures surface instead.
      retries: 0,
    });
    this.prefix = config.prefix ?? '';
    this.partBytes = config.partBytes ?? DEFAULT_PART_BYTES;
  }

  private blobKey(sha256: string): string {
    return `${this.prefix}blobs/${sha256}`;
  }

  private partialPrefix(sha256: string): string {
    return `${this.prefix}partial/${sha256}/`;
  }

  private async send(
    what: string,
    method: string,
    key: string,
    query: Record<string, string> = {},
    body?: Buffer,
    accept: number[] = [200],
  ): Promise<Response> {
    const url = objectUrl(this.config, key);
    for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
    const response = await this.client.fetch(url.toString(), {
      method,
      // The payload's own hash is signed, so the store checks the bytes arrived whole.
      headers: { 'x-amz-content-sha256': body ? sha256Hex(body) : sha256Hex('') },
      ...(body ? { body } : {}),
    });
    if (!accept.includes(response.status)) throw new S3Error(response.status, what, await response.text());
    return response;
  }

  /** Keys and sizes under a prefix, in key order, every page of the listing. */
  private async list(prefix: string): Promise<{ key: string; size: number }[]> {
    const found: { key: string; size: number }[] = [];
    let token: string | undefined;
    do {
      const query: Record<string, string> = { 'list-type': '2', prefix };
      if (token) query['continuation-token'] = token;
      const xml = await (await this.send('ListObjectsV2', 'GET', '', query)).text();
      for (const item of xml.match(/<Contents>[\s\S]*?<\/Contents>/g) ?? []) {
        found.push({ key: xmlValues(item, 'Key')[0] ?? '', size: Number(xmlValues(item, 'Size')[0] ?? 0) });
      }
      token = xmlValues(xml, 'IsTruncated')[0] === 'true' ? xmlValues(xml, 'NextContinuationToken')[0] : undefined;
    } while (token);
    return found.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  async partialSize(sha256: string): Promise<number> {
    return (await this.list(this.partialPrefix(sha256))).reduce((sum, piece) => sum + piece.size, 0);
  }

  async append(sha256: string, offset: number, chunk: Readable, maxBytes: number): Promise<number> {
    if (offset === 0) await this.discard(sha256);
    let written = offset;
    const counted = (async function* () {
      for await (const piece of chunk as AsyncIterable<Buffer>) {
        written += piece.length;
        tooLong(written, maxBytes);
        yield piece;
      }
    })();
    await this.put(`${this.partialPrefix(sha256)}${pieceName(offset)}`, counted, () => true);
    return written;
  }

  /**
   * A file sent whole from its start that fits in one part is one PutObject, made once it hashed
   * right, and a listing to clear what an earlier attempt kept (issue 23: it was a listing, a
   * partial object, another listing, the object read back and put again, and a third listing and
   * delete).
   */
  write(sha256: string, offset: number, body: Readable, size: number): Promise<BlobWrite> {
    return writeSmallWhole(this, sha256, offset, body, size, this.partBytes, async (data) => {
      await this.send('PutObject', 'PUT', this.blobKey(sha256), {}, data);
      await this.discard(sha256);
    });
  }

  async finalize(sha256: string): Promise<{ ok: boolean; head: Buffer }> {
    const pieces = await this.list(this.partialPrefix(sha256));
    const hash = createHash('sha256');
    const head = Buffer.alloc(16);
    let headBytes = 0;
    const self = this;
    const bytes = (async function* () {
      for (const piece of pieces) {
        for await (const part of self.readKey(piece.key)) {
          const buffer = part as Buffer;
          hash.update(buffer);
          if (headBytes < 16) headBytes += buffer.copy(head, headBytes, 0, 16 - headBytes);
          yield buffer;
        }
      }
    })();
    let ok = false;
    // The hash is known once every byte has been read, just before the object is made visible.
    const stored = await this.put(this.blobKey(sha256), bytes, () => {
      ok = hash.digest('hex') === sha256;
      return ok;
    });
    if (!stored) return { ok: false, head };
    await this.discard(sha256);
    return { ok: true, head };
  }

  async discard(sha256: string): Promise<void> {
    for (const piece of await this.list(this.partialPrefix(sha256))) await this.deleteKey(piece.key);
  }

  async remove(sha256: string): Promise<void> {
    await this.deleteKey(this.blobKey(sha256));
  }

  async exists(sha256: string): Promise<boolean> {
    const response = await this.send('HeadObject', 'HEAD', this.blobKey(sha256), {}, undefined, [200, 404]);
    return response.status === 200;
  }

  read(sha256: string): Readable {
    return this.readKey(this.blobKey(sha256));
  }

  private readKey(key: string): Readable {
    const send = () => this.send('GetObject', 'GET', key, {}, undefined, [200, 404]);
    return Readable.from(
      (async function* () {
        const response = await send();
        if (response.status === 404 || !response.body) {
          await response.body?.cancel();
          throw Object.assign(new Error('no such file'), { code: 'ENOENT' });
        }
        yield* Readable.fromWeb(response.body as WebReadableStream<Uint8Array>);
      })(),
      { objectMode: false },
    );
  }

  private async deleteKey(key: string): Promise<void> {
    await this.send('DeleteObject', 'DELETE', key, {}, undefined, [200, 204, 404]);
  }

  /**
   * Streams `source` into `key`, holding at most one part in memory. `commit` is asked after the
   * last byte: false leaves nothing behind (the multipart upload is aborted) and returns false.
   */
  private async put(key: string, source: AsyncIterable<Buffer>, commit: () => boolean): Promise<boolean> {
    let held: Buffer[] = [];
    let heldBytes = 0;
    let uploadId: string | undefined;
    const etags: string[] = [];
    const take = (size: number): Buffer => {
      const all = held.length === 1 ? (held[0] as Buffer) : Buffer.concat(held, heldBytes);
      const part = all.subarray(0, size);
      const rest = all.subarray(size);
      held = rest.length ? [rest] : [];
      heldBytes = rest.length;
      return part;
    };
    const sendPart = async (part: Buffer) => {
      if (!uploadId) {
        const xml = await (await this.send('CreateMultipartUpload', 'POST', key, { uploads: '' })).text();
        uploadId = xmlValues(xml, 'UploadId')[0];
        if (!uploadId) throw new Error('S3 CreateMultipartUpload gave no upload id');
      }
      const response = await this.send(
        'UploadPart',
        'PUT',
        key,
        {
          partNumber: String(etags.length + 1),
          uploadId,
        },
        part,
      );
      etags.push(response.headers.get('etag') ?? '');
    };
    try {
      for await (const piece of source) {
        held.push(piece);
        heldBytes += piece.length;
        while (heldBytes >= this.partBytes) await sendPart(take(this.partBytes));
      }
      if (!uploadId) {
        const whole = take(heldBytes);
        if (!commit()) return false;
        await this.send('PutObject', 'PUT', key, {}, whole);
        return true;
      }
      if (heldBytes > 0) await sendPart(take(heldBytes));
      if (!commit()) {
        await this.abort(key, uploadId);
        return false;
      }
      const parts = etags
        .map((etag, i) => `<Part><PartNumber>${i + 1}</PartNumber><ETag>${escapeXml(etag)}</ETag></Part>`)
        .join('');
      const done = await this.send(
        'CompleteMultipartUpload',
        'POST',
        key,
        { uploadId },
        Buffer.from(`<CompleteMultipartUpload>${parts}</CompleteMultipartUpload>`),
      );
      // S3 may answer 200 with an error in the body when completing fails late.
      const text = await done.text();
      if (text.includes('<Error>')) throw new S3Error(500, 'CompleteMultipartUpload', text);
      return true;
    } catch (error) {
      if (uploadId) await this.abort(key, uploadId).catch(() => undefined);
      throw error;
    }
  }

  private async abort(key: string, uploadId: string): Promise<void> {
    await this.send('AbortMultipartUpload', 'DELETE', key, { uploadId }, undefined, [200, 204, 404]);
  }
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
