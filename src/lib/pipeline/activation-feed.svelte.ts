/**
 * What the activation view needs of the models: each ready model's layers (asked once), and the chosen
 * activation maps sent with every prediction by the models shown, which also keep their latest frame
 * when the maps are drawn over it; every other model sends none. The view says what it shows.
 */
import { messageOf, errorText, type ActivationRequest, type LayerInfo } from '$lib/protocol';
import type { ModelRunner } from './model-runner.svelte';

/** What the activation view shows. */
export interface ShownActivations {
  /** The models whose maps are shown side by side. */
  modelIds: readonly string[];
  /** Their layer (null: none chosen yet). */
  layer: string | null;
  channels: readonly number[];
  /** The maps are drawn over each model's frame. */
  overlay: boolean;
}

/** Who keeps a copy of the latest frame for the overlay (ModelRunner.keepLatestFrameFor). */
const KEEPER = 'overlay';

/** The maps to ask for with every frame: those channels of that layer, quantised to bytes; null: none. */
export function activationRequest(layer: string | null, channels: readonly number[]): ActivationRequest | null {
  return layer && channels.length ? { layer, channels: [...channels], encoding: 'uint8' } : null;
}

export class ActivationFeed {
  /** Each model's layers by model id, once it answered. */
  layers = $state<Record<string, LayerInfo[]>>({});
  /** Why listing a model's layers failed (it is asked again later). */
  error = $state<string | null>(null);
  private readonly asked = new Set<string>();

  constructor(private readonly runners: () => readonly ModelRunner[]) {}

  /** Feeds the models what `shown` says for as long as the calling component lives; call it while the component starts. */
  follow(shown: () => ShownActivations): void {
    $effect(() => this.listLayers());
    $effect(() => this.show(shown()));
    $effect(() => () => this.stop());
  }

  /** Asks each ready model for its layers, once per model (again after a failure). */
  listLayers(): void {
    for (const r of this.runners()) {
      const id = r.meta.id;
      if (r.status !== 'ready' || this.asked.has(id)) continue;
      this.asked.add(id);
      r.calls
        .listLayers()
        .then((ls) => (this.layers = { ...this.layers, [id]: ls }))
        .catch((e) => {
          this.asked.delete(id);
          this.error = errorText(messageOf(e));
        });
    }
  }

  /** The shown models send the chosen maps with every prediction (and keep their frame for the overlay); the others send none. */
  show({ modelIds, layer, channels, overlay }: ShownActivations): void {
    const ids = new Set(modelIds);
    const request = activationRequest(layer, channels);
    for (const r of this.runners()) {
      const shown = ids.has(r.meta.id);
      const wanted = shown ? request : null;
      if (JSON.stringify(wanted) !== JSON.stringify(r.activationRequest)) {
        r.activationRequest = wanted;
        if (wanted) r.requestFrame();
      }
      if (shown && overlay) {
        if (!r.keepLatestFrameFor.has(KEEPER)) {
          r.keepLatestFrameFor.add(KEEPER);
          r.requestFrame();
        }
      } else r.keepLatestFrameFor.delete(KEEPER);
    }
  }

  /** No model sends maps or keeps its frame for the overlay any more. */
  stop(): void {
    for (const r of this.runners()) {
      r.activationRequest = null;
      r.keepLatestFrameFor.delete(KEEPER);
    }
  }
}
