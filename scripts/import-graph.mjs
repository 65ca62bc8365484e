#!/usr/bin/env node
// The import graph of src/: every relative and $lib import between our own .ts/.svelte files.
// `node scripts/import-graph.mjs` prints file-level and folder-level cycles and exits 1 if any.
// Folder level = the first folder under src/lib (e.g. `views`, `pipeline`); src/routes counts as `routes`.
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SRC = join(ROOT, 'src');
const LIB = join(SRC, 'lib');
const EXTS = ['.ts', '.svelte.ts', '.svelte', '.js'];

function walk(dir, out = []) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (/\.(ts|svelte|js)$/.test(name) && !name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

const IMPORT_RE = /(?:import|export)\s+(?:type\s+)?(?:[\w*{}\s,$]+\s+from\s+)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|new URL\(\s*['"]([^'"]+)['"]/g;

function resolveSpec(fromFile, spec) {
  let base;
  if (spec.startsWith('$lib/')) base = join(LIB, spec.slice(5));
  else if (spec === '$lib') base = LIB;
  else if (spec.startsWith('.')) base = resolve(dirname(fromFile), spec);
  else return null;
  base = base.replace(/\?.*$/, '');
  const candidates = [base, ...EXTS.map((e) => base + e), ...EXTS.map((e) => join(base, 'index' + e))];
  if (base.endsWith('.js')) candidates.push(base.slice(0, -3) + '.ts');
  for (const c of candidates) if (existsSync(c) && statSync(c).isFile()) return c;
  return null;
}

export function importGraph() {
  const files = walk(SRC);
  const graph = new Map();
  for (const f of files) {
    const text = readFileSync(f, 'utf8');
    const deps = new Set();
    for (const m of text.matchAll(IMPORT_RE)) {
      const spec = m[1] ?? m[2] ?? m[3];
      const target = spec && resolveSpec(f, spec);
      if (target && target !== f) deps.add(target);
    }
    graph.set(f, deps);
  }
  return graph;
}

export function folderOf(file) {
  const rel = relative(SRC, file).split(/[\\/]/);
  if (rel[0] === 'lib') return rel.length > 2 ? rel[1] : 'lib';
  return rel[0];
}

/** Strongly connected components with more than one node (Tarjan). */
export function cycles(graph) {
  let index = 0;
  const stack = [];
  const on = new Set();
  const idx = new Map();
  const low = new Map();
  const out = [];
  const strong = (v) => {
    idx.set(v, index); low.set(v, index); index++;
    stack.push(v); on.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!idx.has(w)) { strong(w); low.set(v, Math.min(low.get(v), low.get(w))); }
      else if (on.has(w)) low.set(v, Math.min(low.get(v), idx.get(w)));
    }
    if (low.get(v) === idx.get(v)) {
      const comp = [];
      let w;
      do { w = stack.pop(); on.delete(w); comp.push(w); } while (w !== v);
      if (comp.length > 1) out.push(comp);
    }
  };
  for (const v of graph.keys()) if (!idx.has(v)) strong(v);
  return out;
}

export function folderGraph(graph) {
  const folders = new Map();
  const edges = [];
  for (const [f, deps] of graph) {
    const a = folderOf(f);
    if (!folders.has(a)) folders.set(a, new Set());
    for (const d of deps) {
      const b = folderOf(d);
      if (a !== b) { folders.get(a).add(b); edges.push([f, d]); }
    }
  }
  return { folders, edges };
}

export function report() {
  const graph = importGraph();
  const fileCycles = cycles(graph).map((c) => c.map((f) => relative(ROOT, f)).sort());
  const { folders, edges } = folderGraph(graph);
  const folderCycles = cycles(folders).map((c) => {
    const set = new Set(c);
    const witness = edges
      .filter(([a, b]) => set.has(folderOf(a)) && set.has(folderOf(b)))
      .map(([a, b]) => `${relative(ROOT, a)} -> ${relative(ROOT, b)}`);
    return { folders: c.sort(), witness };
  });
  const folderEdges = Object.fromEntries([...folders].map(([k, v]) => [k, [...v].sort()]).sort());
  return { files: graph.size, fileCycles, folderCycles, folderEdges };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const r = report();
  console.log(`${r.files} files under src/`);
  console.log('folder dependencies:');
  for (const [k, v] of Object.entries(r.folderEdges)) console.log(`  ${k} -> ${v.join(', ') || '(none)'}`);
  for (const c of r.fileCycles) console.log(`FILE CYCLE: ${c.join(' <-> ')}`);
  for (const c of r.folderCycles) {
    console.log(`FOLDER CYCLE: ${c.folders.join(' <-> ')}`);
    for (const w of c.witness) console.log(`    ${w}`);
  }
  const n = r.fileCycles.length + r.folderCycles.length;
  console.log(n === 0 ? 'no import cycles' : `${n} cycle(s)`);
  process.exit(n === 0 ? 0 : 1);
}
