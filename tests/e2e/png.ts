import { PNG } from 'pngjs'

/*
 * PNG for the browser suites, through pngjs: a solid-colour image to serve as map tiles or to
 * upload, and the pixels of a screenshot to check what was drawn.
 */

/** A PNG of one colour. */
export function solidPng(
  width: number,
  height: number,
  [r, g, b]: readonly [number, number, number],
): Buffer {
  const png = new PNG({ width, height })
  for (let i = 0; i < png.data.length; i += 4) png.data.set([r, g, b, 255], i)
  return PNG.sync.write(png)
}

/** Decoded pixels: `pixel(x, y)` is [r, g, b]. */
export interface Pixels {
  readonly width: number
  readonly height: number
  pixel(x: number, y: number): [number, number, number]
}

/** Reads a PNG (a screenshot). */
export function readPng(bytes: Buffer): Pixels {
  const png = PNG.sync.read(bytes)
  return {
    width: png.width,
    height: png.height,
    pixel: (x, y) => {
      const i = (y * png.width + x) * 4
      return [png.data[i] as number, png.data[i + 1] as number, png.data[i + 2] as number]
    },
  }
}
