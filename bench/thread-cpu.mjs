/**
 * Where the machine's cores go while the camera moves: the CPU time of every thread of the browser's
 * processes, read from Linux's /proc before and after a window, grouped by what the thread does. On
 * software WebGL (SwiftShader) the GPU process's Thread<NN> workers are the rasteriser: they carry
 * out what is drawn through GL in that process (the view and the model frames, and the page's
 * compositing when it runs on the same software GPU), on the same cores as the model workers.
 * Elsewhere (no /proc) the snapshot is empty and the shares are null.
 */
import { readFileSync, readdirSync } from 'node:fs';

/** The kinds of thread the shares are grouped into. */
export const THREAD_GROUPS = ['gpu rasteriser threads', 'gpu process main + compositor', 'page main thread', 'model workers', 'other'];

/** What a thread of a process of type `type` (browser, renderer, gpu-process, utility…) named `comm` does. */
export function threadGroup(type, comm) {
  if (type === 'gpu-process') {
    if (/^(chromium|chrome|CrGpuMain|VizCompositorTh)/.test(comm)) return 'gpu process main + compositor';
    // SwiftShader's worker threads (its task scheduler names them Thread<NN>).
    if (/^Thread<\d+>/.test(comm)) return 'gpu rasteriser threads';
    return 'other';
  }
  if (type === 'renderer') {
    if (/^DedicatedWorker/.test(comm)) return 'model workers';
    if (/^(chromium|chrome|CrRendererMain)$/.test(comm)) return 'page main thread';
  }
  return 'other';
}

/** Parses /proc/<pid>/task/<tid>/stat: the thread's name and its user + system time in clock ticks. */
export function parseStat(stat) {
  const open = stat.indexOf('(');
  const close = stat.lastIndexOf(')');
  const comm = stat.slice(open + 1, close);
  const fields = stat.slice(close + 2).split(' ');
  // After the name: state (0), …, utime (11), stime (12).
  return { comm, ticks: Number(fields[11]) + Number(fields[12]) };
}

/** CPU ticks per thread of every process whose command line contains `match` (default: chrom). */
export function threadCpuSnapshot(match = 'chrom') {
  const threads = new Map();
  let pids;
  try {
    pids = readdirSync('/proc').filter((p) => /^\d+$/.test(p));
  } catch {
    return threads;
  }
  for (const pid of pids) {
    let cmd;
    try {
      cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    } catch {
      continue;
    }
    if (!cmd.includes(match)) continue;
    const type = cmd.match(/--type=([a-z-]+)/)?.[1] ?? 'browser';
    let tids = [];
    try {
      tids = readdirSync(`/proc/${pid}/task`);
    } catch {
      continue;
    }
    for (const tid of tids) {
      try {
        const { comm, ticks } = parseStat(readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8'));
        threads.set(`${pid}/${tid}`, { group: threadGroup(type, comm), ticks });
      } catch {
        // The thread ended between the listing and the read.
      }
    }
  }
  return threads;
}

/**
 * Each group's CPU use between two snapshots `seconds` apart, in cores (1 = one core busy all the
 * time), rounded to 0.01; null shares when the snapshots are empty (no /proc).
 */
export function threadCpuShares(before, after, seconds, ticksPerSecond = 100) {
  if (after.size === 0 || !(seconds > 0)) return Object.fromEntries(THREAD_GROUPS.map((g) => [g, null]));
  const out = Object.fromEntries(THREAD_GROUPS.map((g) => [g, 0]));
  for (const [key, { group, ticks }] of after) out[group] += ticks - (before.get(key)?.ticks ?? 0);
  for (const g of THREAD_GROUPS) out[g] = Math.round((out[g] / ticksPerSecond / seconds) * 100) / 100;
  return out;
}
