import Konva from 'konva'

/**
 * A Konva shape drawn in screen pixels: it resets the stage's transform, keeping the device pixel
 * ratio, which `draw` is given for what it draws at full resolution itself.
 */
export function screenShape(draw: (c: CanvasRenderingContext2D, pixelRatio: number) => void): Konva.Shape {
  return new Konva.Shape({
    listening: false,
    sceneFunc: (ctx) => {
      const c = ctx._context
      const pr = ctx.getCanvas().getPixelRatio()
      c.save()
      c.setTransform(pr, 0, 0, pr, 0, 0)
      draw(c, pr)
      c.restore()
    },
  })
}
