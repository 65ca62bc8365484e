/** The sample photos shipped with the app (static/samples, precached; see static/samples/NOTICE). */
export interface SamplePhoto {
  /** File name, shown as the photo's name like an imported file's. */
  file: string;
  /** What the button says. */
  label: string;
  url: string;
  type: string;
}

export const SAMPLE_PHOTOS: readonly SamplePhoto[] = [
  { file: 'bird.jpg', label: 'Bird', url: '/samples/bird.jpg', type: 'image/jpeg' },
  { file: 'kitten.jpg', label: 'Kitten', url: '/samples/kitten.jpg', type: 'image/jpeg' }
];
