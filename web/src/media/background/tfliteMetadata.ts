// Adds the input-normalisation metadata that MediaPipe Tasks' ImageSegmenter requires to a
// TensorFlow Lite model that has none (the selfie-segmentation model shipped in the npm package
// `@mediapipe/selfie_segmentation`). A small FlatBuffers writer prepends a new root `Model` table
// that reuses every part of the original file by offset (FlatBuffers offsets point forward, and
// the old bytes keep their alignment) and adds a `TFLITE_METADATA` buffer with a `ModelMetadata`
// (`M001`) holding one input tensor with NormalizationOptions and one output tensor. Pure bytes
// in, bytes out: no DOM, no network; it does not run the model.

/** A table field: a scalar, or an offset to another node. */
type Field =
  | { kind: 'u8'; value: number }
  | { kind: 'u32'; value: number }
  | { kind: 'ref'; node: Node };

type Node =
  | { kind: 'table'; fields: (Field | undefined)[] }
  | { kind: 'string'; value: string }
  | { kind: 'floats'; values: readonly number[] }
  | { kind: 'bytes'; values: Uint8Array; align: number }
  | { kind: 'refs'; items: Node[] }
  /** A position in the original file (shifted by the prefix length when written). */
  | { kind: 'external'; position: number };

const TFLITE_METADATA = 'TFLITE_METADATA';

/** Writes nodes front to back: a parent always before its children, so every offset is forward. */
class ForwardWriter {
  private bytes: number[] = [];
  /** Offsets into the original file, fixed once the prefix length is known. */
  private readonly externals: { at: number; position: number }[] = [];

  get length(): number {
    return this.bytes.length;
  }

  align(to: number): void {
    while (this.bytes.length % to !== 0) this.bytes.push(0);
  }

  u8(value: number): void {
    this.bytes.push(value & 0xff);
  }

  u16(value: number): void {
    this.bytes.push(value & 0xff, (value >>> 8) & 0xff);
  }

  u32(value: number, at = -1): void {
    const b = [value & 0xff, (value >>> 8) & 0xff, (value >>> 16) & 0xff, (value >>> 24) & 0xff];
    if (at < 0) this.bytes.push(...b);
    else b.forEach((x, i) => (this.bytes[at + i] = x));
  }

  /** Writes `node` and returns its position (where offsets to it must point). */
  write(node: Node): number {
    switch (node.kind) {
      case 'external':
        throw new Error('external nodes are referenced, not written');
      case 'string': {
        this.align(4);
        const encoded = new TextEncoder().encode(node.value);
        const at = this.length;
        this.u32(encoded.length);
        for (const b of encoded) this.u8(b);
        this.u8(0);
        return at;
      }
      case 'floats': {
        this.align(4);
        const at = this.length;
        this.u32(node.values.length);
        const view = new DataView(new ArrayBuffer(4));
        for (const v of node.values) {
          view.setFloat32(0, v, true);
          this.u32(view.getUint32(0, true));
        }
        return at;
      }
      case 'bytes': {
        // The length sits right before the (aligned) data.
        while ((this.length + 4) % node.align !== 0) this.u8(0);
        const at = this.length;
        this.u32(node.values.length);
        for (const b of node.values) this.u8(b);
        return at;
      }
      case 'refs': {
        this.align(4);
        const at = this.length;
        this.u32(node.items.length);
        const slots = node.items.map(() => {
          const slot = this.length;
          this.u32(0);
          return slot;
        });
        node.items.forEach((item, i) => this.link(slots[i] ?? 0, item));
        return at;
      }
      case 'table':
        return this.writeTable(node.fields);
    }
  }

  private writeTable(fields: (Field | undefined)[]): number {
    // Layout of the table: soffset to the vtable, then 4-byte slots for u32 and refs, then u8s.
    const layout: { index: number; field: Field; offset: number }[] = [];
    let size = 4;
    fields.forEach((field, index) => {
      if (field !== undefined && field.kind !== 'u8') {
        layout.push({ index, field, offset: size });
        size += 4;
      }
    });
    fields.forEach((field, index) => {
      if (field !== undefined && field.kind === 'u8') {
        layout.push({ index, field, offset: size });
        size += 1;
      }
    });
    while (size % 4 !== 0) size += 1;
    // The vtable first (u16s), then the table aligned to 4.
    this.align(2);
    const vtable = this.length;
    const vtableSize = 4 + 2 * fields.length;
    this.u16(vtableSize);
    this.u16(size);
    for (let i = 0; i < fields.length; i += 1) this.u16(layout.find((l) => l.index === i)?.offset ?? 0);
    this.align(4);
    const table = this.length;
    this.u32(table - vtable);
    for (let i = 4; i < size; i += 1) this.u8(0);
    const refs: { at: number; node: Node }[] = [];
    for (const { field, offset } of layout) {
      const at = table + offset;
      if (field.kind === 'u8') this.bytes[at] = field.value & 0xff;
      else if (field.kind === 'u32') this.u32(field.value, at);
      else refs.push({ at, node: field.node });
    }
    for (const { at, node } of refs) this.link(at, node);
    return table;
  }

  /** Writes `node` (or notes an external) and stores the offset to it at `at`. */
  private link(at: number, node: Node): void {
    if (node.kind === 'external') {
      this.externals.push({ at, position: node.position });
      return;
    }
    const position = this.write(node);
    this.u32(position - at, at);
  }

  /** The prefix, padded to `align`, with offsets into the original file (which follows it) fixed. */
  finish(align: number): Uint8Array {
    this.align(align);
    const prefix = this.length;
    for (const { at, position } of this.externals) this.u32(prefix + position - at, at);
    return Uint8Array.from(this.bytes);
  }
}

/** Reads the offsets of a FlatBuffers table's fields (absolute positions; scalars as values). */
class Reader {
  private readonly view: DataView;
  constructor(private readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  u32(at: number): number {
    return this.view.getUint32(at, true);
  }

  /** The position of field `index` of the table at `table`, or null when absent. */
  field(table: number, index: number): number | null {
    const vtable = table - this.view.getInt32(table, true);
    const vtableSize = this.view.getUint16(vtable, true);
    if (4 + 2 * index >= vtableSize) return null;
    const offset = this.view.getUint16(vtable + 4 + 2 * index, true);
    return offset === 0 ? null : table + offset;
  }

  /** Follows the offset stored at `at`. */
  deref(at: number): number {
    return at + this.u32(at);
  }

  /** The positions of the tables of the vector at `vector`. */
  tables(vector: number): number[] {
    const count = this.u32(vector);
    return Array.from({ length: count }, (_, i) => this.deref(vector + 4 + 4 * i));
  }

  string(at: number): string {
    const length = this.u32(at);
    return new TextDecoder().decode(this.bytes.subarray(at + 4, at + 4 + length));
  }
}

export interface Normalization {
  /** Per channel (or one for all): input = (pixel - mean) / std. */
  mean: readonly number[];
  std: readonly number[];
}

/** The names of the metadata entries of a TFLite model (for tests and checks). */
export function metadataNames(model: Uint8Array): string[] {
  const r = new Reader(model);
  const root = r.u32(0);
  const metadata = r.field(root, 6);
  if (metadata === null) return [];
  return r.tables(r.deref(metadata)).map((m) => {
    const name = r.field(m, 0);
    return name === null ? '' : r.string(r.deref(name));
  });
}

/** The bytes of the `ModelMetadata` of a model, or null. */
export function modelMetadata(model: Uint8Array): Uint8Array | null {
  const r = new Reader(model);
  const root = r.u32(0);
  const metadata = r.field(root, 6);
  const buffers = r.field(root, 4);
  if (metadata === null || buffers === null) return null;
  for (const m of r.tables(r.deref(metadata))) {
    const name = r.field(m, 0);
    const buffer = r.field(m, 1);
    if (name === null || buffer === null || r.string(r.deref(name)) !== TFLITE_METADATA) continue;
    const table = r.tables(r.deref(buffers))[r.u32(buffer)];
    if (table === undefined) return null;
    const data = r.field(table, 0);
    if (data === null) return null;
    const vector = r.deref(data);
    return model.subarray(vector + 4, vector + 4 + r.u32(vector));
  }
  return null;
}

function metadataBuffer(normalization: Normalization): Uint8Array {
  const w = new ForwardWriter();
  // Root offset and the file identifier of metadata_schema.fbs.
  w.u32(0);
  for (const c of 'M001') w.u8(c.charCodeAt(0));
  const processUnit: Node = {
    kind: 'table',
    // options_type = NormalizationOptions (1), options
    fields: [
      { kind: 'u8', value: 1 },
      { kind: 'ref', node: { kind: 'table', fields: [{ kind: 'ref', node: { kind: 'floats', values: normalization.mean } }, { kind: 'ref', node: { kind: 'floats', values: normalization.std } }] } },
    ],
  };
  const input: Node = {
    kind: 'table',
    // name, description, dimension_names, content, process_units
    fields: [{ kind: 'ref', node: { kind: 'string', value: 'image' } }, undefined, undefined, undefined, { kind: 'ref', node: { kind: 'refs', items: [processUnit] } }],
  };
  const output: Node = { kind: 'table', fields: [{ kind: 'ref', node: { kind: 'string', value: 'segmentation_mask' } }] };
  const subgraph: Node = {
    kind: 'table',
    // name, description, input_tensor_metadata, output_tensor_metadata
    fields: [undefined, undefined, { kind: 'ref', node: { kind: 'refs', items: [input] } }, { kind: 'ref', node: { kind: 'refs', items: [output] } }],
  };
  const root: Node = {
    kind: 'table',
    // name, description, version, subgraph_metadata
    fields: [{ kind: 'ref', node: { kind: 'string', value: 'selfie_segmentation' } }, undefined, undefined, { kind: 'ref', node: { kind: 'refs', items: [subgraph] } }],
  };
  const position = w.write(root);
  w.u32(position, 0);
  return w.finish(4);
}

/**
 * Returns a copy of `model` whose metadata declares the input normalisation. A model that
 * already has `TFLITE_METADATA` is returned unchanged.
 */
export function withInputNormalization(model: Uint8Array, normalization: Normalization): Uint8Array {
  if (metadataNames(model).includes(TFLITE_METADATA)) return model;
  const r = new Reader(model);
  const root = r.u32(0);
  const at = (index: number): Node | undefined => {
    const field = r.field(root, index);
    return field === null ? undefined : { kind: 'external', position: r.deref(field) };
  };
  const versionField = r.field(root, 0);
  const buffersField = r.field(root, 4);
  const oldBuffers = buffersField === null ? [] : r.tables(r.deref(buffersField));
  const metadataField = r.field(root, 6);
  const oldMetadata = metadataField === null ? [] : r.tables(r.deref(metadataField));
  const newBuffer: Node = { kind: 'table', fields: [{ kind: 'ref', node: { kind: 'bytes', values: metadataBuffer(normalization), align: 16 } }] };
  const entry: Node = {
    kind: 'table',
    fields: [{ kind: 'ref', node: { kind: 'string', value: TFLITE_METADATA } }, { kind: 'u32', value: oldBuffers.length }],
  };
  const ref = (node: Node | undefined): Field | undefined => (node === undefined ? undefined : { kind: 'ref', node });
  const fields: (Field | undefined)[] = [
    versionField === null ? undefined : { kind: 'u32', value: r.u32(versionField) },
    ref(at(1)),
    ref(at(2)),
    ref(at(3)),
    ref({ kind: 'refs', items: [...oldBuffers.map((position): Node => ({ kind: 'external', position })), newBuffer] }),
    ref(at(5)),
    ref({ kind: 'refs', items: [...oldMetadata.map((position): Node => ({ kind: 'external', position })), entry] }),
    ref(at(7)),
  ];
  const w = new ForwardWriter();
  w.u32(0);
  for (const c of 'TFL3') w.u8(c.charCodeAt(0));
  const position = w.write({ kind: 'table', fields });
  w.u32(position, 0);
  // A multiple of 64 keeps every alignment inside the original bytes.
  const prefix = w.finish(64);
  const out = new Uint8Array(prefix.length + model.length);
  out.set(prefix, 0);
  out.set(model, prefix.length);
  return out;
}
