/**
 * The user's own subjects and named presets, in Chromium on the production build. No model is needed:
 * the model-input frame is read through `window.__perturber.lastFrame()`.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IMAGES_DIR, describeFixtures } from '../helpers/fixtures';
import { PORTS, frameWith, reloadApp, startApp, type App, type Frame, type Page } from './harness';

/** A fresh frame of the same scene: a no-op round trip of one field moves the scene version. */
async function freshFrame(page: Page): Promise<Frame> {
  await frameWith(page, { 'camera.roll': 1 });
  return frameWith(page, { 'camera.roll': 0 });
}

function meanColour(f: Frame): number[] {
  const sum = [0, 0, 0];
  for (let i = 0; i < f.pixels.length; i += 4) for (let c = 0; c < 3; c++) sum[c] += f.pixels[i + c];
  return sum.map((s) => s / (f.width * f.height));
}

/** Fraction of pixels within `tol` of the colour `rgb`. */
function fractionNear(f: Frame, rgb: number[], tol: number): number {
  let n = 0;
  for (let i = 0; i < f.pixels.length; i += 4) {
    if (Math.max(...rgb.map((v, c) => Math.abs(f.pixels[i + c] - v))) <= tol) n++;
  }
  return n / (f.width * f.height);
}

/** The w x h region at (x, y). */
function crop(f: Frame, x: number, y: number, w: number, h: number): Frame {
  const pixels = new Uint8Array(w * h * 4);
  for (let row = 0; row < h; row++) pixels.set(f.pixels.subarray(((y + row) * f.width + x) * 4, ((y + row) * f.width + x + w) * 4), row * w * 4);
  return { version: f.version, width: w, height: h, pixels };
}

function redPixels(f: Frame): number {
  let n = 0;
  for (let i = 0; i < f.pixels.length; i += 4) {
    const [r, g, b] = [f.pixels[i], f.pixels[i + 1], f.pixels[i + 2]];
    if (r > 90 && r > 2 * g && r > 2 * b) n++;
  }
  return n;
}

const meanAbsDiff = (a: Frame, b: Frame) => {
  let sum = 0;
  for (let i = 0; i < a.pixels.length; i++) sum += Math.abs(a.pixels[i] - b.pixels[i]);
  return sum / a.pixels.length;
};

/** A minimal glTF 2.0: one red unit box, its buffer embedded as base64. */
function redBoxGltf(): string {
  const positions = new Float32Array([
    -0.5, -0.5, -0.5, 0.5, -0.5, -0.5, 0.5, 0.5, -0.5, -0.5, 0.5, -0.5,
    -0.5, -0.5, 0.5, 0.5, -0.5, 0.5, 0.5, 0.5, 0.5, -0.5, 0.5, 0.5
  ]);
  // prettier-ignore
  const indices = new Uint16Array([0, 2, 1, 0, 3, 2, 4, 5, 6, 4, 6, 7, 0, 1, 5, 0, 5, 4, 3, 7, 6, 3, 6, 2, 0, 4, 7, 0, 7, 3, 1, 2, 6, 1, 6, 5]);
  const buffer = Buffer.concat([Buffer.from(positions.buffer), Buffer.from(indices.buffer)]);
  return JSON.stringify({
    asset: { version: '2.0' },
    scene: 0,
    scenes: [{ nodes: [0] }],
    nodes: [{ mesh: 0 }],
    meshes: [{ primitives: [{ attributes: { POSITION: 0 }, indices: 1, material: 0 }] }],
    materials: [{ pbrMetallicRoughness: { baseColorFactor: [1, 0, 0, 1], metallicFactor: 0, roughnessFactor: 0.8 }, doubleSided: true }],
    buffers: [{ byteLength: buffer.length, uri: `data:application/octet-stream;base64,${buffer.toString('base64')}` }],
    bufferViews: [
      { buffer: 0, byteOffset: 0, byteLength: positions.byteLength, target: 34962 },
      { buffer: 0, byteOffset: positions.byteLength, byteLength: indices.byteLength, target: 34963 }
    ],
    accessors: [
      { bufferView: 0, componentType: 5126, count: 8, type: 'VEC3', min: [-0.5, -0.5, -0.5], max: [0.5, 0.5, 0.5] },
      { bufferView: 1, componentType: 5123, count: 36, type: 'SCALAR' }
    ]
  });
}

const MODEL_LABEL = 'Import 3D model (glTF/GLB)';
const PHOTO_LABEL = 'Import photo';

describe('the user\'s own subjects and presets (production build, Chromium)', () => {
  let app: App | undefined;
  let page: Page;
  let procedural: Frame;
  const dir = mkdtempSync(join(tmpdir(), 'perturber-subjects-'));

  beforeAll(async () => {
    app = await startApp(PORTS.subjects);
    page = await app.open();
    procedural = await frameWith(page);
  });

  afterAll(async () => {
    await app?.close({ logLines: 20 });
  });

  it('a link asking for an imported model that is not stored shows the procedural subject, with a notice', async () => {
    const fresh = await app!.open({ search: '?v=1&subject.source=gltf' });
    await fresh.getByText(/No imported 3D model is stored/).waitFor({ timeout: 20_000 });
    await fresh.waitForFunction(() => !location.search.includes('subject.source'), null, { timeout: 10_000 });
    const frame = await frameWith(fresh);
    expect(meanAbsDiff(frame, procedural)).toBeLessThan(1);
    await fresh.context().close();
  });

  describeFixtures('a photo as the subject', () => {
    it('importing bird.jpg puts the photo in the model-input frame, and a reload restores it', async () => {
      await page.getByLabel(PHOTO_LABEL).setInputFiles(join(IMAGES_DIR, 'bird.jpg'));
      await page.getByText('Showing the photo "bird.jpg"').waitFor({ timeout: 20_000 });
      const photo = await frameWith(page);
      const [a, b] = [meanColour(photo), meanColour(procedural)];
      expect(Math.max(...a.map((v, i) => Math.abs(v - b[i]))), `means ${a} vs ${b}`).toBeGreaterThan(8);
      // Not the neutral background (#d9dadd): the photo covers the middle and much of the frame.
      const grey = [0xd9, 0xda, 0xdd];
      expect(fractionNear(photo, grey, 6)).toBeLessThan(0.6);
      expect(fractionNear(crop(photo, 72, 72, 80, 80), grey, 6)).toBeLessThan(0.05);
      expect(await page.evaluate(() => location.search)).toContain('subject.source=photo');

      await reloadApp(page);
      await page.getByText('Photo: bird.jpg').waitFor({ timeout: 20_000 });
      const restored = await freshFrame(page);
      expect(meanAbsDiff(restored, photo)).toBeLessThan(1);
    });
  });

  it('importing a red glTF box shows red pixels in the model-input frame', async () => {
    expect(redPixels(procedural)).toBeLessThan(200);
    const file = join(dir, 'red-box.gltf');
    writeFileSync(file, redBoxGltf());
    await page.getByLabel(MODEL_LABEL).setInputFiles(file);
    await page.getByText('Showing the 3D model "red-box.gltf"').waitFor({ timeout: 20_000 });
    const box = await frameWith(page);
    expect(redPixels(box)).toBeGreaterThan(2000);
  });

  it('dropping the glTF on the scene makes it the subject too', async () => {
    await frameWith(page, { 'subject.source': 'procedural' });
    const gltf = redBoxGltf();
    const data = await page.evaluateHandle((text) => {
      const dt = new DataTransfer();
      dt.items.add(new File([text], 'dropped-box.gltf', { type: 'model/gltf+json' }));
      return dt;
    }, gltf);
    const zone = page.getByRole('region', { name: /drop a glTF\/GLB model or a photo/ });
    await zone.dispatchEvent('dragover', { dataTransfer: data });
    await zone.dispatchEvent('drop', { dataTransfer: data });
    await page.getByText('Showing the 3D model "dropped-box.gltf"').waitFor({ timeout: 20_000 });
    expect(redPixels(await frameWith(page))).toBeGreaterThan(2000);
  });

  it('a corrupt GLB and a text file give notices and keep the current subject', async () => {
    const before = await freshFrame(page);
    const corrupt = join(dir, 'broken.glb');
    writeFileSync(corrupt, Buffer.concat([Buffer.from('glTF'), Buffer.from([2, 0, 0, 0, 99, 0, 0, 0]), Buffer.alloc(40, 7)]));
    await page.getByLabel(MODEL_LABEL).setInputFiles(corrupt);
    await page.getByText(/"broken\.glb" could not be read as a glTF model/).first().waitFor({ timeout: 20_000 });
    const text = join(dir, 'notes.txt');
    writeFileSync(text, 'not a model');
    await page.getByLabel(MODEL_LABEL).setInputFiles(text);
    await page.getByText(/"notes\.txt" is not a glTF model/).first().waitFor({ timeout: 20_000 });
    const after = await freshFrame(page);
    expect(meanAbsDiff(after, before)).toBeLessThan(1);
    expect(redPixels(after)).toBeGreaterThan(2000);
  });

  it('the webcam button says plainly why there is no camera here', async () => {
    await page.getByRole('button', { name: 'Use webcam' }).click();
    await page.getByRole('alert').filter({ hasText: /import a photo file/i }).waitFor({ timeout: 15_000 });
    expect(await page.getByRole('button', { name: 'Take photo' }).count()).toBe(0);
  });

  it('a saved preset, applied after changes, restores the URL state', async () => {
    await frameWith(page, { 'subject.source': 'procedural', 'image.saturation': 0, 'camera.yaw': -45 });
    await page.getByLabel('Preset name').fill('grey side view');
    await page.getByRole('button', { name: 'Save preset' }).click();
    await page.getByText('Saved "grey side view".').waitFor();
    await frameWith(page, { 'image.saturation': 2, 'camera.yaw': 10, 'image.hue': 90 });
    await page.waitForFunction(() => location.search.includes('image.hue=90'), null, { timeout: 10_000 });
    await page.getByLabel('Presets', { exact: true }).selectOption('grey side view');
    await page.getByRole('button', { name: 'Apply preset' }).click();
    await page.waitForFunction(() => !location.search.includes('image.hue'), null, { timeout: 10_000 });
    const search = new URLSearchParams(await page.evaluate(() => location.search));
    expect(search.get('image.saturation')).toBe('0');
    expect(search.get('camera.yaw')).toBe('-45');
    expect(search.get('subject.source')).toBeNull();

    await page.getByRole('button', { name: 'Delete preset' }).click();
    await page.getByText('Deleted "grey side view".').waitFor();
    expect(await page.getByLabel('Presets', { exact: true }).locator('option').allTextContents()).toEqual(['(none saved)']);
  });
});
