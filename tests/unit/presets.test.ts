import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { MAX_PRESET_NAME, PresetError, PresetStore, applyPreset, checkPresetName } from '../../src/lib/state/presets';
import { defaultState, type SceneState } from '../../src/lib/state/schema';

function tinted(): SceneState {
  const s = defaultState();
  s.image.saturation = 0;
  s.camera.yaw = -45;
  s.background.mode = 'color';
  s.subject.source = 'photo';
  return s;
}

/** A stand-in for the scene store: records what it was given. */
class Target {
  state: SceneState | null = null;
  replace(state: SceneState) {
    this.state = state;
    return true;
  }
}

describe('named presets in IndexedDB', () => {
  let presets: PresetStore;
  beforeEach(() => {
    globalThis.indexedDB = new IDBFactory();
    presets = new PresetStore();
  });

  it('saves, lists by name, applies and deletes', async () => {
    await presets.save('  grey  ', tinted());
    await presets.save('another', defaultState());
    expect((await presets.list()).map((p) => p.name)).toEqual(['another', 'grey']);

    const target = new Target();
    expect(await applyPreset(presets, 'grey', target)).toEqual([]);
    expect(target.state?.image.saturation).toBe(0);
    expect(target.state?.camera.yaw).toBe(-45);
    expect(target.state?.background.mode).toBe('color');
    expect(target.state?.subject.source).toBe('photo');

    await presets.delete('grey');
    expect((await presets.list()).map((p) => p.name)).toEqual(['another']);
    await expect(applyPreset(presets, 'grey', target)).rejects.toThrow(/no preset called "grey"/);
  });

  it('saving under an existing name replaces that preset', async () => {
    await presets.save('look', defaultState());
    await presets.save('look', tinted());
    expect(await presets.list()).toHaveLength(1);
    expect((await presets.load('look'))?.state.image.saturation).toBe(0);
  });

  it('survives a new store on the same database (a reload)', async () => {
    await presets.save('kept', tinted());
    await presets.close();
    const again = new PresetStore();
    expect((await again.load('kept'))?.state.camera.yaw).toBe(-45);
  });

  it('refuses empty, too long and control-character names with a message', async () => {
    expect(() => checkPresetName('   ')).toThrow(PresetError);
    expect(() => checkPresetName('x'.repeat(MAX_PRESET_NAME + 1))).toThrow(/at most 60 characters/);
    expect(() => checkPresetName('a\u0000b')).toThrow(/control characters/);
    expect(() => checkPresetName(42)).toThrow(/must be text/);
    await expect(presets.save('', defaultState())).rejects.toThrow(/Give the preset a name/);
    expect(await presets.list()).toEqual([]);
  });

  it('refuses an oversize state and an invalid one, storing nothing', async () => {
    const huge = { ...defaultState(), junk: 'x'.repeat(20_000) } as unknown as SceneState;
    await expect(presets.save('huge', huge)).rejects.toThrow(/too large/);
    const bad = defaultState();
    (bad.image as Record<string, unknown>).saturation = 'lots';
    await expect(presets.save('bad', bad)).rejects.toThrow(/not valid/);
    expect(await presets.list()).toEqual([]);
  });

  it('stores on/off fields as links write them (the format presets always had) and reads them back', async () => {
    const plain = defaultState();
    plain.lighting.shadows = false;
    plain.subject.untextured = true;
    await presets.save('plain', plain);
    const stored = await new Promise<{ state: Record<string, Record<string, unknown>> }>((resolve, reject) => {
      const req = indexedDB.open('perturber-presets');
      req.onerror = () => reject(req.error);
      req.onsuccess = () => {
        const get = req.result.transaction('presets').objectStore('presets').get('plain');
        get.onsuccess = () => {
          req.result.close();
          resolve(get.result);
        };
        get.onerror = () => reject(get.error);
      };
    });
    expect(stored.state.lighting.shadows).toBe('off');
    expect(stored.state.subject.untextured).toBe(1);
    expect(stored.state.camera.yaw).toBe(plain.camera.yaw);
    expect(await presets.load('plain')).toEqual({ state: plain, notices: [] });
  });

  it('sanitises a tampered stored preset field by field when applying it', async () => {
    await presets.save('tampered', tinted());
    // Someone edits the database directly.
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open('perturber-presets');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    await presets.close();
    await new Promise<void>((resolve, reject) => {
      const tx = db.transaction('presets', 'readwrite');
      const s = tinted() as unknown as Record<string, Record<string, unknown>>;
      s.camera.yaw = 9999;
      s.subject.source = 'virus.exe';
      tx.objectStore('presets').put({ name: 'tampered', state: s, savedAt: 1 });
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    });
    db.close();
    const target = new Target();
    const notices = await applyPreset(new PresetStore(), 'tampered', target);
    expect(target.state?.camera.yaw).toBe(180);
    expect(target.state?.subject.source).toBe('procedural');
    expect(target.state?.image.saturation).toBe(0);
    expect(notices.join(' ')).toMatch(/clamped/);
    expect(notices.join(' ')).toMatch(/virus\.exe/);
  });
});
