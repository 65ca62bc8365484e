/** One visit to the import dialog (pipeline/import-session): analyse, review, save; cancel, offline, errors. */
import { describe, expect, it } from 'vitest';
import { ImportSession, OFFLINE_MESSAGE } from '../../src/lib/pipeline/import-session.svelte';
import { CATALOGUE } from '../../src/lib/models/catalogue';
import type { ImportHost, ImportProgress, ModelAnalysis, ModelMeta, Preprocess, ReferenceImage, ReferenceTarget } from '../../src/lib/protocol';
import { testMeta } from '../helpers/meta';

const { id: _id, source: _source, addedAt: _addedAt, ...suggested } = testMeta();
const analysis: ModelAnalysis = { format: 'layers', inputShape: [-1, 8, 8, 3], numOutputs: 2, endsInSoftmax: true, sizeBytes: 10, suggested, notes: ['a note'] };

/** A host whose analyseUrl waits until the test settles it (`finishUrl`/`failUrl`), reporting progress first. */
function fakeHost(opts: { cancellable?: boolean; saveFails?: string } = {}) {
  const saved: ModelMeta[] = [];
  let settle: { ok: (a: ModelAnalysis) => void; fail: (e: Error) => void } | null = null;
  const host: ImportHost = {
    analyseFiles: async () => analysis,
    analyseUrl: (_url: string, onProgress?: (p: ImportProgress) => void) =>
      new Promise<ModelAnalysis>((ok, fail) => {
        onProgress?.({ fraction: 0.5, stage: 'download' });
        settle = { ok, fail };
      }),
    saveAnalysed: async (meta) => {
      if (opts.saveFails) throw new Error(opts.saveFails);
      saved.push(meta);
    }
  };
  if (opts.cancellable) host.cancelImport = async () => settle?.fail(new Error('[cancelled] The download was stopped.'));
  return { host, saved, finishUrl: () => settle?.ok(analysis), failUrl: (message: string) => settle?.fail(new Error(message)) };
}

function session(opts: Parameters<typeof fakeHost>[0] = {}) {
  const fake = fakeHost(opts);
  const confirmed: ModelMeta[] = [];
  const s = new ImportSession({ host: fake.host, onConfirm: (meta) => void confirmed.push(meta), newId: (name) => `${name}-id` });
  return { s, confirmed, ...fake };
}

describe('ImportSession', () => {
  it('files: the analysis goes to review, and confirming saves the weights under a new id', async () => {
    const { s, saved, confirmed } = session();
    await s.analyseFiles([new File(['{}'], 'model.json'), new File([''], 'group1-shard1of1')]);
    expect(s.review?.what).toBe('2 files');
    expect(s.review?.initial.source).toEqual({ kind: 'files', fileNames: ['model.json', 'group1-shard1of1'] });
    expect(s.review?.notes).toEqual(['a note']);
    expect(s.importing).toBe(true);
    await s.confirm({ ...s.review!.initial, name: 'Mine' });
    expect(saved.map((m) => m.id)).toEqual(['Mine-id']);
    expect(confirmed.map((m) => m.name)).toEqual(['Mine']);
    expect(s.review).toBeNull();
    expect(s.importing).toBe(false);
  });

  it('a URL shows its download progress; one import at a time', async () => {
    const { s, finishUrl } = session();
    const running = s.analyseUrl('https://example.org/model.json');
    expect(s.busy).toBe('url');
    expect(s.progress).toEqual({ fraction: 0.5, stage: 'download' });
    await s.analyseFiles([new File(['{}'], 'model.json')]);
    expect(s.review).toBeNull();
    finishUrl();
    await running;
    expect(s.busy).toBeNull();
    expect(s.progress).toBeNull();
    expect(s.review?.initial.source).toEqual({ kind: 'url', url: 'https://example.org/model.json' });
  });

  it('a stopped download is said plainly, not as an error', async () => {
    const { s } = session({ cancellable: true });
    expect(s.canCancel).toBe(true);
    const running = s.addFromCatalogue(CATALOGUE[0]);
    expect(s.busy).toBe(CATALOGUE[0].id);
    s.cancelDownload();
    expect(s.cancelling).toBe(true);
    await running;
    expect(s.error).toBeNull();
    expect(s.cancelledNote).toBe('The download was stopped.');
    expect(s.cancelling).toBe(false);
  });

  it('offline: the catalogue says so at once, and a failed download says why', async () => {
    const { s, failUrl } = session();
    expect(s.canCancel).toBe(false);
    s.online = false;
    await s.addFromCatalogue(CATALOGUE[0]);
    expect(s.busy).toBeNull();
    expect(s.error).toEqual({ code: 'offline', message: OFFLINE_MESSAGE });
    const running = s.analyseUrl('https://example.org/model.json');
    failUrl('[fetch-failed] Failed to fetch');
    await running;
    expect(s.error).toEqual({ code: 'fetch-failed', message: OFFLINE_MESSAGE });
  });

  it('a catalogue model gets the entry’s metadata; a failed save keeps the review to try again', async () => {
    const { s, finishUrl, confirmed } = session({ saveFails: '[quota] Storage is full' });
    const running = s.addFromCatalogue(CATALOGUE[0]);
    finishUrl();
    await running;
    expect(s.review?.what).toBe(CATALOGUE[0].name);
    expect(s.review?.initial.source).toMatchObject({ kind: 'catalogue', catalogueId: CATALOGUE[0].id });
    await s.confirm(s.review!.initial);
    expect(s.error).toEqual({ code: 'quota', message: 'Storage is full' });
    expect(s.review).not.toBeNull();
    expect(confirmed).toEqual([]);
    s.dropReview();
    expect(s.review).toBeNull();
    expect(s.error).toBeNull();
  });

  it('the preprocessing check starts on the analysed model; it preselects for files, not over a catalogue entry', async () => {
    const fake = fakeHost();
    const calls: { candidates: Preprocess[]; target: ReferenceTarget }[] = [];
    fake.host.referenceOutputs = async (references, candidates, target) => {
      calls.push({ candidates, target });
      return candidates.map((preprocess) => ({ preprocess, outputs: references.map(() => Float32Array.of(0.25, 0.75)) }));
    };
    const reference: ReferenceImage = { file: 'dog.jpg', subject: 'dog', classSet: 'dog', view: 'yaw 30°', width: 1, height: 1, pixels: new Uint8Array(4) };
    const s = new ImportSession({ host: fake.host, onConfirm: () => {}, newId: (name) => name, loadReferences: async () => [reference] });
    await s.analyseFiles([new File(['{}'], 'model.json')]);
    expect(s.review?.checkPreselects).toBe(true);
    const run = await s.review!.check!;
    expect(calls).toHaveLength(1);
    expect(calls[0].target).toBe('analysed');
    expect(run.references).toEqual([{ subject: 'dog', classSet: 'dog', view: 'yaw 30°' }]);
    expect(run.outputs.map((o) => o.preprocess)).toEqual(calls[0].candidates);

    s.dropReview();
    const running = s.addFromCatalogue(CATALOGUE[0]);
    fake.finishUrl();
    await running;
    expect(s.review?.checkPreselects).toBe(false);
    expect(calls).toHaveLength(2);
  });

  it('no check when the host cannot run one', async () => {
    const { s } = session();
    await s.analyseFiles([new File(['{}'], 'model.json')]);
    expect(s.review?.check).toBeUndefined();
  });
});
