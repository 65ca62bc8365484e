import { describe, expect, it } from 'vitest';
import { SCENARIOS, scenarioById, scenarioState } from '../../src/lib/state/scenarios';
import {
  SCENARIO_PARAM,
  expandScenarioLink,
  pinScenarioState,
  scenarioLink,
  scenarioParam,
  scenarioUrlTarget
} from '../../src/lib/state/scenario-url';
import { defaultState, fieldEntry, getField } from '../../src/lib/state/schema';
import { sanitiseState, validateValue } from '../../src/lib/state/field-values';
import { parseState } from '../../src/lib/state/url';
import { SceneStateStore, type UrlTarget } from '../../src/lib/state/scene-state.svelte';

/** Sentences of a text: a sentence ends in ".", "!" or "?" (maybe before a closing quote), then a space and a capital. */
const sentences = (text: string) => text.trim().split(/(?<=[.!?][”’")]?)\s+(?=[A-Z“‘"(])/);

describe('the scenario table', () => {
  it('has at least 8 scenarios with unique, URL-safe ids', () => {
    expect(SCENARIOS.length).toBeGreaterThanOrEqual(8);
    const ids = SCENARIOS.map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) {
      expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(encodeURIComponent(id)).toBe(id);
    }
  });

  it("gives each scenario a state that passes sanitiseState unchanged, with valid setup values", () => {
    for (const s of SCENARIOS) {
      const state = scenarioState(s);
      const { state: clean, notices } = sanitiseState(JSON.parse(JSON.stringify(state)));
      expect(notices, s.id).toEqual([]);
      expect(clean, s.id).toEqual(state);
      for (const [path, value] of Object.entries(s.setup)) {
        const entry = fieldEntry(path);
        expect(entry, `${s.id}: ${path}`).toBeDefined();
        expect(validateValue(entry!, value), `${s.id}: ${path}`).toEqual({ ok: true, value });
        expect(getField(state, entry!.path), `${s.id}: ${path}`).toBe(value);
      }
    }
  });

  it('names a next control that exists, a valid value for it that differs from the start, and the control by its label', () => {
    for (const s of SCENARIOS) {
      const entry = fieldEntry(s.next.path);
      expect(entry, s.id).toBeDefined();
      expect(validateValue(entry!, s.next.to), s.id).toEqual({ ok: true, value: s.next.to });
      expect(getField(scenarioState(s), s.next.path), s.id).not.toBe(s.next.to);
      expect(s.text, s.id).toContain(entry!.spec.label);
    }
  });

  it('tells each story in two or three sentences of plain text', () => {
    for (const s of SCENARIOS) {
      expect(s.title.trim(), s.id).not.toBe('');
      const count = sentences(s.text).length;
      expect(count, `${s.id}: ${s.text}`).toBeGreaterThanOrEqual(2);
      expect(count, `${s.id}: ${s.text}`).toBeLessThanOrEqual(3);
      for (const sentence of sentences(s.text)) expect(sentence, s.id).toMatch(/^[A-Z“‘"(].*[.!?][”’")]?$/);
      expect(s.text, s.id).not.toMatch(/TODO|<|>/);
    }
  });

  it('covers the classic failure modes the issue lists', () => {
    const moved = new Set(SCENARIOS.map((s) => s.next.path));
    for (const path of ['camera.yaw', 'camera.pitch', 'background.saturation', 'background.environment', 'lighting.shading', 'subject.untextured', 'image.lowPass', 'image.highPass', 'image.noise', 'image.fade'] as const) {
      expect(moved.has(path), path).toBe(true);
    }
    const conflict = SCENARIOS.find((s) => s.id === 'cue-conflict')!;
    expect(scenarioState(conflict).subject).toMatchObject({ pair: 'animal', shape: 0, texture: 1 });
  });
});

describe('scenario links', () => {
  const noise = scenarioById('noise')!;
  const forest = scenarioById('forest-or-city')!;

  it('read a bare ?scenario=<id> as the scenario’s scene, and nothing else', () => {
    const search = `?${SCENARIO_PARAM}=${forest.id}`;
    expect(scenarioParam(search)).toBe(forest.id);
    const { state, notices } = parseState(expandScenarioLink(search), { foreignKeys: [SCENARIO_PARAM] });
    expect(notices).toEqual([]);
    expect(state).toEqual(scenarioState(forest));
    expect(state.background.environment).toBe('forest');
    // Unknown ids and links that carry their own state are left as they are.
    expect(expandScenarioLink('?scenario=no-such-story')).toBe('?scenario=no-such-story');
    expect(expandScenarioLink('?scenario=forest-or-city&v=1&camera.yaw=90')).toBe('?scenario=forest-or-city&v=1&camera.yaw=90');
    expect(scenarioParam('?v=1&camera.yaw=90')).toBeNull();
  });

  it('keep the state they were written with: a scenario’s scene changed back to the defaults stays at the defaults', () => {
    expect(pinScenarioState('?scenario=noise')).toBe('?scenario=noise&v=1');
    expect(pinScenarioState('')).toBe('');
    expect(pinScenarioState('?camera.yaw=90')).toBe('?camera.yaw=90');
    const back = parseState(expandScenarioLink(pinScenarioState(`?scenario=${forest.id}`)), { foreignKeys: [SCENARIO_PARAM] });
    expect(back.state).toEqual(defaultState());
  });

  it('open and close a scenario, keeping params that are not theirs', () => {
    const opened = scenarioLink('?other=1&v=1&camera.yaw=90', forest);
    const params = new URLSearchParams(opened.slice(1));
    expect(params.get('other')).toBe('1');
    expect(params.get(SCENARIO_PARAM)).toBe(forest.id);
    expect(params.has('camera.yaw')).toBe(false);
    expect(parseState(opened, { foreignKeys: [SCENARIO_PARAM, 'other'] }).state).toEqual(scenarioState(forest));
    const closed = scenarioLink(opened, null);
    expect(scenarioParam(closed)).toBeNull();
    expect(new URLSearchParams(closed.slice(1)).get('other')).toBe('1');
    expect(parseState(closed, { foreignKeys: ['other'] }).state).toEqual(scenarioState(forest));
    expect(scenarioLink('', noise)).toBe('?scenario=noise&v=1');
  });

  it('through the store: a scenario link loads its scene, and changes are written next to the scenario id', async () => {
    let search = '?scenario=cue-conflict';
    const target: UrlTarget = { read: () => search, write: (s) => (search = s) };
    const store = new SceneStateStore();
    const stop = store.connectUrl(scenarioUrlTarget(target), { foreignKeys: [SCENARIO_PARAM], debounceMs: 0 });
    expect(store.notices).toEqual([]);
    expect(store.state.subject.texture).toBe(1);
    store.set('subject.texture', 0);
    store.flushUrl();
    expect(search).toBe('?scenario=cue-conflict&v=1');
    // Read back (a reload): the state as it was left, not the scenario's scene afresh.
    const reloaded = new SceneStateStore();
    reloaded.connectUrl(scenarioUrlTarget(target), { foreignKeys: [SCENARIO_PARAM] });
    expect(reloaded.state.subject.texture).toBe(0);
    stop();
    reloaded.disconnectUrl();
  });
});
