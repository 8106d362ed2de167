import { describe, expect, it } from 'vitest'
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate } from 'y-protocols/awareness'
import type { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { sendOwnAwarenessOnly } from './presence.ts'

interface Changes {
  added: number[]
  updated: number[]
  removed: number[]
}

/** The part of a y-websocket provider that sends awareness: what it would send, recorded. */
function fakeProvider() {
  const awareness = new Awareness(new Y.Doc())
  const sent: Changes[] = []
  const provider = {
    awareness,
    _awarenessUpdateHandler: (changes: Changes) => {
      sent.push(changes)
    },
  }
  awareness.on('update', provider._awarenessUpdateHandler)
  return { awareness, sent, provider: provider as unknown as WebsocketProvider }
}

describe('sendOwnAwarenessOnly', () => {
  it('sends this client’s own changes and none of the changes it receives', () => {
    const { awareness, sent, provider } = fakeProvider()
    const restore = sendOwnAwarenessOnly(provider)
    const me = awareness.clientID
    awareness.setLocalStateField('cursor', [1, 2])
    expect(sent).toEqual([{ added: [], updated: [me], removed: [] }])

    // Someone else's state arriving from the server is applied, not sent back.
    const other = new Awareness(new Y.Doc())
    other.setLocalState({ user: { name: 'Anna' } })
    applyAwarenessUpdate(awareness, encodeAwarenessUpdate(other, [other.clientID]), provider)
    expect(awareness.getStates().has(other.clientID)).toBe(true)
    expect(sent).toHaveLength(1)

    // Leaving is sent: others see this client go at once.
    awareness.setLocalState(null)
    expect(sent.at(-1)).toEqual({ added: [], updated: [], removed: [me] })

    // Restored, the provider sends everything again (as before).
    restore()
    applyAwarenessUpdate(awareness, encodeAwarenessUpdate(other, [other.clientID]), provider)
    other.setLocalStateField('cursor', [3, 4])
    applyAwarenessUpdate(awareness, encodeAwarenessUpdate(other, [other.clientID]), provider)
    expect(sent.at(-1)?.updated).toContain(other.clientID)
    other.destroy()
    awareness.destroy()
  })
})
