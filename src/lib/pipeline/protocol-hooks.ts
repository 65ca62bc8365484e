/**
 * The protocol part of `window.__perturber` (debug-hooks.svelte.ts), for the e2e tests and
 * `npm run findings`: run a built-in protocol on the loaded models and read the findings of what is
 * stored (the summaries per protocol, the table and its CSV).
 */
import {
  PROTOCOLS,
  findingsCsv,
  findingsTable,
  storedFindings,
  type FindingsTable,
  type ProtocolGrid,
  type ProtocolId,
  type ProtocolSummary
} from '$lib/experiments/protocols';
import type { ProtocolProgress, ProtocolRunner } from './protocol-runner.svelte';
import type { SweepRunner } from './sweep-runner.svelte';

export interface ProtocolHooks {
  /** The built-in protocols: id, name, question, reference and grids. */
  protocols(): { id: ProtocolId; name: string; question: string; reference: unknown; classSetNote: string; grids: Record<ProtocolGrid, string> }[];
  /** Runs a protocol on the ready models (all its sweeps, one after the other); resolves when it ends. */
  runProtocol(id: ProtocolId, grid: ProtocolGrid): Promise<ProtocolProgress>;
  /** The findings of the stored protocol runs: the table, its CSV and every protocol's summary. */
  findings(): Promise<{ table: FindingsTable; csv: string; summaries: ProtocolSummary[] }>;
}

export function protocolHooks(sweeps: SweepRunner | null, runner: ProtocolRunner | null): ProtocolHooks {
  return {
    protocols: () => PROTOCOLS.map((p) => ({ id: p.id, name: p.name, question: p.question, reference: p.reference, classSetNote: p.classSetNote, grids: p.grids })),
    runProtocol: (id, grid) => {
      if (!runner) throw new Error('Protocols need installDebugHooks(controller, store, captureHub)');
      return runner.run(id, grid);
    },
    findings: async () => {
      if (!sweeps) throw new Error('Findings need installDebugHooks(controller, store, captureHub)');
      const table = findingsTable(await storedFindings(sweeps.runs));
      return { table, csv: findingsCsv(table), summaries: Object.values(table.summaries ?? {}) as ProtocolSummary[] };
    }
  };
}
