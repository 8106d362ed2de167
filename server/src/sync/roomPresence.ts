import type { Metrics } from '../metrics.ts'
import type { Connection } from './connection.ts'
import type { Fanout } from './fanout.ts'
import type { InboundMessage } from './messages.ts'
import { Presence, type PresenceExpiry } from './presence.ts'
import { awarenessMessage, CloseCode } from './protocol.ts'
import type { SessionLog } from './sessionLog.ts'

/** An awareness message of a joined connection, as `parseMessage` hands it on. */
export type AwarenessMessage = Extract<InboundMessage, { kind: 'awareness' }>

/** What a room lends its presence side (closures over its own state, as for `RoomRemote`). */
export interface RoomPresenceParts {
  readonly key: string
  readonly metrics: Metrics
  /** The server's one timer for outdated awareness states. */
  readonly expiry: PresenceExpiry
  /** The other server instances on the same storage (REDIS_URL), when there are any. */
  readonly fanout?: Pick<Fanout, 'publish'> | undefined
  /** The plan's session timeline, which lists participants by the name their presence gives. */
  readonly session: SessionLog | undefined
  connections(): ReadonlySet<Connection>
}

/**
 * One room's presence side: takes its connections' awareness messages, relays changes to every
 * connection here and to the other instances, sends all presence to a joining connection, and
 * removes what a leaving connection set. The `Presence` is made with the first awareness message
 * (local or remote): a board nobody announces presence on costs no awareness at all.
 */
export class RoomPresence {
  #presence: Presence | undefined

  constructor(private readonly room: RoomPresenceParts) {}

  /** Whether anyone has announced presence on this board (the awareness is made on first use). */
  get made(): boolean {
    return this.#presence !== undefined
  }

  /** The board's presence, made on first use (a local or a remote awareness message). */
  states(): Presence {
    this.#presence ??= new Presence(
      (clients) => this.#presence && this.#relay(this.#presence.encode(clients)),
      this.room.expiry,
    )
    return this.#presence
  }

  /**
   * Applies a connection's awareness message. A change to a state another connection speaks for
   * is refused (a new state closes the sender); the connection's own changes are relayed through
   * its throttle (`Connection.queueAwareness`, then `broadcast`).
   */
  receive(conn: Connection, message: AwarenessMessage): void {
    if (conn.closed) return
    const presence = this.states()
    const foreign = presence.foreignChange(conn, message.entries)
    if (foreign !== 'none') {
      this.room.metrics.updatesRejected.inc({ reason: 'foreign_awareness' })
      if (foreign === 'set')
        conn.fail(CloseCode.Forbidden, 'presence of another participant cannot be changed')
      return
    }
    try {
      presence.apply(conn, message.update)
    } catch {
      conn.fail(CloseCode.BadMessage, 'awareness update could not be applied')
      return
    }
    if (this.room.session && conn.sessionName === undefined) this.#noteName(conn, presence)
  }

  /**
   * Sends the current awareness of `clients` to every connection (the sender too: it keeps stock
   * clients' idle timers alive) and to the other instances: a connection's throttled relay.
   */
  broadcast(clients: number[]): void {
    if (!this.#presence) return
    const update = this.#presence.encode(clients)
    this.#relay(update)
    this.#publish(update)
  }

  /** Sends every awareness state there is to one connection (on join, or when it asks). */
  sendAll(conn: Connection): void {
    const presence = this.#presence
    const clients = presence?.clients() ?? []
    if (presence && clients.length > 0) conn.send(awarenessMessage(presence.encode(clients)))
  }

  /** Removes the awareness states a connection that left had set, telling everyone else. */
  leave(conn: Connection): void {
    const clients = conn.awarenessClients
    this.#presence?.remove(clients)
    // Other instances relay the removal to their clients (the states are gone, their clocks raised).
    if (this.room.fanout && this.#presence && clients.length > 0)
      this.#publish(this.#presence.encode(clients))
  }

  /** Removes the awareness states not renewed in time as of `now` (`PresenceExpiry` does this on its timer). */
  expire(now: number): void {
    this.#presence?.expire(now)
  }

  /** Frees the awareness (the room is unloading); a later awareness message would make a new one. */
  destroy(): void {
    this.#presence?.destroy()
    this.#presence = undefined
  }

  #relay(update: Uint8Array): void {
    const message = awarenessMessage(update)
    for (const c of this.room.connections()) c.send(message)
  }

  #publish(update: Uint8Array): void {
    this.room.fanout?.publish(this.room.key, 'awareness', update)
  }

  /** Records a participant as joined once their presence first gives a name. */
  #noteName(conn: Connection, presence: Presence): void {
    for (const client of conn.awarenessClients) {
      const name = presence.nameOf(client)
      if (name === undefined) continue
      this.room.session?.joined(conn, name)
      return
    }
  }
}
