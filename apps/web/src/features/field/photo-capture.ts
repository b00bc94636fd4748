/**
 * A photo as the field app keeps it: downscaled on the phone (longest side at most 1600 px) and
 * re-encoded as JPEG by a canvas, which writes no EXIF at all, so the camera's location never
 * leaves the device; then named by the SHA-256 of the bytes that will be uploaded.
 */

export const PHOTO_MAX_SIDE = 1600;
export const PHOTO_QUALITY = 0.8;

export interface PreparedPhoto {
  blob: Blob;
  sha256: string;
  width: number;
  height: number;
}

/** Width and height that fit `max` on the longest side, never enlarged. */
export function fitWithin(width: number, height: number, max = PHOTO_MAX_SIDE): { width: number; height: number } {
  const scale = Math.min(1, max / Math.max(width, height));
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

export async function sha256Hex(data: Blob | ArrayBuffer): Promise<string> {
  const bytes = data instanceof Blob ? await data.arrayBuffer() : data;
  const digest = await crypto.subtle.digest('SHA-256', bytes);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

async function decode(
  file: Blob,
): Promise<{ source: CanvasImageSource; width: number; height: number; close(): void }> {
  if (typeof createImageBitmap === 'function') {
    // The camera's orientation is applied, so the picture stands upright without its EXIF.
    const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
    return { source: bitmap, width: bitmap.width, height: bitmap.height, close: () => bitmap.close() };
  }
  const url = URL.createObjectURL(file);
  try {
    const img = new Image();
    img.src = url;
    await img.decode();
    return { source: img, width: img.naturalWidth, height: img.naturalHeight, close: () => undefined };
  } finally {
    URL.revokeObjectURL(url);
  }
}

export async function preparePhoto(file: Blob): Promise<PreparedPhoto> {
  const image = await decode(file);
  try {
    const { width, height } = fitWithin(image.width, image.height);
    const canvas = document.createElement('canvas');
    canvas.width = width;
    canvas.height = height;
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('no 2d canvas');
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, width, height);
    ctx.drawImage(image.source, 0, 0, width, height);
    const blob = await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('canvas gave no JPEG'))), 'image/jpeg', PHOTO_QUALITY),
    );
    // Free the canvas memory at once: old phones have little of it.
    canvas.width = 0;
    canvas.height = 0;
    return { blob, sha256: await sha256Hex(blob), width, height };
  } finally {
    image.close();
  }
}
