/**
 * The plans the end-to-end suites start from, as GeoJSON in RD New near Utrecht, built from
 * rectangles: areas of 200 × 200 m and blocks of 40 × 20 m.
 */

/** A point near Utrecht in RD New (EPSG:28992), where the suites draw. */
export const X = 136_000
export const Y = 455_000

/** The closed GeoJSON polygon of an axis-aligned rectangle. */
export const square = (x: number, y: number, w: number, h: number) => [
  [
    [x, y],
    [x + w, y],
    [x + w, y + h],
    [x, y + h],
    [x, y],
  ],
]

/** An area feature of 200 × 200 m with its lower left corner at (x, y). */
export const area = (id: string, name: string, x: number, y: number) => ({
  type: 'Feature',
  properties: { type: 'area', id, name, areaType: 'stedelijk' },
  geometry: { type: 'Polygon', coordinates: square(x, y, 200, 200) },
})

/** A block feature of 40 × 20 m and 4 floors centred on (cx, cy). */
export const block = (id: string, props: Record<string, unknown>, cx: number, cy: number) => ({
  type: 'Feature',
  properties: { type: 'block', id, floors: 4, ...props },
  geometry: { type: 'Polygon', coordinates: square(cx - 20, cy - 10, 40, 20) },
})

/** A FeatureCollection in RD New, as `POST /api/boards` takes it. */
export const rdPlan = (features: readonly object[]) => ({
  type: 'FeatureCollection',
  crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::28992' } },
  features,
})
