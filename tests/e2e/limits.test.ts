/**
 * Cancel on a slow URL download, in Chromium on the production build: a tiny local server trickles a
 * model's weights; Cancel aborts the transfer (the server sees the connection close), the dialog says
 * so and stays usable, and no model is added. No fixtures needed.
 */
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PORTS, e2ePort, models, startApp, type App } from './harness';

const SLOW_PORT = e2ePort(PORTS.limits + 1);

/** A model.json whose one shard (4000 bytes) the server sends a byte every 100 ms. */
const MODEL_JSON = JSON.stringify({
  format: 'layers-model',
  modelTopology: { class_name: 'Sequential', config: { layers: [] } },
  weightsManifest: [{ paths: ['w.bin'], weights: [{ name: 'w', shape: [1000], dtype: 'float32' }] }]
});

describe('Cancel on a slow model download (production build, Chromium)', () => {
  let app: App | undefined;
  let slow: Server;
  /** What happened to the shard request: 'open', then 'closed early' or 'finished'. */
  const shard: string[] = [];

  beforeAll(async () => {
    slow = createServer((req, res) => {
      res.setHeader('Access-Control-Allow-Origin', '*');
      if (req.url === '/model.json') return res.end(MODEL_JSON);
      if (req.url !== '/w.bin') return res.writeHead(404).end();
      shard.push('open');
      res.writeHead(200, { 'Content-Type': 'application/octet-stream' });
      let sent = 0;
      const timer = setInterval(() => {
        res.write(Buffer.alloc(1));
        if (++sent === 4000) {
          clearInterval(timer);
          res.end();
          shard.push('finished');
        }
      }, 100);
      res.on('close', () => {
        if (sent < 4000) shard.push('closed early');
        clearInterval(timer);
      });
    });
    await new Promise<void>((resolve) => slow.listen(SLOW_PORT, '127.0.0.1', resolve));
    app = await startApp(PORTS.limits);
  });

  afterAll(async () => {
    await app?.close();
    slow?.closeAllConnections();
    await new Promise((r) => slow?.close(r));
  });

  it('stops the download, says so, keeps the dialog usable and adds no model', async () => {
    const page = await app!.open({ viewport: { width: 1280, height: 860 } });
    const importButton = page.getByRole('navigation').getByRole('button', { name: 'Import model' });
    await importButton.waitFor({ timeout: 90_000 }); // the app's start-up, on a busy machine
    await importButton.click();
    const url = page.getByLabel('Model URL (to a model.json)');
    await url.fill(`http://127.0.0.1:${SLOW_PORT}/model.json`);
    await page.getByRole('button', { name: 'Inspect' }).click();

    const cancel = page.getByRole('button', { name: 'Cancel the download' });
    await cancel.waitFor({ timeout: 15_000 });
    await expect.poll(() => shard.includes('open'), { timeout: 15_000 }).toBe(true);
    await cancel.click();

    await expect.poll(() => page.getByRole('status').filter({ hasText: 'cancelled' }).textContent(), { timeout: 10_000 }).toBe(
      'The download was cancelled. Nothing was stored.'
    );
    await expect.poll(() => shard.join(','), { timeout: 10_000 }).toBe('open,closed early');
    expect(await page.getByRole('alert').count()).toBe(0);
    expect(await cancel.count()).toBe(0);
    expect(await url.isEnabled()).toBe(true);
    expect(await page.getByRole('button', { name: 'Inspect' }).isEnabled()).toBe(true);
    expect(await models(page)).toEqual([]);
  });
});
