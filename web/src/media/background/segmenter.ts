// The person's soft mask for a camera frame, inside the segmentation worker: MediaPipe Tasks'
// ImageSegmenter (WebAssembly, CPU/XNNPACK) with the selfie-segmentation model shipped in the
// npm package `@mediapipe/selfie_segmentation` (its metadata completed by tfliteMetadata.ts).
// The runtime is MediaPipe's ES-module build (a module worker cannot `importScripts`, so
// MediaPipe `import()`s it); runtime, wasm and model are Vite assets of this client, fetched from
// our own server only. It does not draw: compositor.ts puts the mask to use.
import modelUrl from '@mediapipe/selfie_segmentation/selfie_segmentation_landscape.tflite?url';
import wasmLoaderUrl from '@mediapipe/tasks-vision/vision_wasm_module_internal.js?url';
import wasmBinaryUrl from '@mediapipe/tasks-vision/vision_wasm_module_internal.wasm?url';
import { ImageSegmenter } from '@mediapipe/tasks-vision';
import { withInputNormalization } from './tfliteMetadata';

/** The landscape model's input size. */
export const MASK_WIDTH = 256;
export const MASK_HEIGHT = 144;

export class Segmenter {
  private lastTimestamp = 0;

  private constructor(private readonly model: ImageSegmenter) {}

  /** Loads the runtime and the model (from our own server). */
  static async load(): Promise<Segmenter> {
    const response = await fetch(modelUrl);
    if (!response.ok) throw new Error(`model: ${response.status}`);
    const model = new Uint8Array(await response.arrayBuffer());
    const segmenter = await ImageSegmenter.createFromOptions(
      { wasmLoaderPath: wasmLoaderUrl, wasmBinaryPath: wasmBinaryUrl },
      {
        // The model expects RGB in 0…1.
        baseOptions: { modelAssetBuffer: withInputNormalization(model, { mean: [0], std: [255] }), delegate: 'CPU' },
        runningMode: 'VIDEO',
        outputConfidenceMasks: true,
        outputCategoryMask: false,
      },
    );
    return new Segmenter(segmenter);
  }

  /**
   * Segments `input` (MASK_WIDTH×MASK_HEIGHT) taken at `timestamp` (ms) and writes the person's
   * confidence (0…255) into the alpha bytes of `into`. Returns false when there was no mask (the
   * previous one stays).
   */
  segment(input: OffscreenCanvas, timestamp: number, into: ImageData): boolean {
    // MediaPipe wants strictly increasing timestamps.
    const at = Math.max(this.lastTimestamp + 1, timestamp);
    this.lastTimestamp = at;
    let written = false;
    this.model.segmentForVideo(input, at, (result) => {
      const confidence = result.confidenceMasks?.[0];
      if (confidence === undefined) return;
      const values = confidence.getAsFloat32Array();
      const data = into.data;
      const count = Math.min(values.length, data.length / 4);
      for (let i = 0; i < count; i += 1) data[i * 4 + 3] = Math.round((values[i] ?? 0) * 255);
      written = true;
    });
    return written;
  }

  close(): void {
    this.model.close();
  }
}
