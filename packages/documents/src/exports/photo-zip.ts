import type { Readable, Writable } from 'node:stream';
import { ZipFile } from 'yazl';

export interface PhotoZip {
  /** Adds a file read only when its turn comes; resolves when few enough are waiting. */
  add(name: string, open: () => Readable): Promise<void>;
  /** Ends the archive; resolves once `out` has every byte. */
  end(): Promise<void>;
  /** Entries written so far. */
  readonly added: number;
}

/**
 * A ZIP streamed into `out` (yazl). Photos are JPEG/PNG, already compressed: stored, not deflated.
 * A file is opened only when the archive reaches it, and `add` waits while more than `window`
 * entries are queued, so a hundred thousand photos never hold a hundred thousand handles.
 */
export function photoZip(out: Writable, window = 64): PhotoZip {
  const zip = new ZipFile();
  let failed: Error | undefined;
  const fail = (error: Error) => {
    failed ??= error;
  };
  zip.outputStream.on('error', fail);
  out.on('error', fail);
  zip.outputStream.pipe(out);
  let queued = 0;
  let opened = 0;
  let wake: (() => void) | undefined;
  const date = new Date(Date.UTC(2000, 0, 1));
  return {
    get added() {
      return opened;
    },
    async add(name, open) {
      if (failed) throw failed;
      queued += 1;
      zip.addReadStreamLazy(name, { compress: false, mtime: date }, (cb) => {
        opened += 1;
        wake?.();
        try {
          const stream = open();
          stream.on('error', fail);
          cb(null, stream);
        } catch (error) {
          cb(error as Error, undefined as unknown as Readable);
        }
      });
      while (queued - opened > window && !failed) {
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
      }
      if (failed) throw failed;
    },
    async end() {
      if (failed) throw failed;
      await new Promise<void>((resolve, reject) => {
        out.once('finish', resolve);
        out.once('error', reject);
        zip.outputStream.once('error', reject);
        zip.end();
      });
    },
  };
}
