import type { Access } from './boards.ts'
import { ApiError, call } from './boards.ts'

/**
 * The server's record of a board's sessions (see the timeline contract in the server's API): who
 * joined and left, and the plan as it was stored at checkpoints, to compare two moments.
 */

/** Someone joining or leaving the board. */
export interface TimelineEvent {
  /** Milliseconds since 1970, the server's clock. */
  readonly at: number
  readonly kind: 'joined' | 'left'
  readonly name: string
  readonly access: Access
}

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

const isEvent = (v: unknown): v is TimelineEvent => {
  const e = v as Partial<TimelineEvent> | null
  return (
    typeof e?.at === 'number' &&
    (e.kind === 'joined' || e.kind === 'left') &&
    typeof e.name === 'string' &&
    (e.access === 'edit' || e.access === 'view')
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
export async function getPlanState(id: string, token: string, at?: number): Promise<Uint8Array | null> {
  const params: Record<string, string> = { token }
  if (at !== undefined) params.at = String(Math.floor(at))
  let res: Response
  try {
    res = await fetch(boardUrl(id, 'state', params), { referrerPolicy: 'no-referrer' })
  } catch (err) {
    throw new ApiError(0, 'network', err instanceof Error ? err.message : String(err))
  }
  if (res.ok) return new Uint8Array(await res.arrayBuffer())
  let error: { code?: string; message?: string } | undefined
  try {
    error = ((await res.json()) as { error?: typeof error }).error
  } catch {
    error = undefined
  }
  if (res.status === 404 && error?.code === NO_CHECKPOINT) return null
  throw new ApiError(
    res.status,
    error?.code ?? 'http_error',
    error?.message ?? `${res.status} ${res.statusText}`,
  )
}
