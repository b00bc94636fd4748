import type { Writable } from 'node:stream';

/**
 * Text written to a long-lived response (server-sent events) is gathered for one turn of the event
 * loop and sent in one write: on voting day a console hears of hundreds of reports a second, and
 * a system call per event cost the request thread more than the event itself.
 */
export function batchedWrites(out: Writable): { write(text: string): void } {
  let pending = '';
  return {
    write(text: string) {
      if (pending === '') {
        setImmediate(() => {
          const sending = pending;
          pending = '';
          if (!out.destroyed) out.write(sending);
        });
      }
      pending += text;
    },
  };
}
