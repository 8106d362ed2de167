import type { Access } from './boards.ts'
import { call, callBytes } from './boards.ts'

/**
 * The server's record of a board's sessions (see the timeline contract in the server's API): who
 * joined and left, who changed a norm set, and the plan as it was stored at checkpoints, to
 * compare two moments.
 */

/** Someone joining or leaving the board. */
export interface PresenceEvent {
  /** Milliseconds since 1970, the server's clock. */
  readonly at: number
  readonly kind: 'joined' | 'left'
  readonly name: string
  readonly access: Access
}

/**
 * Someone (by the name they gave; empty when none) changed the board's norm set, or an area's own
 * when `area` is given. An absent `from` or `to` is the default: for the board the shipped default
 * set, for an area the board's set.
 */
export interface NormSetEvent {
  readonly at: number
  readonly kind: 'norm-set'
  readonly name: string
  readonly access: Access
  readonly from?: string
  readonly to?: string
  readonly area?: string
  readonly areaName?: string
}

/** An entry of the session timeline. */
export type TimelineEvent = PresenceEvent | NormSetEvent

/** A stored state of the plan. */
export interface Checkpoint {
  readonly at: number
}

/** Events and checkpoints in a time window, oldest first. */
export interface Timeline {
  readonly events: readonly TimelineEvent[]
  readonly checkpoints: readonly Checkpoint[]
}

/** The error code the server gives when it stored no plan at or before the asked time. */
export const NO_CHECKPOINT = 'no_checkpoint'

const boardUrl = (id: string, path: string, params: Record<string, string>): string =>
  `/api/boards/${encodeURIComponent(id)}/${path}?${new URLSearchParams(params)}`

const optionalText = (v: unknown): boolean => v === undefined || typeof v === 'string'

const isEvent = (v: unknown): v is TimelineEvent => {
  const e = v as Partial<PresenceEvent> | Partial<NormSetEvent> | null
  if (typeof e?.at !== 'number' || typeof e.name !== 'string') return false
  if (e.access !== 'edit' && e.access !== 'view') return false
  if (e.kind === 'joined' || e.kind === 'left') return true
  return (
    e.kind === 'norm-set' &&
    optionalText(e.from) &&
    optionalText(e.to) &&
    optionalText(e.area) &&
    optionalText(e.areaName)
  )
}

/** Who joined and left, and which plan states were stored, between `from` and `to` (ms). */
export async function getTimeline(id: string, token: string, from: number, to: number): Promise<Timeline> {
  const body = await call<Partial<Timeline> | undefined>(
    boardUrl(id, 'timeline', { token, from: String(Math.floor(from)), to: String(Math.ceil(to)) }),
  )
  // The answer is shown as it is: anything malformed is left out rather than rendered.
  const events = Array.isArray(body?.events) ? body.events.filter(isEvent) : []
  const checkpoints = Array.isArray(body?.checkpoints)
    ? body.checkpoints.filter((c): c is Checkpoint => typeof c?.at === 'number')
    : []
  return { events, checkpoints }
}

/**
 * The plan doc as a Yjs update, as stored at the latest checkpoint at or before `at` (the current
 * state without `at`), or null when the server has no checkpoint that early.
 */
export function getPlanState(id: string, token: string, at?: number): Promise<Uint8Array | null> {
  const params: Record<string, string> = { token }
  if (at !== undefined) params.at = String(Math.floor(at))
  return callBytes(boardUrl(id, 'state', params), NO_CHECKPOINT)
}
