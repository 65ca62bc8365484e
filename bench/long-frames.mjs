/**
 * Attributes main-thread long animation frames (the Long Animation Frames API's entries, over 50 ms)
 * to what filled them, with the scene's own spans (src/lib/scene/frame-costs.ts) lined up against
 * them: **rendering** (drawing the visible view and the model frames through the passes), **read-back**
 * (fetching finished frames from the GPU and handing them to the workers), **app script** (script time
 * of the frame outside those spans: Svelte updates, the scene store, Comlink, the app's handlers) and
 * **browser** (the frame's time outside any script: style, layout, paint, compositing). A frame counts
 * for the category that took most of it. Each script entry's own time outside the scene's spans is
 * its app-script time; `app_script_over_50ms` counts entries whose app-script time passes 50 ms (the
 * issue's target: 0 during a camera drag). Pure.
 */

const RENDERING = new Set(['view', 'model-frames']);

/** Length of the overlap of [a0, a1] and [b0, b1]. */
function overlap(a0, a1, b0, b1) {
  return Math.max(0, Math.min(a1, b1) - Math.max(a0, b0));
}

function spanTime(spans, from, to, kinds) {
  let t = 0;
  for (const s of spans) if (kinds(s.kind)) t += overlap(from, to, s.start, s.end);
  return t;
}

const round1 = (v) => Math.round(v * 10) / 10;

/**
 * @param {{ startTime: number, duration: number, scripts: { startTime: number, duration: number }[] }[]} frames
 * @param {{ kind: string, start: number, end: number }[]} spans
 * @param {number} [threshold] ms
 */
export function attributeLongFrames(frames, spans, threshold = 50) {
  const byCategory = { rendering: 0, 'read-back': 0, 'app script': 0, browser: 0 };
  const totals = { rendering: 0, 'read-back': 0, 'app script': 0, browser: 0 };
  let appScriptOver = 0;
  let longestAppScript = 0;
  /** The script entries with the most app-script time, with what the browser says ran them. */
  const worst = [];
  let count = 0;
  for (const f of frames) {
    if (!(f.duration > threshold)) continue;
    count++;
    const end = f.startTime + f.duration;
    const rendering = spanTime(spans, f.startTime, end, (k) => RENDERING.has(k));
    const readBack = spanTime(spans, f.startTime, end, (k) => k === 'read-back');
    const script = f.scripts.reduce((n, s) => n + s.duration, 0);
    const parts = {
      rendering,
      'read-back': readBack,
      'app script': Math.max(0, script - rendering - readBack),
      browser: Math.max(0, f.duration - Math.max(script, rendering + readBack))
    };
    const top = Object.entries(parts).sort((a, b) => b[1] - a[1])[0][0];
    byCategory[top]++;
    for (const [k, v] of Object.entries(parts)) totals[k] += v;
    for (const s of f.scripts) {
      const own = s.duration - spanTime(spans, s.startTime, s.startTime + s.duration, () => true);
      longestAppScript = Math.max(longestAppScript, own);
      if (own > threshold) {
        appScriptOver++;
        const source = [s.sourceFunctionName, s.sourceURL ? `${s.sourceURL.split('/').pop()}:${s.sourceCharPosition ?? '?'}` : ''].filter(Boolean).join(' @ ');
        worst.push({ own_ms: round1(own), invoker: s.invoker ?? '', invoker_type: s.invokerType ?? '', source, forced_style_layout_ms: round1(s.forcedStyleAndLayoutDuration ?? 0) });
      }
    }
  }
  return {
    frames_over_50ms: count,
    by_category: byCategory,
    ms_by_category: Object.fromEntries(Object.entries(totals).map(([k, v]) => [k, round1(v)])),
    app_script_over_50ms: appScriptOver,
    longest_app_script_ms: round1(longestAppScript),
    app_scripts_over_50ms: worst.sort((a, b) => b.own_ms - a.own_ms).slice(0, 5)
  };
}
