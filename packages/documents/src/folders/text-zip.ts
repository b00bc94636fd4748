import { DomainError } from '@pollwatch/core';
import JSZip from 'jszip';
import { checkZipBuffer } from '../tabular/zip-limits.ts';

/** A folder of small text files (a school course) as a ZIP, and back. */
export interface TextFile {
  path: string;
  text: string;
}

/** Bounds for a course folder: far above any real course, far below a zip bomb. */
const LIMITS = { maxInflatedBytes: 20 * 1024 * 1024, maxEntries: 2_000, maxRatio: 200 };

/** Writes the files into a ZIP (deflated, dated at `date` so the same course gives the same bytes). */
export async function zipTextFiles(files: TextFile[], date = new Date(Date.UTC(2026, 0, 1))): Promise<Buffer> {
  const zip = new JSZip();
  for (const f of files) zip.file(f.path, f.text, { date, createFolders: false });
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', platform: 'UNIX' });
}

/**
 * Reads the text files of a ZIP after checking what it inflates to. Folders are skipped; a file
 * that is not UTF-8 keeps its replacement characters for the course check to refuse.
 */
export async function readTextZip(bytes: Uint8Array): Promise<TextFile[]> {
  try {
    await checkZipBuffer(bytes, LIMITS);
    const zip = await JSZip.loadAsync(bytes);
    const files: TextFile[] = [];
    for (const entry of Object.values(zip.files)) {
      if (entry.dir) continue;
      const raw = await entry.async('uint8array');
      files.push({ path: entry.name, text: new TextDecoder('utf-8').decode(raw) });
    }
    return files;
  } catch (error) {
    if (error instanceof DomainError) throw error;
    throw new DomainError('file_unreadable', 'The file is not a ZIP archive', { reason: 'not_zip' });
  }
}
