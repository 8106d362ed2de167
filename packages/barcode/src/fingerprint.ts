import type { Area, AreaId, Block, Plan, SignOff } from '@gebiedsbord/model'
import { blockShares, indexAreas } from './overlap.ts'

/** Whether a sign-off still holds: the area is as it was in the version agreed to. */
export type SignOffState = 'current' | 'outdated'

/** A sign-off with whether it still holds. */
export type SignOffWithState = SignOff & { readonly state: SignOffState }

// Shares are compared at this precision, so that a fingerprint does not depend on the last bits
// of a floating-point overlap that two engines may compute in a different order.
const SHARE_DECIMALS = 6

/**
 * What an area is, for agreeing to it: everything the barcode of the area depends on. The name and
 * block labels are left out (renaming is not a change of plan); the norm set is the one the area
 * is evaluated by, so a change of the board's norm set changes an area that names none.
 */
function areaContent(area: Area, plan: Plan, blocks: readonly [Block, number][]): unknown {
  return {
    areaType: area.areaType ?? null,
    normSetId: area.normSetId ?? plan.board.normSetId ?? null,
    catchment: area.catchment ?? null,
    polygon: area.polygon,
    blocks: blocks.map(([b, share]) => {
      const { label: _label, ...rest } = b
      return [canonical(rest), Number(share.toFixed(SHARE_DECIMALS))]
    }),
  }
}

/** A record with its keys sorted, so that two equal records serialise alike. */
function canonical(record: object): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const k of Object.keys(record).sort()) out[k] = (record as Record<string, unknown>)[k]
  return out
}

/**
 * A 64-bit FNV-1a hash of a string as 16 hex digits. Not cryptographic: it only tells whether an
 * area changed, on data everyone with the link may edit anyway.
 */
export function hash64(text: string): string {
  let h = 0xcbf29ce484222325n
  const prime = 0x100000001b3n
  const mask = 0xffffffffffffffffn
  for (let i = 0; i < text.length; i++) {
    h ^= BigInt(text.charCodeAt(i))
    h = (h * prime) & mask
  }
  return h.toString(16).padStart(16, '0')
}

/**
 * The content fingerprint of every area of a plan: equal exactly when the area's outline,
 * type, norm set, catchment and the blocks in it (with their share in it) are equal.
 */
export function areaFingerprints(plan: Plan): Map<AreaId, string> {
  const areas = indexAreas(plan)
  const inArea = new Map<AreaId, [Block, number][]>(plan.areas.map((a) => [a.id, []]))
  const blocks = [...plan.blocks].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
  for (const block of blocks)
    for (const { area, share } of blockShares(block, areas)) inArea.get(area)?.push([block, share])
  const out = new Map<AreaId, string>()
  for (const area of plan.areas)
    out.set(area.id, hash64(JSON.stringify(areaContent(area, plan, inArea.get(area.id) ?? []))))
  return out
}

/**
 * Each sign-off with whether it still holds: outdated when its area changed since the version
 * agreed to, or no longer exists.
 */
export function signOffStates(
  signOffs: readonly SignOff[],
  fingerprints: ReadonlyMap<AreaId, string>,
): SignOffWithState[] {
  return signOffs.map((s) => ({
    ...s,
    state: fingerprints.get(s.area) === s.fingerprint ? 'current' : 'outdated',
  }))
}
