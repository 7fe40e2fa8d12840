// Unit tests of the metadata writer: the shipped selfie-segmentation model gets one
// TFLITE_METADATA entry holding an M001 ModelMetadata; the original bytes follow unchanged and
// aligned; a model that has metadata is left alone.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { metadataNames, modelMetadata, withInputNormalization } from './tfliteMetadata';

const require = createRequire(import.meta.url);
const model = new Uint8Array(readFileSync(require.resolve('@mediapipe/selfie_segmentation/selfie_segmentation_landscape.tflite')));

describe('withInputNormalization', () => {
  it('adds TFLITE_METADATA in front of the untouched model', () => {
    expect(metadataNames(model)).toEqual([]);
    const patched = withInputNormalization(model, { mean: [0], std: [255] });
    expect(new TextDecoder().decode(patched.subarray(4, 8))).toBe('TFL3');
    expect(metadataNames(patched)).toEqual(['TFLITE_METADATA']);
    const prefix = patched.length - model.length;
    expect(prefix % 64).toBe(0);
    expect(Buffer.from(patched.subarray(prefix)).equals(Buffer.from(model))).toBe(true);
    const metadata = modelMetadata(patched);
    expect(metadata).not.toBeNull();
    expect(new TextDecoder().decode(metadata?.subarray(4, 8))).toBe('M001');
    // The normalisation values are in there as float32.
    const floats = new Float32Array(metadata?.slice().buffer ?? new ArrayBuffer(0), 0, Math.floor((metadata?.length ?? 0) / 4));
    expect([...floats]).toContain(255);
  });

  it('leaves a model with metadata as it is', () => {
    const patched = withInputNormalization(model, { mean: [0], std: [255] });
    expect(withInputNormalization(patched, { mean: [0], std: [255] })).toBe(patched);
  });
});
