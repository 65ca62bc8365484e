/**
 * The gradient kernels the wasm backend lacks (TF.js 4.22): Conv2DBackpropFilter,
 * DepthwiseConv2dNativeBackpropFilter and DepthwiseConv2dNativeBackpropInput, written with ops the
 * wasm backend has (pad, strided slice, matMul, depthwiseConv2d, reverse). With them, gradients w.r.t.
 * the input (attacks, feature visualisation) run on wasm.
 *
 * Why the filter gradients are needed at all: a fused conv (layers Conv2D, graph _FusedConv2D) uses
 * a custom gradient that computes the input AND the filter derivative eagerly, even when only the input
 * gradient is asked for. The filter gradients below are exact (not stubs), so training would work too.
 *
 * Registered kernels run TF.js ops inside `tf.tidy` and return a tensor; the engine accepts tensors as
 * kernel outputs and the tape is off inside a kernel.
 */
import type * as tfTypes from '@tensorflow/tfjs';

type Tf = typeof tfTypes;
type Tensor4D = tfTypes.Tensor4D;
type Conv2DInfo = ReturnType<Tf['backend_util']['computeConv2DInfo']>;

export const WASM_GRADIENT_KERNELS = [
  'Conv2DBackpropFilter',
  'DepthwiseConv2dNativeBackpropFilter',
  'DepthwiseConv2dNativeBackpropInput'
] as const;

interface ConvAttrs {
  strides: number | [number, number];
  pad: 'valid' | 'same' | number | tfTypes.backend_util.ExplicitPadding;
  dilations?: number | [number, number];
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  dataFormat?: 'NHWC' | 'NCHW';
  filterShape?: [number, number, number, number];
  inputShape?: [number, number, number, number];
}

/** Registers the missing kernels for 'wasm' (once; kernels already registered are left alone). */
export function registerWasmGradientKernels(tf: Tf): void {
  const add = (kernelName: string, kernelFunc: (inputs: Record<string, Tensor4D>, attrs: ConvAttrs) => tfTypes.Tensor) => {
    if (tf.getKernel(kernelName, 'wasm')) return;
    tf.registerKernel({
      kernelName,
      backendName: 'wasm',
      kernelFunc: ({ inputs, attrs }) =>
        kernelFunc(inputs as unknown as Record<string, Tensor4D>, attrs as unknown as ConvAttrs) as unknown as tfTypes.TensorInfo
    });
  };
  add('Conv2DBackpropFilter', ({ x, dy }, attrs) => conv2dBackpropFilter(tf, x, dy, attrs));
  add('DepthwiseConv2dNativeBackpropFilter', ({ x, dy }, attrs) => depthwiseBackpropFilter(tf, x, dy, attrs));
  add('DepthwiseConv2dNativeBackpropInput', ({ dy, filter }, attrs) => depthwiseBackpropInput(tf, dy, filter, attrs));
}

function convInfo(tf: Tf, xShape: number[], filterShape: number[], attrs: ConvAttrs, depthwise: boolean): Conv2DInfo {
  if (attrs.dataFormat && attrs.dataFormat !== 'NHWC') throw new Error('Only NHWC convolutions have wasm gradients');
  return tf.backend_util.computeConv2DInfo(
    xShape as [number, number, number, number],
    filterShape as [number, number, number, number],
    attrs.strides,
    attrs.dilations ?? 1,
    attrs.pad,
    attrs.dimRoundingMode,
    depthwise
  );
}

/**
 * The input window that filter tap (kh, kw) sees for every output position: [N, outH, outW, C],
 * sliced (with the convolution's stride) out of the zero-padded input.
 */
function tapWindow(tf: Tf, xPadded: Tensor4D, info: Conv2DInfo, kh: number, kw: number): Tensor4D {
  const top = kh * info.dilationHeight;
  const left = kw * info.dilationWidth;
  return tf.stridedSlice(
    xPadded,
    [0, top, left, 0],
    [xPadded.shape[0], top + (info.outHeight - 1) * info.strideHeight + 1, left + (info.outWidth - 1) * info.strideWidth + 1, xPadded.shape[3]],
    [1, info.strideHeight, info.strideWidth, 1]
  ) as Tensor4D;
}

function padInput(tf: Tf, x: Tensor4D, info: Conv2DInfo): Tensor4D {
  const { top, bottom, left, right } = info.padInfo;
  if (top === 0 && bottom === 0 && left === 0 && right === 0) return x;
  return tf.pad(x, [
    [0, 0],
    [top, Math.max(0, bottom)],
    [left, Math.max(0, right)],
    [0, 0]
  ]);
}

/** dW[kh, kw, ci, co] = sum over batch and output positions of window(kh, kw)[.., ci] * dy[.., co]. */
function conv2dBackpropFilter(tf: Tf, x: Tensor4D, dy: Tensor4D, attrs: ConvAttrs): tfTypes.Tensor4D {
  const filterShape = attrs.filterShape!;
  return tf.tidy(() => {
    const info = convInfo(tf, x.shape, filterShape, { ...attrs, dilations: 1 }, false);
    const [kH, kW, inC, outC] = filterShape;
    const xPadded = padInput(tf, x, info);
    const dyRows = tf.reshape(dy, [-1, outC]);
    const taps: tfTypes.Tensor[] = [];
    for (let kh = 0; kh < kH; kh++) {
      for (let kw = 0; kw < kW; kw++) {
        const window = tf.reshape(tapWindow(tf, xPadded, info, kh, kw), [-1, inC]);
        taps.push(tf.matMul(window, dyRows, true, false));
      }
    }
    return tf.reshape(tf.stack(taps), [kH, kW, inC, outC]);
  });
}

/** dW[kh, kw, c, m] = sum of window(kh, kw)[.., c] * dy[.., c * M + m]. */
function depthwiseBackpropFilter(tf: Tf, x: Tensor4D, dy: Tensor4D, attrs: ConvAttrs): tfTypes.Tensor4D {
  const filterShape = attrs.filterShape!;
  return tf.tidy(() => {
    const info = convInfo(tf, x.shape, filterShape, attrs, true);
    const [kH, kW, inC, mult] = filterShape;
    const xPadded = padInput(tf, x, info);
    const dyPerChannel = tf.reshape(dy, [dy.shape[0], dy.shape[1], dy.shape[2], inC, mult]);
    const taps: tfTypes.Tensor[] = [];
    for (let kh = 0; kh < kH; kh++) {
      for (let kw = 0; kw < kW; kw++) {
        const window = tf.expandDims(tapWindow(tf, xPadded, info, kh, kw), 4);
        taps.push(tf.sum(tf.mul(window, dyPerChannel), [0, 1, 2]));
      }
    }
    return tf.reshape(tf.stack(taps), [kH, kW, inC, mult]);
  });
}

/** Inserts (stride - 1) zeros between rows and between columns: [N, H, W, C] -> [N, (H-1)s+1, (W-1)s+1, C]. */
function insertZeros(tf: Tf, t: Tensor4D, strideH: number, strideW: number): Tensor4D {
  let out = t;
  const [n, h, w, c] = out.shape;
  if (strideH > 1) {
    const rows = tf.concat([tf.expandDims(out, 2), tf.zeros([n, h, strideH - 1, w, c])], 2);
    out = tf.slice(tf.reshape(rows, [n, h * strideH, w, c]), [0, 0, 0, 0], [n, (h - 1) * strideH + 1, w, c]) as Tensor4D;
  }
  if (strideW > 1) {
    const [, h2] = out.shape;
    const cols = tf.concat([tf.expandDims(out, 3), tf.zeros([n, h2, w, strideW - 1, c])], 3);
    out = tf.slice(tf.reshape(cols, [n, h2, w * strideW, c]), [0, 0, 0, 0], [n, h2, (w - 1) * strideW + 1, c]) as Tensor4D;
  }
  return out;
}

/**
 * dx = the transposed depthwise convolution: dy with zeros inserted for the stride, padded, convolved
 * (stride 1, same dilation) with the spatially flipped filter; one pass per channel multiplier.
 */
function depthwiseBackpropInput(tf: Tf, dy: Tensor4D, filter: Tensor4D, attrs: ConvAttrs): tfTypes.Tensor4D {
  const inputShape = attrs.inputShape!;
  return tf.tidy(() => {
    const info = convInfo(tf, inputShape, filter.shape, attrs, true);
    const [kH, kW, inC, mult] = filter.shape;
    const [, inH, inW] = inputShape;
    const effH = (kH - 1) * info.dilationHeight + 1;
    const effW = (kW - 1) * info.dilationWidth + 1;
    const spread = insertZeros(tf, dy, info.strideHeight, info.strideWidth);
    // Padding so that a 'valid' stride-1 convolution with the flipped filter yields inH x inW (before trimming).
    const top = effH - 1 - info.padInfo.top;
    const left = effW - 1 - info.padInfo.left;
    const bottom = inH + effH - 1 - top - spread.shape[1];
    const right = inW + effW - 1 - left - spread.shape[2];
    let padded = tf.pad(spread, [
      [0, 0],
      [Math.max(0, top), Math.max(0, bottom)],
      [Math.max(0, left), Math.max(0, right)],
      [0, 0]
    ]);
    if (top < 0 || left < 0) padded = tf.slice(padded, [0, Math.max(0, -top), Math.max(0, -left), 0]);
    const flipped = tf.reverse(filter, [0, 1]);
    const dilations: [number, number] = [info.dilationHeight, info.dilationWidth];
    let dx: Tensor4D | null = null;
    const perMultiplier = mult === 1 ? null : tf.reshape(padded, [...padded.shape.slice(0, 3), inC, mult] as [number, number, number, number, number]);
    for (let m = 0; m < mult; m++) {
      const source: Tensor4D = perMultiplier
        ? tf.reshape(tf.slice(perMultiplier, [0, 0, 0, 0, m], [-1, -1, -1, -1, 1]), [...padded.shape.slice(0, 3), inC] as [number, number, number, number])
        : padded;
      const kernel = mult === 1 ? flipped : (tf.slice(flipped, [0, 0, 0, m], [kH, kW, inC, 1]) as Tensor4D);
      const part = tf.depthwiseConv2d(source, kernel, 1, 'valid', 'NHWC', dilations);
      dx = dx ? tf.add(dx, part) : part;
    }
    return tf.slice(dx!, [0, 0, 0, 0], [-1, inH, inW, -1]);
  });
}
