import type { Access } from '../api/boards.ts'

/** A board this device opened, remembered for the start page. */
export interface RecentBoard {
  readonly id: string
  readonly name: string
  /** The token of the link that was opened: whoever has this device may open it again. */
  readonly token: string
  readonly access: Access
  /** Milliseconds since the epoch. */
  readonly openedAt: number
  /** The other link, when this device created the board and so knows both. */
  readonly viewToken?: string
}

const KEY = 'gebiedsbord.recent'
/** Enough for a programme manager's boards without the list becoming a haystack. */
const MAX = 30

const isRecent = (v: unknown): v is RecentBoard => {
  const r = v as Partial<RecentBoard>
  return (
    typeof r?.id === 'string' &&
    typeof r.name === 'string' &&
    typeof r.token === 'string' &&
    (r.access === 'edit' || r.access === 'view') &&
    typeof r.openedAt === 'number'
  )
}

/** Recently opened boards, most recent first. */
export function loadRecent(storage: Storage | undefined = globalThis.localStorage): RecentBoard[] {
  try {
    const raw = JSON.parse(storage?.getItem(KEY) ?? '[]') as unknown
    return Array.isArray(raw) ? raw.filter(isRecent).sort((a, b) => b.openedAt - a.openedAt) : []
  } catch {
    return []
  }
}

/**
 * Remembers a board as just opened. An edit link is never replaced by a view link of the same
 * board: opening the view link to check what the council sees must not lose one's edit access.
 */
export function rememberBoard(
  entry: RecentBoard,
  storage: Storage | undefined = globalThis.localStorage,
): RecentBoard[] {
  const list = loadRecent(storage)
  const old = list.find((r) => r.id === entry.id)
  const keep = old && old.access === 'edit' && entry.access === 'view' ? old : entry
  const merged: RecentBoard = {
    ...keep,
    name: entry.name || old?.name || '',
    openedAt: entry.openedAt,
    ...((entry.viewToken ?? old?.viewToken) ? { viewToken: entry.viewToken ?? old?.viewToken } : {}),
  }
  const next = [merged, ...list.filter((r) => r.id !== entry.id)].slice(0, MAX)
  write(next, storage)
  return next
}

/** Removes a board from the list (not from the server). */
export function forgetBoard(
  id: string,
  storage: Storage | undefined = globalThis.localStorage,
): RecentBoard[] {
  const next = loadRecent(storage).filter((r) => r.id !== id)
  write(next, storage)
  return next
}

function write(list: RecentBoard[], storage: Storage | undefined): void {
  try {
    storage?.setItem(KEY, JSON.stringify(list))
  } catch {
    // Private mode or a full quota: the list simply is not remembered.
  }
}
