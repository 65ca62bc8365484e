/**
 * Tablets, in Chromium on the production build: at 820x1180 in portrait with touch the scene takes the
 * full width with the panels below it, one finger orbits and a pinch zooms (touch events through CDP's
 * Input.dispatchTouchEvent: playwright's touchscreen only taps), and the controls are at least 40 px
 * high. The desktop layout (1280x860, mouse) keeps the scene beside the models' column. No model is
 * needed. Screenshots: $TMPDIR/perturber-tablet.png and perturber-desktop.png.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PORTS, gotoApp, newAppPage, startApp, type App, type Page } from './harness';


type Box = { x: number; y: number; width: number; height: number };

async function box(page: Page, selector: string): Promise<Box> {
  const b = await page.locator(selector).first().boundingBox();
  if (!b) throw new Error(`${selector} is not shown`);
  return b;
}

/** Controls in the panels (scene controls and models column) shown less than 40 px high. */
function smallControls(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('.stage > .controls :is(button, input, select, summary, a), .side :is(button, input, select, summary, a)')]
      .filter((el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden')
      .map((el) => ({ el, h: el.getBoundingClientRect().height }))
      .filter(({ h }) => h < 40)
      .map(({ el, h }) => `${el.tagName.toLowerCase()}${el.getAttribute('type') ? `[${el.getAttribute('type')}]` : ''} "${(el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 30)}" ${h.toFixed(1)}px`)
  );
}

const field = (page: Page, path: string) => page.evaluate((p) => new URLSearchParams(location.search).get(p), path);

describe('Tablets and the desktop layout (production build, Chromium)', () => {
  let app: App | undefined;

  beforeAll(async () => {
    app = await startApp(PORTS.tablet);
  });

  afterAll(async () => {
    await app?.close();
  });

  describe('at 820x1180 in portrait, with touch', () => {
    let page: Page;

    beforeAll(async () => {
      page = await newAppPage(app!.browser, { viewport: { width: 820, height: 1180 }, hasTouch: true, isMobile: true, deviceScaleFactor: 1, logs: app!.logs });
      await gotoApp(page, app!.url + '/');
      await page.locator('canvas').first().waitFor();
    });

    it('the scene takes the full width, with the controls and the models below it', async () => {
      const canvas = await box(page, 'canvas');
      expect(canvas.x).toBeLessThanOrEqual(1);
      expect(canvas.width).toBeGreaterThanOrEqual(0.97 * 820);
      expect(canvas.height).toBeGreaterThanOrEqual(500);
      const controls = await box(page, '.stage > .controls');
      const side = await box(page, '.side');
      expect(controls.y).toBeGreaterThanOrEqual(canvas.y + canvas.height - 1);
      expect(side.y).toBeGreaterThanOrEqual(canvas.y + canvas.height - 1);
      // Both panels are on screen below the scene, side by side.
      expect(controls.y + 200).toBeLessThan(1180);
      expect(side.x).toBeGreaterThanOrEqual(controls.x + controls.width - 1);
      await page.screenshot({ path: join(tmpdir(), 'perturber-tablet.png') });
    });

    it('one finger dragged across the scene orbits the camera: the yaw moves, in the controls and the link', async () => {
      const cdp = await page.context().newCDPSession(page);
      const canvas = await box(page, 'canvas');
      const [x, y] = [canvas.x + canvas.width / 2, canvas.y + canvas.height / 2];
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x, y }] });
      for (let i = 1; i <= 10; i++) await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x: x + i * 20, y }] });
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
      // The orbit settles after the last move (the link follows after its debounce): wait until the
      // Yaw slider and the link agree, then check how far the drag turned the camera.
      const slider = page.getByRole('slider', { name: 'Yaw', exact: true });
      await expect
        .poll(async () => {
          const linked = await field(page, 'camera.yaw');
          return linked !== null && Math.abs(Number(linked) - Number(await slider.inputValue())) < 1;
        }, { timeout: 20_000 })
        .toBe(true);
      expect(Math.abs(Number(await slider.inputValue()) - 30)).toBeGreaterThan(10);
      // The page itself did not scroll: the drag went to the scene.
      expect(await page.evaluate(() => [scrollX, scrollY])).toEqual([0, 0]);
    });

    it('two fingers spread apart zoom in: the distance shrinks', async () => {
      const cdp = await page.context().newCDPSession(page);
      const canvas = await box(page, 'canvas');
      const [x, y] = [canvas.x + canvas.width / 2, canvas.y + canvas.height / 2];
      const before = Number(await page.getByRole('slider', { name: 'Distance', exact: true }).inputValue());
      const points = (spread: number) => [
        { x: x - spread, y, id: 0 },
        { x: x + spread, y, id: 1 }
      ];
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: points(40) });
      for (let i = 1; i <= 10; i++) await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: points(40 + i * 15) });
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
      const after = Number(await page.getByRole('slider', { name: 'Distance', exact: true }).inputValue());
      expect(after).toBeLessThan(before - 0.5);
      await expect.poll(async () => Number(await field(page, 'camera.distance')), { timeout: 20_000 }).toBeCloseTo(after, 1);
    });

    it('every button, input, menu and link in the panels is at least 40 px high', async () => {
      expect(await smallControls(page)).toEqual([]);
      // Also with a scenario's story open.
      await page.getByRole('link', { name: 'Look from below' }).click();
      await page.getByTestId('scenario-story').waitFor();
      expect(await smallControls(page)).toEqual([]);
      await page.screenshot({ path: join(tmpdir(), 'perturber-tablet-scenario.png') });
    });
  });

  it('on a desktop (1280x860, mouse) the scene stays beside the models’ column, with the compact controls', async () => {
    const page = await app!.open({ viewport: { width: 1280, height: 860 } });
    const canvas = await box(page, 'canvas');
    const side = await box(page, '.side');
    const controls = await box(page, '.stage > .controls');
    expect(canvas.x).toBeLessThanOrEqual(1);
    expect(side.x).toBeGreaterThanOrEqual(canvas.x + canvas.width - 1);
    expect(side.width).toBeGreaterThanOrEqual(320);
    expect(side.width).toBeLessThanOrEqual(421);
    expect(controls.y).toBeGreaterThanOrEqual(canvas.y + canvas.height - 1);
    expect(controls.width).toBeCloseTo(canvas.width, -1);
    // A fine pointer keeps the compact controls (the field resets stay small).
    const reset = await box(page, '[data-field="camera.yaw"] .reset');
    expect(reset.height).toBeLessThan(30);
    await page.screenshot({ path: join(tmpdir(), 'perturber-desktop.png') });
    await page.context().close();
  });
});
