/**
 * Raised when a GeoJSON input cannot be read at all (not an object, not a FeatureCollection, an
 * unknown crs, coordinates that fit no supported crs). Problems with single features are not
 * errors: they are reported per feature and the rest of the file is still imported.
 * The CLI maps this error to exit code 2.
 */
export class GeoJsonReadError extends Error {
  override name = 'GeoJsonReadError'
}

/** Raised when a plan cannot be written as GeoJSON, e.g. a board in a local frame has no place on earth. */
export class GeoJsonWriteError extends Error {
  override name = 'GeoJsonWriteError'
}
