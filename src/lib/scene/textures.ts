/** Procedural textures for the placeholder subject (no image files, no DOM canvas). */
import { Color, DataTexture, LinearMipmapLinearFilter, RepeatWrapping, SRGBColorSpace } from 'three';

function rgb(css: string): [number, number, number] {
  const c = new Color(css);
  // Color holds linear values; the texture is sRGB-encoded bytes.
  const s = c.clone().convertLinearToSRGB();
  return [Math.round(s.r * 255), Math.round(s.g * 255), Math.round(s.b * 255)];
}

function texture(size: number, paint: (x: number, y: number) => [number, number, number], repeat: number): DataTexture {
  const data = new Uint8Array(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const [r, g, b] = paint(x, y);
      const i = (y * size + x) * 4;
      data[i] = r;
      data[i + 1] = g;
      data[i + 2] = b;
      data[i + 3] = 255;
    }
  }
  const t = new DataTexture(data, size, size);
  t.colorSpace = SRGBColorSpace;
  t.wrapS = t.wrapT = RepeatWrapping;
  t.repeat.set(repeat, repeat);
  t.generateMipmaps = true;
  t.minFilter = LinearMipmapLinearFilter;
  t.anisotropy = 4;
  t.needsUpdate = true;
  return t;
}

/** A two-colour checkerboard, `cells` squares across one texture repeat. */
export function checkerTexture(a: string, b: string, { cells = 2, size = 64, repeat = 1 } = {}): DataTexture {
  const ca = rgb(a);
  const cb = rgb(b);
  const cell = size / cells;
  return texture(size, (x, y) => ((Math.floor(x / cell) + Math.floor(y / cell)) % 2 === 0 ? ca : cb), repeat);
}

/** Horizontal bands (along v), e.g. a glazed pattern around a pot. */
export function stripeTexture(colors: string[], { size = 64, repeat = 1 } = {}): DataTexture {
  const cs = colors.map(rgb);
  const band = size / cs.length;
  return texture(size, (_x, y) => cs[Math.floor(y / band) % cs.length], repeat);
}
