import type { ImportEncoding, ImportSeparator } from './import-labels.ts';

/** What the user chose on the columns step: the mapping and how to read the file. */
export interface Options {
  mapping: Record<string, string | null>;
  encoding: ImportEncoding;
  separator: ImportSeparator;
}

/** What the mapping step shows of the file: the server's first reading, or the browser's re-reading. */
export interface FileHead {
  headers: string[];
  sample: string[][];
}
