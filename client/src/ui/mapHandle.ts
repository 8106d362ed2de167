import type { MapController } from '../canvas/controller.ts'

/**
 * The map of the open board, for keyboard commands that act on the gesture in progress
 * (Escape cancels a drawing, Enter finishes it). One board is open at a time.
 */
let current: MapController | null = null

/** Registers the open board's map (null when it closes). */
export const setMapController = (c: MapController | null): void => {
  current = c
}

/** The open board's map, if any. */
export const mapController = (): MapController | null => current
