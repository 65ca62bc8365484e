/** Gaussian blur and the low-pass filter, as one blur (two Gaussians in a row are one). */
import { GaussianBlur } from './gaussian-blur';
import { FieldPass, type PassContext } from './pass';
import { blurSigma } from './params';

export class BlurPass extends FieldPass {
  readonly name = 'blur';
  readonly stage = 'display';
  readonly fields = ['image.blur', 'image.lowPass'] as const;
  private readonly blur = new GaussianBlur();

  run({ renderer, view, squareSize, input, out, scratch }: PassContext): void {
    this.blur.blur(renderer, input, scratch(), out, blurSigma(view.state.image, squareSize));
  }

  dispose(): void {
    this.blur.dispose();
  }
}
