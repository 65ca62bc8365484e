/** The built-in protocols, in the order the findings table shows them. */
import { ADVERSARIAL } from './adversarial';
import { BACKGROUND } from './background';
import { CORRUPTIONS_PROTOCOL } from './corruptions';
import { CUE_CONFLICT } from './cue-conflict';
import { LIGHTING_TEXTURE } from './lighting-texture';
import { POSE } from './pose';
import type { Protocol, ProtocolId } from './protocol';

export const PROTOCOLS: readonly Protocol[] = [POSE, BACKGROUND, CUE_CONFLICT, CORRUPTIONS_PROTOCOL, LIGHTING_TEXTURE, ADVERSARIAL];

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
