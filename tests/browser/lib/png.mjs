// A small PNG reader for the suite's screenshots (8-bit greyscale, RGB or RGBA, not interlaced:
// what Chromium, Firefox and WebKit write), so tests can look at pixels the canvas drew.
// Node's zlib only; no npm package.
import fs from 'node:fs';
import zlib from 'node:zlib';

// {width, height, at(x, y) -> [r, g, b]} of a PNG file (coordinates in image pixels).
export function readPng(path) {
  const buf = fs.readFileSync(path);
  let pos = 8;
  let width = 0, height = 0, colorType = 0, depth = 0;
  const idat = [];
  while (pos < buf.length) {
    const len = buf.readUInt32BE(pos);
    const type = buf.toString('latin1', pos + 4, pos + 8);
    const data = buf.subarray(pos + 8, pos + 8 + len);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0); height = data.readUInt32BE(4);
      depth = data[8]; colorType = data[9];
      if (depth !== 8 || data[12] !== 0 || ![0, 2, 6].includes(colorType)) throw new Error(`unsupported PNG (depth ${depth}, colour type ${colorType}, interlace ${data[12]})`);
    } else if (type === 'IDAT') idat.push(data);
    else if (type === 'IEND') break;
    pos += 12 + len;
  }
  const channels = { 0: 1, 2: 3, 6: 4 }[colorType];
  const raw = zlib.inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const px = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y += 1) {
    const filter = raw[y * (stride + 1)];
    const src = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const out = px.subarray(y * stride, (y + 1) * stride);
    const prev = y > 0 ? px.subarray((y - 1) * stride, y * stride) : null;
    for (let i = 0; i < stride; i += 1) {
      const a = i >= channels ? out[i - channels] : 0;
      const b = prev ? prev[i] : 0;
      const c = prev && i >= channels ? prev[i - channels] : 0;
      let v = src[i];
      if (filter === 1) v += a;
      else if (filter === 2) v += b;
      else if (filter === 3) v += (a + b) >> 1;
      else if (filter === 4) { const p = a + b - c; const pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c); v += pa <= pb && pa <= pc ? a : pb <= pc ? b : c; }
      out[i] = v & 255;
    }
  }
  return {
    width, height,
    at(x, y) {
      const i = (Math.round(y) * width + Math.round(x)) * channels;
      return channels === 1 ? [px[i], px[i], px[i]] : [px[i], px[i + 1], px[i + 2]];
    },
  };
}

// The pixels of a CSS-px box (scaled by the screenshot's device pixel ratio) darker than `limit`
// in every channel: text and marks on the widget's white.
export function darkPixels(img, box, { dpr = 1, limit = 110 } = {}) {
  let n = 0;
  for (let y = Math.ceil(box.y * dpr); y < Math.floor((box.y + box.h) * dpr); y += 1) {
    for (let x = Math.ceil(box.x * dpr); x < Math.floor((box.x + box.w) * dpr); x += 1) {
      if (x < 0 || y < 0 || x >= img.width || y >= img.height) continue;
      const [r, g, b] = img.at(x, y);
      if (r < limit && g < limit && b < limit) n += 1;
    }
  }
  return n;
}
