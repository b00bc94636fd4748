import { createHash, createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * For tests: a local S3-compatible server speaking the real protocol (path-style URLs, XML
 * answers) for the calls the S3 blob store makes: PutObject, GetObject, HeadObject, DeleteObject,
 * ListObjectsV2 (paged) and multipart uploads. Every request must carry a valid AWS Signature V4
 * for the configured keys, and a signed payload hash must match the body; objects live in memory.
 */
export interface FakeS3 {
  endpoint: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  objects: Map<string, Buffer>;
  /** Multipart uploads neither completed nor aborted. */
  openUploads(): number;
  /** Requests refused for a bad signature or body hash. */
  refused: number;
  /** Parts received, by upload, in arrival order (sizes), to see what was held in memory. */
  partSizes: number[];
  close(): Promise<void>;
}

export interface FakeS3Options {
  /** Smallest part but the last (S3: 5 MiB); tests lower it to keep their files small. */
  minPartBytes?: number;
  /** Keys per ListObjectsV2 page (S3: 1,000); tests lower it to exercise paging. */
  maxKeys?: number;
}

const hmac = (key: Buffer | string, text: string) => createHmac('sha256', key).update(text).digest();
const sha256Hex = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');
const rfc3986 = (text: string) =>
  encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export async function startFakeS3(options: FakeS3Options = {}): Promise<FakeS3> {
  const minPart = options.minPartBytes ?? 5 * 1024 * 1024;
  const maxKeys = options.maxKeys ?? 1000;
  const bucket = 'pollwatch-test';
  const region = 'kz-almaty-1';
  const accessKeyId = 'AKIAFAKE00000000TEST';
  const secretAccessKey = randomUUID();
  const objects = new Map<string, Buffer>();
  const uploads = new Map<string, { key: string; parts: Map<number, { etag: string; bytes: Buffer }> }>();
  const partSizes: number[] = [];
  const state = { refused: 0 };

  /** SigV4 as S3 checks it: canonical request, string to sign, the derived key. */
  function signatureValid(req: IncomingMessage, url: URL, body: Buffer): boolean {
    const auth =
      /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/s3\/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})$/.exec(
        req.headers.authorization ?? '',
      );
    if (!auth) return false;
    const [, keyId, day, signedRegion, signedHeaders, signature] = auth as unknown as string[];
    if (keyId !== accessKeyId || signedRegion !== region) return false;
    const amzDate = String(req.headers['x-amz-date'] ?? '');
    if (!amzDate.startsWith(day as string)) return false;
    const payloadHash = String(req.headers['x-amz-content-sha256'] ?? '');
    if (!payloadHash) return false;
    if (payloadHash !== 'UNSIGNED-PAYLOAD' && payloadHash !== sha256Hex(body)) return false;
    const names = (signedHeaders as string).split(';');
    if (!names.includes('host') || !names.includes('x-amz-date')) return false;
    const canonicalHeaders = names
      .map(
        (name) =>
          `${name}:${String(req.headers[name] ?? '')
            .trim()
            .replace(/\s+/g, ' ')}\n`,
      )
      .join('');
    const query = [...url.searchParams.entries()]
      .map(([k, v]) => [rfc3986(k), rfc3986(v)] as const)
      .sort((a, b) => (a[0] === b[0] ? (a[1] < b[1] ? -1 : 1) : a[0] < b[0] ? -1 : 1))
      .map(([k, v]) => `${k}=${v}`)
      .join('&');
    const canonical = [req.method, url.pathname, query, canonicalHeaders, signedHeaders, payloadHash].join('\n');
    const scope = `${day}/${region}/s3/aws4_request`;
    const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256Hex(canonical)].join('\n');
    const key = hmac(hmac(hmac(hmac(`AWS4${secretAccessKey}`, day as string), region), 's3'), 'aws4_request');
    const expected = hmac(key, toSign);
    return timingSafeEqual(expected, Buffer.from(signature as string, 'hex'));
  }

  function error(res: ServerResponse, status: number, code: string): void {
    res.writeHead(status, { 'content-type': 'application/xml' });
    res.end(`<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code></Error>`);
  }

  function xml(res: ServerResponse, body: string): void {
    res.writeHead(200, { 'content-type': 'application/xml' });
    res.end(`<?xml version="1.0" encoding="UTF-8"?>${body}`);
  }

  function list(res: ServerResponse, url: URL): void {
    if (url.searchParams.get('list-type') !== '2') {
      error(res, 400, 'InvalidArgument');
      return;
    }
    const prefix = url.searchParams.get('prefix') ?? '';
    const after = url.searchParams.get('continuation-token') ?? '';
    const keys = [...objects.keys()].filter((k) => k.startsWith(prefix) && k > after).sort();
    const page = keys.slice(0, maxKeys);
    const truncated = keys.length > page.length;
    const contents = page
      .map(
        (k) =>
          `<Contents><Key>${escapeXml(k)}</Key><Size>${objects.get(k)?.length ?? 0}</Size><StorageClass>STANDARD</StorageClass></Contents>`,
      )
      .join('');
    xml(
      res,
      `<ListBucketResult><Name>${bucket}</Name><Prefix>${escapeXml(prefix)}</Prefix><KeyCount>${page.length}</KeyCount>` +
        `<MaxKeys>${maxKeys}</MaxKeys><IsTruncated>${truncated}</IsTruncated>${contents}` +
        (truncated ? `<NextContinuationToken>${escapeXml(page.at(-1) ?? '')}</NextContinuationToken>` : '') +
        '</ListBucketResult>',
    );
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const url = new URL(req.url ?? '/', 'http://fake-s3');
    if (!signatureValid(req, url, body)) {
      state.refused += 1;
      return error(res, 403, 'SignatureDoesNotMatch');
    }
    const [, first, ...rest] = url.pathname.split('/');
    if (first !== bucket) return error(res, 404, 'NoSuchBucket');
    const key = rest.map((part) => decodeURIComponent(part)).join('/');
    const q = url.searchParams;
    if (!key) return req.method === 'GET' ? list(res, url) : error(res, 405, 'MethodNotAllowed');

    if (req.method === 'POST' && q.has('uploads')) {
      const uploadId = randomUUID();
      uploads.set(uploadId, { key, parts: new Map() });
      return xml(
        res,
        `<InitiateMultipartUploadResult><Bucket>${bucket}</Bucket><Key>${escapeXml(key)}</Key><UploadId>${uploadId}</UploadId></InitiateMultipartUploadResult>`,
      );
    }
    const uploadId = q.get('uploadId');
    if (uploadId !== null) {
      const upload = uploads.get(uploadId);
      if (!upload || upload.key !== key) return error(res, 404, 'NoSuchUpload');
      if (req.method === 'PUT') {
        const number = Number(q.get('partNumber'));
        if (!Number.isInteger(number) || number < 1 || number > 10_000) return error(res, 400, 'InvalidArgument');
        const etag = `"${createHash('md5').update(body).digest('hex')}"`;
        upload.parts.set(number, { etag, bytes: body });
        partSizes.push(body.length);
        res.writeHead(200, { etag });
        return void res.end();
      }
      if (req.method === 'DELETE') {
        uploads.delete(uploadId);
        res.writeHead(204);
        return void res.end();
      }
      if (req.method === 'POST') {
        const listed = [
          ...body.toString().matchAll(/<Part><PartNumber>(\d+)<\/PartNumber><ETag>([^<]*)<\/ETag><\/Part>/g),
        ];
        const numbers = listed.map((m) => Number(m[1]));
        if (numbers.length === 0 || numbers.some((n, i) => i > 0 && n <= (numbers[i - 1] as number)))
          return error(res, 400, 'InvalidPartOrder');
        const parts = [];
        for (const [i, m] of listed.entries()) {
          const part = upload.parts.get(Number(m[1]));
          const etag = (m[2] ?? '').replace(/&quot;/g, '"');
          if (!part || part.etag !== etag) return error(res, 400, 'InvalidPart');
          if (i < listed.length - 1 && part.bytes.length < minPart) return error(res, 400, 'EntityTooSmall');
          parts.push(part.bytes);
        }
        objects.set(key, Buffer.concat(parts));
        uploads.delete(uploadId);
        return xml(res, `<CompleteMultipartUploadResult><Key>${escapeXml(key)}</Key></CompleteMultipartUploadResult>`);
      }
      return error(res, 405, 'MethodNotAllowed');
    }
    if (req.method === 'PUT') {
      objects.set(key, body);
      res.writeHead(200, { etag: `"${createHash('md5').update(body).digest('hex')}"` });
      return void res.end();
    }
    if (req.method === 'GET' || req.method === 'HEAD') {
      const found = objects.get(key);
      if (!found) return req.method === 'HEAD' ? void res.writeHead(404).end() : error(res, 404, 'NoSuchKey');
      res.writeHead(200, { 'content-length': found.length, 'content-type': 'application/octet-stream' });
      return void res.end(req.method === 'HEAD' ? undefined : found);
    }
    if (req.method === 'DELETE') {
      objects.delete(key);
      res.writeHead(204);
      return void res.end();
    }
    return error(res, 405, 'MethodNotAllowed');
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch(() => error(res, 500, 'InternalError'));
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    bucket,
    region,
    accessKeyId,
    secretAccessKey,
    objects,
    openUploads: () => uploads.size,
    get refused() {
      return state.refused;
    },
    partSizes,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}
