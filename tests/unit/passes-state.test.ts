import { describe, expect, it } from 'vitest';
import { ENVIRONMENT_NAMES, FIELDS, FIELD_SPECS, defaultState, sectionFields, type SectionName } from '../../src/lib/state/schema';
import { normaliseHexColor, sanitiseState } from '../../src/lib/state/field-values';
import { parseState, serialiseState } from '../../src/lib/state/url';
import { SceneStateStore } from '../../src/lib/state/scene-state.svelte';

describe('perturbation fields', () => {
  it('default to an untouched scene', () => {
    const s = defaultState();
    expect(s.placement).toEqual({ x: 0, y: 0, scale: 1 });
    expect(s.lighting).toMatchObject({ color: 'ffffff', shading: 1, shadows: true });
    expect(s.background).toMatchObject({ mode: 'none', blur: 0, saturation: 1, brightness: 1 });
    expect(s.image).toMatchObject({ hue: 0, saturation: 1, lightness: 0, contrast: 1, blur: 0, lowPass: 112, highPass: 0 });
    expect(s.image).toMatchObject({ noise: 0, saltPepper: 0, pixelate: 1, fade: 0, occlusionSize: 0 });
  });

  it('have a label and a section for every field', () => {
    for (const section of ['placement', 'lighting', 'background', 'image'] as const) {
      expect(sectionFields(section).length).toBeGreaterThan(2);
    }
    const sections = Object.keys(FIELD_SPECS) as SectionName[];
    expect(sections.flatMap((section) => sectionFields(section))).toEqual(FIELDS);
    for (const { path, section, spec } of FIELDS) {
      expect(sections, path).toContain(section);
      expect(spec.label.trim(), path).not.toBe('');
    }
    expect(FIELDS.filter((f) => f.spec.kind === 'color').map((f) => f.path)).toEqual(['lighting.color', 'background.color']);
  });

  it('round-trip through the URL, colours as hex without "#"', () => {
    const state = defaultState();
    state.placement.x = -0.75;
    state.placement.scale = 1.6;
    state.lighting.color = 'ff8800';
    state.lighting.shadows = false;
    state.subject.untextured = true;
    state.lighting.shading = 0.35;
    state.background.mode = 'environment';
    state.background.environment = 'sunset';
    state.background.saturation = 0;
    state.image.hue = -90;
    state.image.noise = 0.12;
    state.image.seed = 77;
    state.image.occlusionSize = 0.3;
    const search = serialiseState(state);
    expect(search).toContain('lighting.color=ff8800');
    expect(search).not.toContain('%23');
    const back = parseState(search);
    expect(back.notices).toEqual([]);
    expect(back.state).toEqual(state);
  });

  it('accepts "#RRGGBB" from a link and stores it normalised', () => {
    const { state, notices } = parseState(`?background.color=${encodeURIComponent('#A0B1C2')}`);
    expect(notices).toEqual([]);
    expect(state.background.color).toBe('a0b1c2');
    expect(normaliseHexColor('12345')).toBeNull();
  });

  it('refuse bad values field by field, keeping the good ones', () => {
    const { state, notices } = parseState(
      '?lighting.color=red&background.mode=space&background.environment=mars&image.saturation=-2&image.seed=1e9&placement.scale=big&image.hue=30'
    );
    const d = defaultState();
    expect(state.lighting.color).toBe(d.lighting.color);
    expect(state.background.mode).toBe('none');
    expect(state.background.environment).toBe(d.background.environment);
    expect(state.image.saturation).toBe(0);
    expect(state.image.seed).toBe(9999);
    expect(state.placement.scale).toBe(1);
    expect(state.image.hue).toBe(30);
    expect(notices).toHaveLength(6);
    expect(notices.join('\n')).toMatch(/Light colour.*six hex digits.*"red"/);
    expect(notices.join('\n')).toMatch(/space/);
  });

  it('refuse a colour of the wrong type in a stored preset', () => {
    const { state, notices } = sanitiseState({ version: 1, lighting: { color: 0xff0000 }, background: { color: '#00ff00' } });
    expect(state.lighting.color).toBe('ffffff');
    expect(state.background.color).toBe('00ff00');
    expect(notices).toHaveLength(1);
  });

  it('offer every bundled environment image as a choice', () => {
    expect(ENVIRONMENT_NAMES).toContain('park');
    const { state } = parseState('?background.environment=warehouse');
    expect(state.background.environment).toBe('warehouse');
  });

  it('reset per field, per section and all at once', () => {
    const store = new SceneStateStore();
    store.setMany({ 'image.blur': 3, 'image.hue': 40, 'lighting.ambient': 0.2, 'background.color': 'ABCDEF' });
    expect(store.get('background.color')).toBe('abcdef');
    store.resetField('image.blur');
    expect(store.get('image.blur')).toBe(0);
    expect(store.get('image.hue')).toBe(40);
    store.resetSection('image');
    expect(store.get('image.hue')).toBe(0);
    expect(store.get('lighting.ambient')).toBe(0.2);
    store.reset();
    expect(store.snapshot()).toEqual(defaultState());
  });
});
