/** Who this user is to the others on a board: a name asked once and a colour, both remembered on this device. */
export interface Identity {
  readonly name: string
  readonly colour: string
}

const KEY = 'gebiedsbord.identity'

/** Colours that read on the map and on white, distinct from the status colours. */
export const PRESENCE_COLOURS = [
  '#1d4ed8',
  '#b45309',
  '#0f766e',
  '#be185d',
  '#6d28d9',
  '#15803d',
  '#c2410c',
  '#0369a1',
] as const

/** The stored identity, or null when this device has not been asked yet. */
export function loadIdentity(storage: Storage | undefined = globalThis.localStorage): Identity | null {
  try {
    const raw = storage?.getItem(KEY)
    if (!raw) return null
    const v = JSON.parse(raw) as Partial<Identity>
    if (typeof v.name !== 'string' || v.name.trim() === '') return null
    const colour = typeof v.colour === 'string' && /^#[0-9a-f]{6}$/i.test(v.colour) ? v.colour : pickColour()
    return { name: v.name.trim().slice(0, 40), colour }
  } catch {
    return null
  }
}

/** Stores the name (trimmed, at most 40 characters) and keeps or picks a colour. */
export function saveIdentity(name: string, storage: Storage | undefined = globalThis.localStorage): Identity {
  const colour = loadIdentity(storage)?.colour ?? pickColour()
  const id = { name: name.trim().slice(0, 40), colour }
  try {
    storage?.setItem(KEY, JSON.stringify(id))
  } catch {
    // Private mode or a full quota: the name then lasts for this visit only.
  }
  return id
}

function pickColour(): string {
  return PRESENCE_COLOURS[Math.floor(Math.random() * PRESENCE_COLOURS.length)] as string
}
