/** Types of page-actions.js (import a model, read models and frames; part of harness.js). */
import type { Page } from 'playwright-core';

/** What `window.__perturber.models()` returns per model. */
export interface ModelInfo {
  id: string;
  name: string;
  status: string;
  backend: string | null;
  predictions: number;
  top1: string | null;
  shownVersion: number;
  /** Worker restarts after crashes. */
  restarts: number;
  /** The message the model's panel shows, if any. */
  error: string | null;
}

export declare const FILES_LABEL: string;
export declare function folderFiles(dir: string): string[];
export declare function models(page: Page): Promise<ModelInfo[]>;
/** The scene state's version, raised by every change. */
export declare function sceneVersion(page: Page): Promise<number>;
/** Imports a model folder through the UI; `backend` picks the form's Backend option. */
export declare function importFolder(page: Page, dir: string, name: string, backend?: 'auto' | 'webgl' | 'wasm' | 'cpu'): Promise<void>;
/** Waits until the model called `name` is ready (with at least `minPredictions`) or has an error; resolves to the error or null. */
export declare function modelSettled(page: Page, name: string, options?: { minPredictions?: number; timeout?: number }): Promise<string | null>;
/** Waits until `count` models are ready and each has shown a prediction of a scene version newer than `after`. */
export declare function waitForFreshPredictions(page: Page, count: number, after?: number, timeout?: number): Promise<void>;

/** A model-input frame: RGBA, top row first. */
export interface Frame {
  version: number;
  width: number;
  height: number;
  pixels: Uint8Array;
}
/** Sets scene-state fields, then returns the model-input frame of the new scene version. */
export declare function frameWith(page: Page, fields?: Record<string, number | string>): Promise<Frame>;

