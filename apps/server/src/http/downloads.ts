import type { FastifyReply } from 'fastify';

const mediaTypes = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
} as const;

export type DownloadFormat = keyof typeof mediaTypes;

/**
 * A file the browser saves rather than shows (`name.format`). Never kept by a cache: exports and
 * letters carry observers' and applicants' data, and each is made anew from the current records.
 */
export function sendDownload(
  reply: FastifyReply,
  file: { name: string; format: DownloadFormat },
  body: string | Buffer | Uint8Array | NodeJS.ReadableStream,
): FastifyReply {
  return reply
    .type(mediaTypes[file.format])
    .header('Content-Disposition', `attachment; filename="${file.name}.${file.format}"`)
    .header('Cache-Control', 'no-store')
    .send(body);
}
