/** The perturbation of an attack as a picture: mid-grey is no change, amplified so the largest change is full scale. */
export function amplifiedPerturbation(perturbation: Float32Array, width: number, height: number): { rgba: Uint8ClampedArray; gain: number } {
  let maxAbs = 0;
  for (const v of perturbation) if (Math.abs(v) > maxAbs) maxAbs = Math.abs(v);
  const gain = maxAbs > 0 ? 127 / maxAbs : 1;
  const rgba = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    for (let c = 0; c < 3; c++) rgba[i * 4 + c] = Math.round(128 + perturbation[i * 3 + c] * gain);
    rgba[i * 4 + 3] = 255;
  }
  return { rgba, gain };
}
