/**
 * One visit to the import dialog: the worker (`host`) reads and checks a model from files, a URL or the
 * catalogue; the user reviews the suggested metadata; the worker saves the weights and `onConfirm`
 * receives the final metadata. One thing at a time; errors are kept for the dialog to show, a download
 * stopped by the user is said plainly, and an app update waits while an import is under way.
 */
import { catalogueMeta, type CatalogueEntry } from '../models/catalogue';
import { type ImportHost, type ImportProgress, type ModelAnalysis, type ModelMeta, type ModelSource, type ReferenceImage, shownError, type ShownError } from '$lib/protocol';
import { busy as busyWork } from './busy';
import { runReferenceCheck } from './preprocess-check-run';
import type { ReferenceRun } from '../models/preprocess-check';

/** The suggested metadata under review, with notes on how it was found. */
export interface ImportReview {
  initial: ModelMeta;
  notes: string[];
  /** What is being imported, in words ("3 files", a URL, a catalogue name). */
  what: string;
  /** The preprocessing check on the analysed model (absent when the host cannot run it). */
  check?: Promise<ReferenceRun>;
  /** Whether the check's best replaces the suggested convention (false for curated catalogue metadata). */
  checkPreselects: boolean;
}

export interface ImportSessionOptions {
  host: ImportHost;
  /** Receives the final metadata once the weights are saved (the caller stores it and runs the model). */
  onConfirm: (meta: ModelMeta) => void | Promise<void>;
  /** A new model's id. */
  newId: (name: string) => string | Promise<string>;
  /** The preprocessing check's reference renders (by default fetched from static/reference once per page). */
  loadReferences?: () => Promise<ReferenceImage[]>;
}

export const OFFLINE_MESSAGE =
  'You are offline: catalogue models are downloaded from the internet. Connect and try again, or import model files from disk.';

function reviewOf(analysis: ModelAnalysis, source: ModelSource, what: string): ImportReview {
  const initial: ModelMeta = { ...analysis.suggested, id: '', source, addedAt: Date.now() };
  return { initial, notes: analysis.notes ?? [], what, checkPreselects: true };
}

export class ImportSession {
  /** What is under way: 'files', 'url', 'save', a catalogue id; null: nothing. */
  busy = $state<null | 'files' | 'url' | 'save' | string>(null);
  progress = $state<ImportProgress | null>(null);
  error = $state<ShownError | null>(null);
  /** A download stopped by the user: said plainly, not as an error. */
  cancelledNote = $state<string | null>(null);
  cancelling = $state(false);
  review = $state<ImportReview | null>(null);
  /** Whether the browser is online (the dialog keeps it up to date). */
  online = $state(typeof navigator === 'undefined' ? true : navigator.onLine);

  constructor(private readonly options: ImportSessionOptions) {}

  /** Files being read or saved, or details under review. */
  get importing(): boolean {
    return this.busy !== null || this.review !== null;
  }

  /** Whether the host can stop a download (the Cancel button shows only then). */
  get canCancel(): boolean {
    return !!this.options.host.cancelImport;
  }

  /** Marks the app busy while an import is under way, for as long as the calling component lives; call it while the component starts. */
  connect(): void {
    $effect(() => {
      if (this.importing) return busyWork.begin('import');
    });
  }

  analyseFiles(files: File[]): Promise<void> {
    if (files.length === 0) return Promise.resolve();
    const names = files.map((f) => f.name);
    return this.run('files', async () =>
      reviewOf(await this.options.host.analyseFiles(files), { kind: 'files', fileNames: names }, `${files.length} files`)
    );
  }

  // The progress callbacks return nothing: their result goes back through Comlink, and a state proxy cannot.
  analyseUrl(href: string): Promise<void> {
    return this.run('url', async () =>
      reviewOf(await this.options.host.analyseUrl(href, (p) => void (this.progress = p)), { kind: 'url', url: href }, href)
    );
  }

  addFromCatalogue(entry: CatalogueEntry): Promise<void> {
    if (!this.online) {
      this.error = { code: 'offline', message: OFFLINE_MESSAGE };
      return Promise.resolve();
    }
    return this.run(entry.id, async () => {
      const analysis = await this.options.host.analyseUrl(entry.url, (p) => void (this.progress = p));
      const initial = catalogueMeta(entry, { id: '', addedAt: Date.now() }, analysis.suggested);
      const notes = [...(analysis.notes ?? []), `Input range, output kind and labels set from the catalogue entry for ${entry.name}.`];
      return { initial, notes, what: entry.name, checkPreselects: false };
    });
  }

  /** The Cancel button of a download: the worker aborts it and analyseUrl rejects with [cancelled]. */
  cancelDownload(): void {
    const host = this.options.host;
    if (this.cancelling || !this.busy || !host.cancelImport) return;
    this.cancelling = true;
    void host.cancelImport().catch(() => undefined);
  }

  /** Saves the weights under a new id, then hands the final metadata to `onConfirm`. */
  async confirm(meta: ModelMeta): Promise<void> {
    if (this.busy) return;
    this.busy = 'save';
    this.error = null;
    try {
      const final: ModelMeta = { ...meta, id: await this.options.newId(meta.name), addedAt: Date.now() };
      await this.options.host.saveAnalysed(final);
      await this.options.onConfirm(final);
      this.review = null;
    } catch (e) {
      this.error = shownError(e);
    } finally {
      this.busy = null;
    }
  }

  /** Back from the review to the ways of adding a model. */
  dropReview(): void {
    this.review = null;
    this.error = null;
  }

  /** Starts the preprocessing check on the model just analysed (the form shows it and preselects its best). */
  private withCheck(review: ImportReview): ImportReview {
    const run = this.options.host.referenceOutputs;
    if (!run) return review;
    const check = runReferenceCheck((references, candidates) => run(references, candidates, 'analysed'), this.options.loadReferences);
    check.catch(() => undefined); // shown by the form; nothing else waits for it
    return { ...review, check };
  }

  private async run(kind: string, work: () => Promise<ImportReview>): Promise<void> {
    if (this.busy) return;
    this.busy = kind;
    this.error = null;
    this.cancelledNote = null;
    this.progress = null;
    try {
      this.review = this.withCheck(await work());
    } catch (e) {
      const error = shownError(e);
      if (error.code === 'cancelled') {
        this.cancelledNote = error.message;
        return;
      }
      this.error = !this.online && (error.code === 'fetch-failed' || /fetch|network/i.test(error.message)) ? { code: error.code ?? 'offline', message: OFFLINE_MESSAGE } : error;
    } finally {
      this.busy = null;
      this.progress = null;
      this.cancelling = false;
    }
  }
}
