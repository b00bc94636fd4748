import { deflateSync } from 'node:zlib';
import type { DemoRandom } from './demo-random.ts';

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const b of bytes) c = (CRC_TABLE[(c ^ b) & 0xff] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** An RGB PNG of `width` × `height`, each pixel from `pixel(x, y)`. */
export function png(width: number, height: number, pixel: (x: number, y: number) => [number, number, number]): Buffer {
  const raw = Buffer.alloc((width * 3 + 1) * height);
  let o = 0;
  for (let y = 0; y < height; y++) {
    raw[o++] = 0; // filter: none
    for (let x = 0; x < width; x++) {
      const [r, g, b] = pixel(x, y);
      raw[o++] = r;
      raw[o++] = g;
      raw[o++] = b;
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // colour type: RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/**
 * A photo of a protocol sheet as a phone might take it: paper on a desk, a heading, ruled lines
 * with figures, a stamp. Each one differs (the figures' lengths, the tilt of the light, the stamp).
 */
export function protocolPhoto(random: DemoRandom): Buffer {
  const width = 180;
  const height = 240;
  const desk: [number, number, number] = [120 + random.int(40), 90 + random.int(30), 60 + random.int(20)];
  const rows = Array.from({ length: 12 }, () => 40 + random.int(70));
  const stamp = { x: 110 + random.int(40), y: 180 + random.int(30), r: 14 + random.int(6) };
  const light = random.float() * 30;
  return png(width, height, (x, y) => {
    if (x < 12 || x > width - 12 || y < 10 || y > height - 10) return desk;
    const shade = Math.round(235 - light * (x / width));
    if (y > 16 && y < 26 && x > 40 && x < 140) return [40, 40, 60];
    const row = Math.floor((y - 36) / 14);
    const inRow = (y - 36) % 14;
    if (row >= 0 && row < rows.length && inRow === 12) return [170, 170, 180];
    if (row >= 0 && row < rows.length && inRow > 4 && inRow < 10) {
      if (x > 20 && x < 20 + (rows[row] as number)) return [70, 70, 90];
      if (x > 140 && x < 140 + ((row * 7) % 24)) return [30, 30, 120];
    }
    const d = Math.hypot(x - stamp.x, y - stamp.y);
    if (d < stamp.r && d > stamp.r - 3) return [60, 80, 170];
    return [shade, shade, shade - 8];
  });
}

/** A photo of a scene (an incident, a station's entrance): coloured blocks on a wall. */
export function scenePhoto(random: DemoRandom): Buffer {
  const width = 200;
  const height = 150;
  const wall: [number, number, number] = [180 + random.int(50), 170 + random.int(50), 150 + random.int(50)];
  const blocks = Array.from({ length: 4 }, () => ({
    x: random.int(160),
    y: random.int(100),
    w: 20 + random.int(40),
    h: 20 + random.int(50),
    c: [random.int(200), random.int(200), random.int(200)] as [number, number, number],
  }));
  return png(width, height, (x, y) => {
    if (y > 120) return [90, 90, 95];
    for (const b of blocks) if (x >= b.x && x < b.x + b.w && y >= b.y && y < b.y + b.h) return b.c;
    return wall;
  });
}
