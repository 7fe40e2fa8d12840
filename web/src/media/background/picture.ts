// A background picture made ready for the segmentation worker: loaded by an off-document image
// element on the main thread (a worker cannot decode SVG), drawn to cover the output size, and
// turned into an ImageBitmap to hand over. Done once per chosen picture, not per frame. It does
// not fetch from anywhere but the picture's own URL (a Vite asset of this client).

function loadImage(url: string): Promise<HTMLImageElement> {
  return new Promise((resolve, reject) => {
    const image = new Image();
    image.onload = () => resolve(image);
    image.onerror = () => reject(new Error(`background picture ${url}`));
    image.src = url;
  });
}

/** The picture at `url`, covering `width`×`height` (the overflow cropped). */
export async function pictureBitmap(url: string, width: number, height: number): Promise<ImageBitmap> {
  const image = await loadImage(url);
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext('2d');
  if (ctx === null) throw new Error('no 2d canvas');
  const scale = Math.max(width / Math.max(1, image.naturalWidth), height / Math.max(1, image.naturalHeight));
  const w = image.naturalWidth * scale;
  const h = image.naturalHeight * scale;
  ctx.drawImage(image, (width - w) / 2, (height - h) / 2, w, h);
  return createImageBitmap(canvas);
}
