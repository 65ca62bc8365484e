/**
 * The grid the protocols run on (full or reduced), chosen in the Experiments view's Protocols list and
 * used by a scenario's "Measure it" too: one choice for the page.
 */
import type { ProtocolGrid } from '$lib/experiments/protocols';

export const protocolGrid = $state<{ value: ProtocolGrid }>({ value: 'full' });
