import { type CopyComparisonRow, compareCopies, type FormDefinition } from '@pollwatch/core';
import type { Store, StoredFormVersion, StoredRevision } from '@pollwatch/db';

/** Form versions by `formId:version`, read once per request. */
export type FormVersions = Map<string, Promise<StoredFormVersion | undefined>>;

/**
 * Answer sets of one form line by line with the questions' labels (`compareCopies`): two
 * observers' copies of a protocol, or the revisions of one report (what a correction changed).
 */
export class AnswerLines {
  constructor(private readonly store: Store) {}

  /**
   * Read on the form version of the newest of the sets; a set made on an older version shows null
   * where that version had no such question. Empty when the form version cannot be found.
   */
  async lines(
    formId: string,
    revisions: readonly Pick<StoredRevision, 'formVersion' | 'answers'>[],
    /** Form versions already read by the caller (many conflicts share one protocol form). */
    versions: FormVersions = new Map(),
  ): Promise<CopyComparisonRow[]> {
    const newest = Math.max(0, ...revisions.map((r) => r.formVersion));
    const key = `${formId}:${newest}`;
    let read = versions.get(key);
    if (!read) {
      read = this.store.forms.version(formId, newest);
      versions.set(key, read);
    }
    const form = await read;
    if (!form) return [];
    return compareCopies(
      form.definition as FormDefinition,
      revisions.map((r) => r.answers),
    );
  }

  /** Of the photos the lines show, those whose upload has finished (the others cannot be shown yet). */
  async receivedPhotos(lines: readonly CopyComparisonRow[]): Promise<string[]> {
    const hashes = lines
      .filter((line) => line.type === 'photo')
      .flatMap((line) => line.values.flatMap((v) => (Array.isArray(v) ? v : [v])))
      .filter((v): v is string => typeof v === 'string');
    return hashes.length ? [...(await this.store.reports.completePhotos([...new Set(hashes)]))] : [];
  }
}
