/**
 * The built-in protocols, in the order the findings table shows them. Adversarial robustness (PGD
 * accuracy vs ε and the transfer matrix of issue 13) is not here: it needs the attack code of the
 * inspect worker rather than a sweep over scene fields, and is left for later.
 */
import { BACKGROUND } from './background';
import { CORRUPTIONS_PROTOCOL } from './corruptions';
import { CUE_CONFLICT } from './cue-conflict';
import { LIGHTING_TEXTURE } from './lighting-texture';
import { POSE } from './pose';
import type { Protocol, ProtocolId } from './protocol';

export const PROTOCOLS: readonly Protocol[] = [POSE, BACKGROUND, CUE_CONFLICT, CORRUPTIONS_PROTOCOL, LIGHTING_TEXTURE];

/** The protocol with this id; throws for an unknown one. */
export function protocolById(id: ProtocolId): Protocol {
  const p = PROTOCOLS.find((x) => x.id === id);
  if (!p) throw new Error(`No protocol "${id}"`);
  return p;
}

/** The protocol a definition (or run) belongs to, by its name ("Pose: pitch 15°"); null for others. */
export function protocolOfDefinition(def: { name: string }): Protocol | null {
  return PROTOCOLS.find((p) => def.name.startsWith(`${p.name}: `)) ?? null;
}
