/** Each guided scenario's "Measure it" protocol: only real scenarios and protocols, and the gaps said. */
import { describe, expect, it } from 'vitest';
import { SCENARIOS } from '../../src/lib/state/scenarios';
import { PROTOCOLS, SCENARIO_PROTOCOLS, protocolOfScenario } from '../../src/lib/experiments/protocols';

describe('scenario protocols', () => {
  it('maps only scenarios that exist to protocols that exist', () => {
    const scenarios = new Set(SCENARIOS.map((s) => s.id));
    const protocols = new Set(PROTOCOLS.map((p) => p.id));
    for (const [scenario, protocol] of Object.entries(SCENARIO_PROTOCOLS)) {
      expect(scenarios.has(scenario), scenario).toBe(true);
      expect(protocols.has(protocol), protocol).toBe(true);
    }
  });

  it('gives each scenario the protocol that sweeps what it shows, and none where no protocol does', () => {
    expect(protocolOfScenario('look-from-below')).toBe('pose');
    expect(protocolOfScenario('forest-or-city')).toBe('background');
    expect(protocolOfScenario('cat-with-dog-coat')).toBe('cue-conflict');
    expect(protocolOfScenario('shape-only')).toBe('lighting-texture');
    expect(protocolOfScenario('noise')).toBe('corruptions');
    expect(SCENARIOS.filter((s) => protocolOfScenario(s.id) === null).map((s) => s.id)).toEqual(['upside-down', 'adversarial-hold']);
    expect(protocolOfScenario('toString')).toBeNull();
    expect(protocolOfScenario('')).toBeNull();
  });
});
