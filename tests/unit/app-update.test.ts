/**
 * A new version waits for the user and for work under way: the busy registry and the update flow
 * behind "A new version is ready — Reload / Later".
 */
import { describe, expect, it, vi } from 'vitest';
import { BusyRegistry, busyText } from '../../src/lib/pipeline/busy';
import { APPLY_TIMEOUT_MS, UpdateFlow, type UpdateState } from '../../src/lib/updates/update-flow';

function setup() {
  const busy = new BusyRegistry();
  const calls: string[] = [];
  const states: UpdateState[] = [];
  const flow = new UpdateFlow(busy, { activate: () => void calls.push('activate'), reload: () => void calls.push('reload') }, (s) => states.push(s));
  return { busy, calls, states, flow };
}

describe('busy registry', () => {
  it('counts nested work per kind and ends each mark once', async () => {
    const busy = new BusyRegistry();
    const endA = busy.begin('attack');
    const endB = busy.begin('attack');
    const endI = busy.begin('import');
    expect(busy.kinds()).toEqual(['attack', 'import']);
    endA();
    endA();
    expect(busy.kinds()).toEqual(['attack', 'import']);
    endB();
    endI();
    expect(busy.idle).toBe(true);
    await expect(busy.whileBusy('sweep', async () => busy.kinds())).resolves.toEqual(['sweep']);
    await expect(busy.whileBusy('sweep', async () => Promise.reject(new Error('x')))).rejects.toThrow('x');
    expect(busy.idle).toBe(true);
  });

  it('says what it is busy with', () => {
    expect(busyText(['import'])).toBe('the import');
    expect(busyText(['attack', 'feature visualisation', 'sweep'])).toBe('the attack, the feature visualisation and the sweep');
  });
});

describe('update flow', () => {
  it('offers a waiting version and does nothing until the user agrees', () => {
    const { flow, calls } = setup();
    flow.newVersionWaiting();
    expect(flow.state.phase).toBe('ready');
    flow.later();
    expect(flow.state.phase).toBe('dismissed');
    flow.show();
    expect(flow.state.phase).toBe('ready');
    expect(calls).toEqual([]);
    flow.reload();
    expect(calls).toEqual(['activate']);
    expect(flow.state.phase).toBe('applying');
    // The new service worker takes over: now the page reloads.
    flow.takenOver();
    expect(calls).toEqual(['activate', 'reload']);
  });

  it('reloads anyway when the new version never takes over (no stuck "Loading the new version…")', () => {
    vi.useFakeTimers();
    try {
      const { flow, calls } = setup();
      flow.newVersionWaiting();
      flow.reload();
      expect(calls).toEqual(['activate']);
      vi.advanceTimersByTime(APPLY_TIMEOUT_MS - 1);
      expect(calls).toEqual(['activate']);
      vi.advanceTimersByTime(1);
      expect(calls).toEqual(['activate', 'reload']);
    } finally {
      vi.useRealTimers();
    }
  });

  it('waits for an attack (and anything started meanwhile) before activating', () => {
    const { flow, busy, calls } = setup();
    flow.newVersionWaiting();
    const endAttack = busy.begin('attack');
    flow.reload();
    expect(flow.state).toEqual({ phase: 'waiting', waitingFor: ['attack'] });
    const endImport = busy.begin('import');
    expect(flow.state.waitingFor).toEqual(['attack', 'import']);
    endAttack();
    expect(flow.state.waitingFor).toEqual(['import']);
    expect(calls).toEqual([]);
    endImport();
    expect(calls).toEqual(['activate']);
  });

  it('"Later" while waiting cancels the reload', () => {
    const { flow, busy, calls } = setup();
    flow.newVersionWaiting();
    const end = busy.begin('feature visualisation');
    flow.reload();
    flow.later();
    end();
    expect(calls).toEqual([]);
    expect(flow.state.phase).toBe('dismissed');
  });

  it('does not reload a busy page when the new version takes over, and re-offers it when another tab applied it', () => {
    const { flow, busy, calls } = setup();
    const end = busy.begin('sweep');
    flow.takenOver();
    expect(flow.state.phase).toBe('ready');
    expect(calls).toEqual([]);
    flow.reload();
    expect(flow.state.phase).toBe('waiting');
    end();
    // Already active: a reload is enough, no second activation.
    expect(calls).toEqual(['reload']);
  });

  it('a work started between "Reload" and the take-over delays the reload', () => {
    const { flow, busy, calls } = setup();
    flow.newVersionWaiting();
    flow.reload();
    const end = busy.begin('import');
    flow.takenOver();
    expect(calls).toEqual(['activate']);
    expect(flow.state.phase).toBe('waiting');
    end();
    expect(calls).toEqual(['activate', 'reload']);
  });
});
