/** The bench's attribution of long animation frames to rendering, read-back, app script and the browser. */
import { describe, expect, it } from 'vitest';
import { attributeLongFrames } from '../../bench/long-frames.mjs';

const frame = (startTime: number, duration: number, scripts: [number, number][]) => ({ startTime, duration, scripts: scripts.map(([s, d]) => ({ startTime: s, duration: d })) });

describe('attributeLongFrames', () => {
  it('counts a frame for what filled most of it, and ignores frames of 50 ms or less', () => {
    const spans = [
      { kind: 'view', start: 10, end: 70 }, // 60 ms drawing the view
      { kind: 'read-back', start: 205, end: 215 },
      { kind: 'model-frames', start: 400, end: 420 }
    ];
    const r = attributeLongFrames(
      [
        frame(0, 100, [[5, 80]]), // rendering 60 of 80 ms of script
        frame(200, 90, [[200, 80]]), // 70 ms of script outside the spans: app script
        frame(400, 120, [[400, 25]]), // 95 ms outside script: the browser
        frame(600, 40, [[600, 40]]) // not long
      ],
      spans
    );
    expect(r.frames_over_50ms).toBe(3);
    expect(r.by_category).toEqual({ rendering: 1, 'read-back': 0, 'app script': 1, browser: 1 });
    expect(r.ms_by_category).toEqual({ rendering: 80, 'read-back': 10, 'app script': 95, browser: 125 });
  });

  it('a script entry over 50 ms is app script only for its time outside the scene spans', () => {
    const spans = [{ kind: 'model-frames', start: 0, end: 40 }];
    expect(attributeLongFrames([frame(0, 100, [[0, 85]])], spans)).toMatchObject({ app_script_over_50ms: 0, longest_app_script_ms: 45 });
    expect(attributeLongFrames([frame(0, 100, [[0, 95]])], spans)).toMatchObject({ app_script_over_50ms: 1, longest_app_script_ms: 55 });
  });

  it('names the app-script entries over 50 ms, longest first, with what ran them', () => {
    const script = (startTime: number, duration: number, sourceFunctionName: string) => ({
      startTime,
      duration,
      invoker: 'FrameRequestCallback',
      invokerType: 'user-callback',
      sourceURL: 'http://localhost/_app/immutable/chunks/scene.js',
      sourceFunctionName,
      sourceCharPosition: 120
    });
    const r = attributeLongFrames([{ startTime: 0, duration: 300, scripts: [script(0, 60, 'small'), script(60, 200, 'big'), script(260, 30, 'short')] }], []);
    expect(r.app_scripts_over_50ms.map((s: { source: string }) => s.source)).toEqual(['big @ scene.js:120', 'small @ scene.js:120']);
    expect(r.app_scripts_over_50ms[0]).toMatchObject({ own_ms: 200, invoker: 'FrameRequestCallback', invoker_type: 'user-callback' });
  });

  it('no long frames: zero counts', () => {
    expect(attributeLongFrames([], [])).toEqual({
      frames_over_50ms: 0,
      by_category: { rendering: 0, 'read-back': 0, 'app script': 0, browser: 0 },
      ms_by_category: { rendering: 0, 'read-back': 0, 'app script': 0, browser: 0 },
      app_script_over_50ms: 0,
      longest_app_script_ms: 0,
      app_scripts_over_50ms: []
    });
  });
});
