/**
 * One model download (model.json and its shards, several at a time) under limits: a byte budget
 * checked against each Content-Length before its body is read and against the running total while
 * streaming (servers need not send a length), an idle timeout (no byte for a while stops it), and the
 * user's AbortSignal (the Cancel button). Whatever stops it stops every transfer of the download and
 * becomes one ModelInputError; the caller stores nothing.
 */
import { ModelInputError } from '$lib/protocol';

export interface DownloadLimits {
  /** Most bytes all transfers together may bring. */
  budgetBytes: number;
  /** The error for a download past the budget: `bytes` is the declared or received total; `atLeast` when it is still growing. */
  overBudget: (bytes: number, atLeast: boolean) => ModelInputError;
  /** Stop when no byte arrived for this long while a transfer is open. */
  idleTimeoutMs: number;
  /** The user's cancel. */
  signal?: AbortSignal;
  fetchImpl: typeof fetch;
}

export function fetchFailed(message: string): never {
  throw new ModelInputError(message, 'fetch-failed');
}

function hostOf(url: string): string {
  try {
    return new URL(url).host || url;
  } catch {
    return url;
  }
}

export class ModelDownload {
  /** Bytes received so far, all transfers together. */
  receivedBytes = 0;
  readonly #limits: DownloadLimits;
  readonly #controller = new AbortController();
  #stopped: ModelInputError | null = null;
  #stopWaiters = new Set<(error: ModelInputError) => void>();
  #open = 0;
  #idle: ReturnType<typeof setTimeout> | null = null;
  #lastUrl = '';
  readonly #onAbort = () => this.#stop(new ModelInputError('The download was cancelled. Nothing was stored.', 'cancelled'));

  constructor(limits: DownloadLimits) {
    this.#limits = limits;
    if (limits.signal?.aborted) this.#onAbort();
    else limits.signal?.addEventListener('abort', this.#onAbort);
  }

  /** Fetches `url`: an HTTP error, an unreachable server or a Content-Length past the budget throws. */
  async fetch(url: string): Promise<Response> {
    this.#throwIfStopped();
    this.#lastUrl = url;
    this.#begin();
    let response: Response;
    try {
      response = await this.#unlessStopped(this.#limits.fetchImpl(url, { signal: this.#controller.signal }));
    } catch {
      this.#throwIfStopped();
      fetchFailed(`Could not reach ${url}: you may be offline, or the server does not allow cross-origin requests (CORS).`);
    } finally {
      this.#end();
    }
    if (!response.ok) fetchFailed(`HTTP ${response.status} for ${url}`);
    const declared = Number(response.headers.get('content-length') ?? NaN);
    if (Number.isFinite(declared) && declared > 0 && this.receivedBytes + declared > this.#limits.budgetBytes) {
      void response.body?.cancel().catch(() => undefined);
      this.#stop(this.#limits.overBudget(this.receivedBytes + declared, false));
      this.#throwIfStopped();
    }
    return response;
  }

  /** Reads a response body to the end, counting its bytes against the budget. */
  async read(response: Response, url: string, onBytes: (n: number) => void = () => {}): Promise<Uint8Array> {
    this.#throwIfStopped();
    this.#begin();
    const chunks: Uint8Array[] = [];
    const reader = response.body?.getReader();
    try {
      if (!reader) {
        const bytes = new Uint8Array(await this.#unlessStopped(response.arrayBuffer()));
        this.#count(bytes.byteLength, onBytes);
        return bytes;
      }
      for (;;) {
        const { done, value } = await this.#unlessStopped(reader.read());
        if (done) break;
        chunks.push(value);
        this.#count(value.byteLength, onBytes);
      }
    } catch {
      void reader?.cancel().catch(() => undefined);
      this.#throwIfStopped();
      fetchFailed(`The download of ${url} was interrupted. Check the connection and try again.`);
    } finally {
      this.#end();
    }
    return join(chunks);
  }

  /**
   * Ends the download (call when it is over, in any way): transfers still open (other shards, after one
   * failed) are aborted, the timer is cleared and the user's signal released.
   */
  finish(): void {
    this.#limits.signal?.removeEventListener('abort', this.#onAbort);
    this.#stop(new ModelInputError('The download was stopped.', 'cancelled'));
  }

  #count(n: number, onBytes: (n: number) => void): void {
    this.receivedBytes += n;
    if (this.receivedBytes > this.#limits.budgetBytes) {
      this.#stop(this.#limits.overBudget(this.receivedBytes, true));
      this.#throwIfStopped();
    }
    this.#armIdle();
    onBytes(n);
  }

  #begin(): void {
    this.#open++;
    this.#armIdle();
  }

  #end(): void {
    this.#open--;
    if (this.#open <= 0) this.#clearIdle();
  }

  #armIdle(): void {
    this.#clearIdle();
    const seconds = Math.round(this.#limits.idleTimeoutMs / 1000);
    this.#idle = setTimeout(() => {
      this.#stop(
        new ModelInputError(
          `The download from ${hostOf(this.#lastUrl)} stopped: nothing arrived for ${seconds} s. ` +
            'Check the connection and try again. Nothing was stored.',
          'download-timeout'
        )
      );
    }, this.#limits.idleTimeoutMs);
  }

  #clearIdle(): void {
    if (this.#idle !== null) clearTimeout(this.#idle);
    this.#idle = null;
  }

  /** The first reason wins; every open transfer is aborted (fetches that honour the signal, and any await). */
  #stop(error: ModelInputError): void {
    if (this.#stopped) return;
    this.#stopped = error;
    this.#clearIdle();
    this.#controller.abort(error);
    for (const wake of this.#stopWaiters) wake(error);
    this.#stopWaiters.clear();
  }

  #throwIfStopped(): void {
    if (this.#stopped) throw this.#stopped;
  }

  /** `promise`, unless the download stops first (a stalled read or fetch must not keep us waiting). */
  #unlessStopped<T>(promise: Promise<T>): Promise<T> {
    if (this.#stopped) return Promise.reject(this.#stopped);
    return new Promise<T>((resolve, reject) => {
      const wake = (error: ModelInputError) => reject(error);
      this.#stopWaiters.add(wake);
      promise.then(resolve, reject).finally(() => this.#stopWaiters.delete(wake));
    });
  }
}

function join(chunks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.byteLength, 0));
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.byteLength;
  }
  return out;
}
