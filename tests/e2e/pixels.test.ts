/**
 * The perturbation passes at pixel level, in Chromium on the production build, on the 224x224 frames
 * a model receives (read through `window.__perturber.lastFrame()`, a frame consumer on the capture
 * capture hub). No model is needed: the state is set with `__perturber.setField`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PORTS, frameWith, startApp, type App, type Frame, type Page } from './harness';

const px = (f: Frame, x: number, y: number) => {
  const i = (y * f.width + x) * 4;
  return [f.pixels[i], f.pixels[i + 1], f.pixels[i + 2]];
};
const spread = ([r, g, b]: number[]) => Math.max(r, g, b) - Math.min(r, g, b);
const maxDiff = (a: number[], b: number[]) => Math.max(...a.map((v, i) => Math.abs(v - b[i])));

function eachPixel(f: Frame, fn: (x: number, y: number) => void) {
  for (let y = 0; y < f.height; y++) for (let x = 0; x < f.width; x++) fn(x, y);
}

/** Mean squared discrete Laplacian of the luma: the energy of the finest detail. */
function highFrequencyEnergy(f: Frame): number {
  const luma = (x: number, y: number) => {
    const [r, g, b] = px(f, x, y);
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  let sum = 0;
  let n = 0;
  for (let y = 1; y < f.height - 1; y++) {
    for (let x = 1; x < f.width - 1; x++) {
      const lap = 4 * luma(x, y) - luma(x - 1, y) - luma(x + 1, y) - luma(x, y - 1) - luma(x, y + 1);
      sum += lap * lap;
      n++;
    }
  }
  return sum / n;
}

describe('perturbation passes on the model-input frames (production build, Chromium)', () => {
  let app: App | undefined;
  let page: Page;
  let plain: Frame;

  beforeAll(async () => {
    app = await startApp(PORTS.pixels);
    page = await app.open();
    plain = await frameWith(page);
  });

  afterAll(async () => {
    await app?.close({ logLines: 20 });
  });

  it('frames are 224x224 and the default scene has colour', () => {
    expect([plain.width, plain.height]).toEqual([224, 224]);
    let coloured = 0;
    eachPixel(plain, (x, y) => void (spread(px(plain, x, y)) > 30 && coloured++));
    expect(coloured).toBeGreaterThan(200);
  });

  it('saturation 0 gives grey pixels (R = G = B)', async () => {
    const grey = await frameWith(page, { 'image.saturation': 0 });
    let worst = 0;
    eachPixel(grey, (x, y) => void (worst = Math.max(worst, spread(px(grey, x, y)))));
    expect(worst).toBeLessThanOrEqual(2);
    await frameWith(page, { 'image.saturation': 1 });
  });

  it('background saturation 0 greys the background only; the subject keeps its pixels', async () => {
    const coloured = await frameWith(page, { 'background.mode': 'color', 'background.color': '2f6fe0' });
    const greyed = await frameWith(page, { 'background.saturation': 0 });
    // The corners are background: blue before, grey after.
    for (const [x, y] of [[2, 2], [221, 2]]) {
      expect(spread(px(coloured, x, y))).toBeGreaterThan(60);
      expect(spread(px(greyed, x, y))).toBeLessThanOrEqual(2);
    }
    let greyedBackground = 0;
    let keptSubject = 0;
    let neither = 0;
    eachPixel(greyed, (x, y) => {
      const before = px(coloured, x, y);
      const after = px(greyed, x, y);
      if (maxDiff(before, after) <= 2) {
        if (spread(after) > 20) keptSubject++;
      } else if (spread(after) <= 2) greyedBackground++;
      else neither++; // anti-aliased subject edges, partly subject and partly background
    });
    const total = greyed.width * greyed.height;
    expect(greyedBackground / total).toBeGreaterThan(0.5);
    expect(keptSubject).toBeGreaterThan(200);
    expect(neither / total).toBeLessThan(0.03);
    await frameWith(page, { 'background.saturation': 1, 'background.mode': 'none' });
  });

  it('Gaussian blur lowers high-frequency energy monotonically with sigma', async () => {
    const energies = [highFrequencyEnergy(plain)];
    for (const sigma of [0.5, 1, 2, 4]) energies.push(highFrequencyEnergy(await frameWith(page, { 'image.blur': sigma })));
    for (let i = 1; i < energies.length; i++) expect(energies[i], `sigma step ${i}: ${energies.join(', ')}`).toBeLessThan(energies[i - 1]);
    expect(energies[4]).toBeLessThan(energies[0] * 0.2);
    await frameWith(page, { 'image.blur': 0 });
  });

  it('a fixed noise seed gives identical frames; another seed gives different ones', async () => {
    const a = await frameWith(page, { 'image.noise': 0.15, 'image.saltPepper': 0.05, 'image.seed': 5 });
    const b = await frameWith(page, { 'image.seed': 6 });
    const again = await frameWith(page, { 'image.seed': 5 });
    expect(again.version).toBeGreaterThan(a.version);
    expect(Buffer.from(again.pixels).equals(Buffer.from(a.pixels))).toBe(true);
    let differing = 0;
    eachPixel(a, (x, y) => void (maxDiff(px(a, x, y), px(b, x, y)) > 0 && differing++));
    expect(differing / (a.width * a.height)).toBeGreaterThan(0.5);
    let noisy = 0;
    eachPixel(a, (x, y) => void (maxDiff(px(a, x, y), px(plain, x, y)) > 8 && noisy++));
    expect(noisy / (a.width * a.height)).toBeGreaterThan(0.4);
    await frameWith(page, { 'image.noise': 0, 'image.saltPepper': 0, 'image.seed': 1 });
  });

  it('the occlusion patch paints its square grey and leaves the rest alone', async () => {
    const f = await frameWith(page, { 'image.occlusionSize': 0.25, 'image.occlusionX': 0.25, 'image.occlusionY': 0.75 });
    // Centre (56, 168) from the top left, side 56: x in [28, 84), y in [140, 196).
    let inside = 0;
    let outsideChanged = 0;
    eachPixel(f, (x, y) => {
      const p = px(f, x, y);
      if (x >= 29 && x < 83 && y >= 141 && y < 195) {
        expect(maxDiff(p, [128, 128, 128]), `(${x}, ${y})`).toBeLessThanOrEqual(1);
        inside++;
      } else if ((x < 27 || x > 84 || y < 139 || y > 196) && maxDiff(p, px(plain, x, y)) > 2) outsideChanged++;
    });
    expect(inside).toBe(54 * 54);
    expect(outsideChanged).toBe(0);
    await frameWith(page, { 'image.occlusionSize': 0, 'image.occlusionX': 0.5, 'image.occlusionY': 0.5 });
  });

  it('pixelation makes uniform blocks of the chosen size', async () => {
    const f = await frameWith(page, { 'image.pixelate': 8 });
    let uneven = 0;
    let blocksWithDetail = 0;
    for (let by = 0; by < 224; by += 8) {
      for (let bx = 0; bx < 224; bx += 8) {
        const first = px(f, bx, by);
        for (let y = by; y < by + 8; y++) for (let x = bx; x < bx + 8; x++) if (maxDiff(px(f, x, y), first) > 1) uneven++;
        if (maxDiff(px(plain, bx, by), px(plain, bx + 7, by + 7)) > 10) blocksWithDetail++;
      }
    }
    expect(blocksWithDetail).toBeGreaterThan(10);
    expect(uneven).toBe(0);
    await frameWith(page, { 'image.pixelate': 1 });
  });

  describe('the morphs, on a green background without shadows (so that the subject is its own mask)', () => {
    /** Pixels that are not the background colour: the subject's silhouette. */
    const mask = (f: Frame) => {
      const m = new Uint8Array(f.width * f.height);
      const bg = px(f, 1, 1);
      expect(bg[1] - Math.max(bg[0], bg[2]), 'the corner is green background').toBeGreaterThan(100);
      eachPixel(f, (x, y) => void (m[y * f.width + x] = maxDiff(px(f, x, y), bg) > 24 ? 1 : 0));
      return m;
    };
    const count = (m: Uint8Array) => m.reduce((s, v) => s + v, 0);
    const xor = (a: Uint8Array, b: Uint8Array) => a.reduce((s, v, i) => s + (v !== b[i] ? 1 : 0), 0);
    const same = (a: Frame, b: Frame) => Buffer.from(a.pixels).equals(Buffer.from(b.pixels));
    let dog: Frame;

    beforeAll(async () => {
      dog = await frameWith(page, { 'background.mode': 'color', 'background.color': '00ff00', 'lighting.shadows': 'off' });
    });

    afterAll(async () => {
      await frameWith(page, { 'subject.shape': 0, 'subject.texture': 0, 'background.mode': 'none', 'background.color': '5b8fd6', 'lighting.shadows': 'on' });
    });

    it('texture morph: 1 repaints the subject inside the same silhouette; each end is exact whatever the way there', async () => {
      const dogMask = mask(dog);
      expect(count(dogMask)).toBeGreaterThan(2000);
      const half = await frameWith(page, { 'subject.texture': 0.5 });
      const catTexture = await frameWith(page, { 'subject.texture': 1 });
      // Same shape: the silhouette does not move (a few anti-aliased edge pixels may change class).
      expect(xor(mask(catTexture), dogMask)).toBeLessThan(count(dogMask) * 0.02);
      let repainted = 0;
      eachPixel(dog, (x, y) => void (dogMask[y * 224 + x] && maxDiff(px(dog, x, y), px(catTexture, x, y)) > 24 && repainted++));
      expect(repainted / count(dogMask)).toBeGreaterThan(0.3);
      expect(same(half, dog) || same(half, catTexture)).toBe(false);
      // Straight from 0 to 1 gives the very same frame as going through 0.5: the end is the pure texture.
      await frameWith(page, { 'subject.texture': 0 });
      expect(same(await frameWith(page, { 'subject.texture': 1 }), catTexture)).toBe(true);
      expect(same(await frameWith(page, { 'subject.texture': 0 }), dog)).toBe(true);
    });

    it('shape morph: 1 changes the silhouette; back at 0 it is the dog again', async () => {
      const catShape = await frameWith(page, { 'subject.shape': 1 });
      const moved = xor(mask(catShape), mask(dog));
      expect(moved / count(mask(dog))).toBeGreaterThan(0.3);
      expect(same(await frameWith(page, { 'subject.shape': 0 }), dog)).toBe(true);
    });
  });

  it('back at the defaults the frame is the plain one again', async () => {
    const f = await frameWith(page, { 'image.fade': 0.5 });
    let brightest = 0;
    eachPixel(f, (x, y) => void (brightest = Math.max(brightest, ...px(f, x, y))));
    expect(brightest).toBeLessThanOrEqual(128);
    expect(brightest).toBeGreaterThan(90);
    const back = await frameWith(page, { 'image.fade': 0 });
    let changed = 0;
    eachPixel(back, (x, y) => void (maxDiff(px(back, x, y), px(plain, x, y)) > 1 && changed++));
    expect(changed).toBe(0);
  });
});
