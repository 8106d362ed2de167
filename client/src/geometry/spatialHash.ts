import type { BBox } from '@gebiedsbord/model'

/**
 * A uniform grid of buckets over world metres, for finding blocks near a point or a box in
 * constant time. Unlike a packed R-tree it updates in place, which matters because a block moves
 * on every frame of a drag.
 */
export class SpatialHash<K> {
  readonly #cell: number
  readonly #buckets = new Map<string, Set<K>>()
  readonly #boxes = new Map<K, BBox>()

  /** `cellSize` in metres: about the size of a typical item keeps buckets short. */
  constructor(cellSize = 64) {
    this.#cell = cellSize
  }

  get size(): number {
    return this.#boxes.size
  }

  /** Inserts or moves an item. */
  set(key: K, box: BBox): void {
    const old = this.#boxes.get(key)
    if (old) {
      if (this.#sameCells(old, box)) {
        this.#boxes.set(key, box)
        return
      }
      this.delete(key)
    }
    this.#boxes.set(key, box)
    this.#eachCell(box, (cellKey) => {
      let bucket = this.#buckets.get(cellKey)
      if (!bucket) {
        bucket = new Set()
        this.#buckets.set(cellKey, bucket)
      }
      bucket.add(key)
    })
  }

  delete(key: K): void {
    const box = this.#boxes.get(key)
    if (!box) return
    this.#boxes.delete(key)
    this.#eachCell(box, (cellKey) => {
      const bucket = this.#buckets.get(cellKey)
      bucket?.delete(key)
      if (bucket?.size === 0) this.#buckets.delete(cellKey)
    })
  }

  /** The stored box of an item. */
  box(key: K): BBox | undefined {
    return this.#boxes.get(key)
  }

  /** Items whose boxes meet `box`, each once. */
  search(box: BBox): K[] {
    const out: K[] = []
    const cells = this.#cellCount(box)
    // A box spanning more cells than there are items is cheaper to answer by a scan.
    if (cells > this.#boxes.size) {
      for (const [k, b] of this.#boxes) if (meets(b, box)) out.push(k)
      return out
    }
    const seen = new Set<K>()
    this.#eachCell(box, (cellKey) => {
      const bucket = this.#buckets.get(cellKey)
      if (!bucket) return
      for (const k of bucket) {
        if (seen.has(k)) continue
        seen.add(k)
        if (meets(this.#boxes.get(k) as BBox, box)) out.push(k)
      }
    })
    return out
  }

  clear(): void {
    this.#buckets.clear()
    this.#boxes.clear()
  }

  #range(box: BBox): [number, number, number, number] {
    const c = this.#cell
    return [
      Math.floor(box.minX / c),
      Math.floor(box.minY / c),
      Math.floor(box.maxX / c),
      Math.floor(box.maxY / c),
    ]
  }

  #cellCount(box: BBox): number {
    const [x0, y0, x1, y1] = this.#range(box)
    return (x1 - x0 + 1) * (y1 - y0 + 1)
  }

  #sameCells(a: BBox, b: BBox): boolean {
    const ra = this.#range(a)
    const rb = this.#range(b)
    return ra[0] === rb[0] && ra[1] === rb[1] && ra[2] === rb[2] && ra[3] === rb[3]
  }

  #eachCell(box: BBox, fn: (cellKey: string) => void): void {
    const [x0, y0, x1, y1] = this.#range(box)
    for (let i = x0; i <= x1; i++) for (let j = y0; j <= y1; j++) fn(`${i},${j}`)
  }
}

const meets = (a: BBox, b: BBox): boolean =>
  a.minX <= b.maxX && b.minX <= a.maxX && a.minY <= b.maxY && b.minY <= a.maxY
