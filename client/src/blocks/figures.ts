import { type Factor, factorFor, type NormSet } from '@gebiedsbord/barcode'
import { type Block, ringArea } from '@gebiedsbord/model'
import { formatInt, formatM2, type Lang } from '../i18n/format.ts'

/** Footprint of a block in m². */
export const footprintM2 = (block: Pick<Block, 'shape'>): number => ringArea(block.shape)

/** Gross floor area (BVO) in m²: footprint × floors. */
export const floorAreaM2 = (block: Pick<Block, 'shape' | 'floors'>): number =>
  footprintM2(block) * block.floors

/** Short units of the key figures, per language: `wo` is the planners' abbreviation of woningen. */
const UNITS: Record<Lang, { dwellings: string; places: string }> = {
  nl: { dwellings: 'wo', places: 'pp' },
  en: { dwellings: 'dw', places: 'pl' },
}

/**
 * The one figure a block shows on the map: dwellings for housing, places for parking, floor area
 * for buildings (amenities, work) and ground area for green and water.
 */
export function keyFigure(block: Block, lang: Lang): string {
  switch (block.kind) {
    case 'housing':
      return `${formatInt(block.dwellings, lang)} ${UNITS[lang].dwellings}`
    case 'parking':
      return `${formatInt(block.places, lang)} ${UNITS[lang].places}`
    case 'amenity':
    case 'work':
      return formatM2(floorAreaM2(block), lang)
    case 'green':
    case 'water':
      return formatM2(footprintM2(block), lang)
  }
}

/** Figures derived from a block's properties, as the norm engine counts them. */
export interface DerivedFigures {
  readonly footprintM2: number
  readonly floorAreaM2: number
  /** Residents, pupils and childcare places a housing block brings; 0 otherwise. */
  readonly residents: number
  readonly pupils: number
  readonly childcarePlaces: number
}

const factor = (f: Factor, areaType: string): number => factorFor(f, areaType)

/** Derives a block's figures with the population factors of the norm set and area type it lies in. */
export function deriveFigures(block: Block, set: NormSet, areaType: string): DerivedFigures {
  const dwellings = block.kind === 'housing' ? block.dwellings : 0
  const p = set.population
  return {
    footprintM2: footprintM2(block),
    floorAreaM2: floorAreaM2(block),
    residents: dwellings * factor(p.personsPerDwelling, areaType),
    pupils: dwellings * factor(p.pupilsPerDwelling, areaType),
    childcarePlaces: dwellings * factor(p.childcarePlacesPerDwelling, areaType),
  }
}
