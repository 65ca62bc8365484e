/**
 * Which built-in protocol measures what a guided scenario (state/scenarios.ts) shows, for its "Measure
 * it" button. Scenarios no protocol sweeps have none: rolling the camera upside down (the pose protocol
 * sweeps yaw and pitch) and the adversarial attack (not a protocol yet, see list.ts).
 */
import type { ProtocolId } from './protocol';

export const SCENARIO_PROTOCOLS: Readonly<Record<string, ProtocolId>> = {
  'turn-the-dog-around': 'pose',
  'look-from-below': 'pose',
  'grey-the-background': 'background',
  'forest-or-city': 'background',
  'texture-only': 'lighting-texture',
  'shape-only': 'lighting-texture',
  'cue-conflict': 'cue-conflict',
  'cat-with-dog-coat': 'cue-conflict',
  'low-pass': 'corruptions',
  'high-pass': 'corruptions',
  noise: 'corruptions',
  'fade-to-black': 'corruptions'
};

/** The protocol that measures the scenario's effect, or null when none does. */
export function protocolOfScenario(scenarioId: string): ProtocolId | null {
  return Object.hasOwn(SCENARIO_PROTOCOLS, scenarioId) ? SCENARIO_PROTOCOLS[scenarioId] : null;
}
