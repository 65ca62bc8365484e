import { describe, expect, it } from 'vitest';
import { backendDetail } from '../../src/lib/pipeline/backend-detail';

describe('backendDetail', () => {
  it('lists the measured per-predict times so the user sees why a backend was chosen', () => {
    const line = backendDetail(
      {
        backend: 'wasm',
        loadMs: 10,
        trials: [
          { backend: 'wasm', msPerPredict: 16.4 },
          { backend: 'webgl', msPerPredict: 187.2 },
          { backend: 'cpu', msPerPredict: null, error: 'x' }
        ]
      },
      'auto'
    );
    expect(line).toBe('measured: wasm 16 ms · webgl 187 ms · cpu failed');
  });

  it('says when a backend was forced, and shows a fallback reason first', () => {
    expect(backendDetail({ backend: 'cpu', loadMs: 1, trials: [] }, 'cpu')).toBe('set by you');
    expect(
      backendDetail({ backend: 'wasm', loadMs: 1, trials: [], fallbackReason: 'WebGL is not available in this worker: using wasm' }, 'webgl')
    ).toMatch(/WebGL is not available/);
    expect(backendDetail(null, 'auto')).toBeNull();
  });
});
