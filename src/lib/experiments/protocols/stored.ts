/**
 * The findings of the runs a browser has stored: each stored run whose definition is one of a
 * protocol's (by name, "Pose: pitch 15°") counts for that protocol, the newest run of each definition
 * name only (a protocol run again replaces its earlier runs, definition by definition).
 */
import type { RunStore } from '../run-store';
import type { ProtocolRun, ProtocolId } from './protocol';
import { protocolOfDefinition } from './list';
import type { FindingsEntries } from './findings';

/** From run summaries (newest first, as RunStore.list gives them): the ids to read, per protocol. */
export function latestProtocolRuns(runs: readonly { id: string; name: string; definitionName: string; createdAt: number }[]): Partial<Record<ProtocolId, string[]>> {
  const seen = new Set<string>();
  const out: Partial<Record<ProtocolId, string[]>> = {};
  for (const run of [...runs].sort((a, b) => b.createdAt - a.createdAt)) {
    const protocol = protocolOfDefinition({ name: run.definitionName });
    if (!protocol || seen.has(run.definitionName)) continue;
    seen.add(run.definitionName);
    (out[protocol.id] ??= []).push(run.id);
  }
  return out;
}

/** The findings entries of everything stored. */
export async function storedFindings(store: RunStore): Promise<FindingsEntries> {
  const ids = latestProtocolRuns(await store.listWithDefinitions());
  const entries: Partial<Record<ProtocolId, ProtocolRun[]>> = {};
  for (const [protocol, runIds] of Object.entries(ids) as [ProtocolId, string[]][]) {
    for (const id of runIds) {
      const stored = await store.get(id);
      if (stored) (entries[protocol] ??= []).push(stored);
    }
  }
  return entries;
}
