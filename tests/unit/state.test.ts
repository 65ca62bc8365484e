import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  FIELDS,
  SCHEMA_VERSION,
  defaultState,
  type NumberFieldSpec
} from '../../src/lib/state/schema';
import { sanitiseState, writtenState } from '../../src/lib/state/field-values';
import { MAX_SEARCH_LENGTH, parseState, serialiseState, withStateParams } from '../../src/lib/state/url';
import { SceneStateStore, type UrlTarget } from '../../src/lib/state/scene-state.svelte';

describe('field specs', () => {
  it('give every number field a default inside its range and a label', () => {
    for (const { path, spec } of FIELDS) {
      expect(spec.label, path).not.toBe('');
      if (spec.kind !== 'number') continue;
      const s = spec as NumberFieldSpec;
      expect(s.default, path).toBeGreaterThanOrEqual(s.min);
      expect(s.default, path).toBeLessThanOrEqual(s.max);
      expect(s.step, path).toBeGreaterThan(0);
    }
  });

  it('cover the camera with the documented ranges', () => {
    const ranges = Object.fromEntries(
      FIELDS.filter((f) => f.spec.kind === 'number').map((f) => [f.path, [(f.spec as NumberFieldSpec).min, (f.spec as NumberFieldSpec).max]])
    );
    expect(ranges['camera.yaw']).toEqual([-180, 180]);
    expect(ranges['camera.pitch']).toEqual([-89, 89]);
    expect(ranges['camera.roll']).toEqual([-180, 180]);
    expect(ranges['camera.fov']).toEqual([10, 100]);
    expect(defaultState().camera.fov).toBe(40);
    expect(defaultState().subject.pair).toBe('animal');
  });
});

describe('URL form', () => {
  it('is empty for the default scene, so a plain link stays plain', () => {
    expect(serialiseState(defaultState())).toBe('');
  });

  it('writes only the fields that differ from their defaults, and reads them back', () => {
    const state = defaultState();
    state.camera.yaw = -75;
    state.camera.distance = 6.5;
    const search = serialiseState(state);
    expect(search).toBe(`v=${SCHEMA_VERSION}&camera.yaw=-75&camera.distance=6.5`);
    const back = parseState(`?${search}`);
    expect(back.notices).toEqual([]);
    expect(back.state).toEqual(state);
  });

  it('clamps an out-of-range value and says so', () => {
    const { state, notices } = parseState('?camera.pitch=140&camera.fov=2');
    expect(state.camera.pitch).toBe(89);
    expect(state.camera.fov).toBe(10);
    expect(notices).toHaveLength(2);
    expect(notices[0]).toMatch(/Pitch.*140.*clamped to 89/);
  });

  it('keeps the default for a value of the wrong type, and still reads the good fields', () => {
    const { state, notices } = parseState('?camera.yaw=left&camera.roll=&camera.fov=55&subject.pair=dragon');
    expect(state.camera.yaw).toBe(defaultState().camera.yaw);
    expect(state.camera.roll).toBe(0);
    expect(state.camera.fov).toBe(55);
    expect(state.subject.pair).toBe('animal');
    expect(notices.join('\n')).toMatch(/Yaw.*"left"/);
    expect(notices.join('\n')).toMatch(/dragon/);
    expect(notices).toHaveLength(3);
  });

  it('ignores unknown settings with a notice, but not params declared as someone else\'s', () => {
    const { state, notices } = parseState('?camera.zoom=3&lighting=on&model=abc&camera.yaw=10', { foreignKeys: ['model'] });
    expect(state.camera.yaw).toBe(10);
    expect(notices).toEqual(['Ignored unknown setting "camera.zoom".', 'Ignored unknown setting "lighting".']);
  });

  it('falls back to the defaults for another schema version', () => {
    const { state, notices } = parseState('?v=99&camera.yaw=10');
    expect(state).toEqual(defaultState());
    expect(notices[0]).toMatch(/version 99/);
  });

  it('refuses an oversize search string whole', () => {
    const { state, notices } = parseState(`?camera.yaw=10&junk=${'x'.repeat(MAX_SEARCH_LENGTH)}`);
    expect(state).toEqual(defaultState());
    expect(notices[0]).toMatch(/more than 2000/);
  });

  it('never throws on garbage', () => {
    for (const junk of ['%', '?=&&==', '?camera.yaw=%E0%A4%A', '?camera.yaw=1e999', '?camera.yaw=NaN', '&&&', '?v']) {
      const { state } = parseState(junk);
      expect(Number.isFinite(state.camera.yaw)).toBe(true);
    }
  });

  it('keeps other params when merging the state into an address', () => {
    const state = defaultState();
    state.camera.fov = 70;
    expect(withStateParams('?model=x&camera.yaw=5', state)).toBe(`?model=x&v=${SCHEMA_VERSION}&camera.fov=70`);
    expect(withStateParams('?camera.yaw=5', defaultState())).toBe('');
  });
});

describe('sanitiseState', () => {
  it('validates a stored object field by field', () => {
    const { state, notices } = sanitiseState({ version: SCHEMA_VERSION, camera: { yaw: 400, pitch: 'up', fov: 30 }, extra: 1 });
    expect(state.camera.yaw).toBe(180);
    expect(state.camera.pitch).toBe(defaultState().camera.pitch);
    expect(state.camera.fov).toBe(30);
    expect(notices).toHaveLength(3);
  });
});

describe('on/off fields (the toggle kind)', () => {
  it('are true or false in the state, and links write them as they always did', () => {
    const state = defaultState();
    expect(state.lighting.shadows).toBe(true);
    expect(state.subject.untextured).toBe(false);
    state.lighting.shadows = false;
    state.subject.untextured = true;
    expect(serialiseState(state)).toBe(`v=${SCHEMA_VERSION}&lighting.shadows=off&subject.untextured=1`);
  });

  it('load links written before the toggle kind to the same scene', () => {
    const off = parseState('?v=1&lighting.shadows=off&subject.untextured=1');
    expect(off.notices).toEqual([]);
    expect(off.state.lighting.shadows).toBe(false);
    expect(off.state.subject.untextured).toBe(true);
    const on = parseState('?lighting.shadows=on&subject.untextured=0');
    expect(on.notices).toEqual([]);
    expect(on.state).toEqual(defaultState());
  });

  it('refuse anything but their written on and off, keeping the default, with a notice', () => {
    const { state, notices } = parseState('?lighting.shadows=1&subject.untextured=on');
    expect(state).toEqual(defaultState());
    expect(notices).toHaveLength(2);
    expect(notices[0]).toMatch(/Shadows.*expected on \(on\) or off \(off\).*"1"/);
    expect(notices[1]).toMatch(/No texture.*expected 1 \(on\) or 0 \(off\).*"on"/);
  });

  it('read stored presets in their written form and in the in-memory one', () => {
    const want = defaultState();
    want.lighting.shadows = false;
    want.subject.untextured = true;
    const written = writtenState(want);
    expect(written.lighting.shadows).toBe('off');
    expect(written.subject.untextured).toBe(1);
    expect(sanitiseState(written)).toEqual({ state: want, notices: [] });
    expect(sanitiseState(JSON.parse(JSON.stringify(want)))).toEqual({ state: want, notices: [] });
  });

  it('are switched from the store with true and false', () => {
    const store = new SceneStateStore();
    expect(store.set('lighting.shadows', false)).toBe(true);
    expect(store.get('lighting.shadows')).toBe(false);
    expect(store.set('lighting.shadows', 'maybe')).toBe(false);
    expect(store.isDefault('lighting.shadows')).toBe(false);
    store.resetField('lighting.shadows');
    expect(store.get('lighting.shadows')).toBe(true);
  });
});

describe('SceneStateStore', () => {
  afterEach(() => vi.useRealTimers());

  function fakeUrl(initial: string): UrlTarget & { search: string; writes: number } {
    return {
      search: initial,
      writes: 0,
      read() {
        return this.search;
      },
      write(search: string) {
        this.search = search;
        this.writes += 1;
      }
    };
  }

  it('bumps the version on every change and not for a no-op', () => {
    const store = new SceneStateStore();
    expect(store.set('camera.yaw', 45)).toBe(true);
    expect(store.version).toBe(1);
    expect(store.set('camera.yaw', 45)).toBe(false);
    expect(store.version).toBe(1);
    store.setMany({ 'camera.yaw': 10, 'camera.pitch': 5 });
    expect(store.version).toBe(2);
  });

  it('clamps values set from the UI and ignores invalid ones', () => {
    const store = new SceneStateStore();
    store.set('camera.distance', 100);
    expect(store.get('camera.distance')).toBe(12);
    expect(store.set('camera.fov', Number.NaN)).toBe(false);
    expect(store.get('camera.fov')).toBe(40);
  });

  it('resets one field or everything', () => {
    const store = new SceneStateStore();
    store.setMany({ 'camera.yaw': 90, 'camera.roll': 45 });
    store.resetField('camera.roll');
    expect(store.get('camera.roll')).toBe(0);
    expect(store.get('camera.yaw')).toBe(90);
    expect(store.isDefault('camera.roll')).toBe(true);
    store.reset();
    expect(store.snapshot()).toEqual(defaultState());
  });

  it('loads from the address, reports refused settings, and writes changes back debounced', () => {
    vi.useFakeTimers();
    const url = fakeUrl('?model=m1&camera.yaw=-90&camera.fov=500');
    const store = new SceneStateStore();
    store.connectUrl(url, { foreignKeys: ['model'] });
    expect(store.get('camera.yaw')).toBe(-90);
    expect(store.get('camera.fov')).toBe(100);
    expect(store.notices).toHaveLength(1);

    store.set('camera.pitch', 10);
    store.set('camera.pitch', 11);
    store.set('camera.pitch', 12);
    expect(url.writes).toBe(0);
    vi.advanceTimersByTime(300);
    expect(url.writes).toBe(1);
    expect(url.search).toBe('?model=m1&v=1&camera.yaw=-90&camera.pitch=12&camera.fov=100');

    store.reset();
    vi.advanceTimersByTime(300);
    expect(url.search).toBe('?model=m1');
  });

  it('writes nothing to the URL while it is held (a sweep), and mirrors again after', () => {
    vi.useFakeTimers();
    const url = fakeUrl('?camera.yaw=-90');
    const store = new SceneStateStore();
    store.connectUrl(url);
    const before = store.snapshot();
    const release = store.holdUrl();
    store.set('camera.yaw', 45);
    store.set('camera.pitch', 5);
    vi.advanceTimersByTime(300);
    expect(url.writes).toBe(0);
    store.replace(before);
    release();
    release();
    vi.advanceTimersByTime(300);
    expect(url.writes).toBe(0);
    store.set('camera.pitch', 12);
    vi.advanceTimersByTime(300);
    expect(url.writes).toBe(1);
    expect(url.search).toContain('camera.pitch=12');
    vi.useRealTimers();
  });
});
