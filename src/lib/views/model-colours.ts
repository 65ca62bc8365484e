/**
 * One colour per model, the same in every plot and panel: a model's colour is its place among the
 * loaded models (the order of the Models list); a model a stored run names but that is no longer
 * loaded takes the next free colour after them, in the order it is asked for. Observable's ten
 * categorical colours (d3 schemeObservable10), chosen to be told apart and readable on white.
 */
export const MODEL_PALETTE = ['#4269d0', '#efb118', '#ff725c', '#6cc5b0', '#3ca951', '#ff8ab7', '#a463f2', '#97bbf5', '#9c6b4e', '#9498a0'] as const;

/** A colour lookup for these loaded model ids (in their order). */
export function modelColours(loadedIds: readonly string[]): (modelId: string) => string {
  const slots = new Map<string, number>(loadedIds.map((id, i) => [id, i]));
  return (modelId) => {
    let slot = slots.get(modelId);
    if (slot === undefined) slots.set(modelId, (slot = slots.size));
    return MODEL_PALETTE[slot % MODEL_PALETTE.length];
  };
}
