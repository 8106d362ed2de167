import type { Logger } from '../logger.ts'
import { ControlCode, controlPayload, type Fanout, type FanoutMessage } from './fanout.ts'
import type { Room } from './room.ts'

/**
 * How long loading a board waits for its subscription before it reads storage anyway. A healthy
 * Redis answers in about a millisecond; a slower answer is followed by a catch-up (see `open`).
 */
const SUBSCRIBE_WAIT_MS = 1_000

/** Messages kept for a doc while it loads; past this they are dropped and the room catches up instead. */
const MAX_MESSAGES_WHILE_LOADING = 1_000

/** Messages that arrived for a doc while it was being read from storage. */
interface Loading {
  readonly messages: FanoutMessage[]
  overflowed: boolean
}

/**
 * Connects the loaded rooms to the other server instances: subscribes a doc's channel before the
 * doc is read from storage and unsubscribes it once the room is unloaded, hands each message to
 * its room, and has every room catch up from storage after the transport recovered.
 *
 * Subscribing first leaves no gap: an update another instance stores after this instance read
 * the doc is published after the subscription began, so it arrives; one stored before is in what
 * was read. Messages arriving during the read are kept and applied after it (Yjs updates are
 * idempotent, so one that is also in the read state is harmless).
 */
export class RemoteRooms {
  readonly #routes = new Map<string, Room | Loading>()

  constructor(
    private readonly fanout: Fanout,
    private readonly logger: Logger,
    rooms: () => Promise<Room[]>,
  ) {
    fanout.onRecovered(() => void this.#recover(rooms))
  }

  /**
   * Subscribes to a doc that is about to be read from storage. Resolves (within
   * `SUBSCRIBE_WAIT_MS`) with the function to call with its room once built, or with `undefined`
   * as argument when loading failed.
   */
  async open(key: string): Promise<(room: Room | undefined) => void> {
    const loading: Loading = { messages: [], overflowed: false }
    this.#routes.set(key, loading)
    const subscribed = this.fanout.subscribe(key, (message) => this.#deliver(key, message))
    let timer: ReturnType<typeof setTimeout> | undefined
    const late = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), SUBSCRIBE_WAIT_MS)
    })
    const outcome = await Promise.race([subscribed, late])
    clearTimeout(timer)
    return (room) => {
      if (!room) {
        if (this.#routes.get(key) === loading) void this.close(key)
        return
      }
      if (this.#routes.get(key) !== loading) return
      this.#routes.set(key, room)
      for (const message of loading.messages) room.receiveRemote(message)
      if (loading.overflowed) room.catchUp('subscribed_late')
      // Subscribed only after the doc was read: what was published in between is read again.
      if (outcome === 'late')
        void subscribed.then((ok) => {
          if (ok && this.#routes.get(key) === room) room.catchUp('subscribed_late')
        })
    }
  }

  /** Stops routing a doc's messages (its room is unloading) and unsubscribes its channel. */
  close(key: string): Promise<void> {
    this.#routes.delete(key)
    return this.fanout.unsubscribe(key)
  }

  #deliver(key: string, message: FanoutMessage): void {
    const route = this.#routes.get(key)
    if (!route) return
    if ('receiveRemote' in route) {
      route.receiveRemote(message)
      return
    }
    if (route.messages.length < MAX_MESSAGES_WHILE_LOADING) route.messages.push(message)
    else route.overflowed = true
  }

  /**
   * The transport is back: what was published meanwhile, by anyone, may be lost. Every loaded
   * room reads its doc back from storage, and asks the other instances to do the same for theirs
   * (they may not have lost their connection, but they missed this instance's messages).
   */
  async #recover(rooms: () => Promise<Room[]>): Promise<void> {
    const loaded = await rooms()
    if (loaded.length > 0)
      this.logger.info('catching up loaded boards after fan-out recovered', { boards: loaded.length })
    for (const room of loaded) {
      room.catchUp('recovered')
      this.fanout.publish(room.id, 'control', controlPayload(ControlCode.resync))
    }
  }
}
