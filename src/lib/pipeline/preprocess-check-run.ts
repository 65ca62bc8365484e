/**
 * Runs the preprocessing check's model half: the reference renders (loaded once per page) go to a
 * model worker, which returns the raw outputs under each candidate convention. Scoring them
 * (models/preprocess-check.ts) is left to the view, with the labels of the moment.
 */
import type { Preprocess, ReferenceImage, ReferenceOutputs } from '$lib/protocol';
import { CANDIDATE_PREPROCESSES, type ReferenceRun } from '../models/preprocess-check';
import { referenceImages } from '../models/reference-images';

export type RunReferences = (references: ReferenceImage[], candidates: Preprocess[]) => Promise<ReferenceOutputs[]>;

export async function runReferenceCheck(run: RunReferences, load: () => Promise<ReferenceImage[]> = referenceImages): Promise<ReferenceRun> {
  const images = await load();
  const outputs = await run(images, [...CANDIDATE_PREPROCESSES]);
  return { references: images.map(({ subject, classSet, view }) => ({ subject, classSet, view })), outputs };
}
