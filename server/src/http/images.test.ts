import { afterEach, describe, expect, it } from 'vitest'
import { boardCall, expectApiError } from '../testing/apiCalls.ts'
import { startTestServer, type TestServer } from '../testing/testServer.ts'
import { MAX_ASSET_BYTES } from './images.ts'

let server: TestServer | undefined
afterEach(async () => {
  await server?.stop()
  server = undefined
})

const rdBoard = (s: TestServer) => s.createBoard({ name: 'Met ondergrond', frame: 'rd-new' })

const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 73, 72, 68, 82])
const JPEG = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 74, 70, 73, 70, 0])
// A RIFF container: 'RIFF', its size (4 bytes), then the form 'WEBP'.
const WEBP = new TextEncoder().encode('RIFF\x04\x00\x00\x00WEBPVP8 ')
const padded = (head: Uint8Array, length: number) => {
  const out = new Uint8Array(length)
  out.set(head)
  return out
}

describe('assets', () => {
  it('stores an image and serves it with its type and a long private cache', async () => {
    // A request limit far below the image: uploads have their own limit.
    server = await startTestServer({ limits: { maxRequestBytes: 1_000 } })
    const s = server
    const board = await rdBoard(s)
    for (const [type, head] of [
      ['image/png', PNG],
      ['image/jpeg', JPEG],
      ['image/webp', WEBP],
    ] as const) {
      const image = padded(head, 50_000)
      image[49_999] = 7
      const res = await boardCall(s, 'POST', `${board.id}/assets`, board.editToken, image, {
        'content-type': type,
      })
      expect(res.status).toBe(201)
      const created = (await res.json()) as { id: string; contentType: string; bytes: number }
      expect(created).toEqual({
        id: expect.stringMatching(/^[0-9A-Za-z]{16}$/),
        contentType: type,
        bytes: 50_000,
      })
      // As an <img src> would fetch it: the token in the query, the view token enough.
      const got = await fetch(`${s.url}/api/boards/${board.id}/assets/${created.id}?token=${board.viewToken}`)
      expect(got.status).toBe(200)
      expect(got.headers.get('content-type')).toBe(type)
      expect(got.headers.get('cache-control')).toBe('private, max-age=31536000, immutable')
      expect(new Uint8Array(await got.arrayBuffer())).toEqual(image)
    }
    const other = await rdBoard(s)
    const mine = (await (
      await boardCall(s, 'POST', `${board.id}/assets`, board.editToken, PNG, { 'content-type': 'image/png' })
    ).json()) as { id: string }
    // An asset belongs to its board.
    await expectApiError(
      await boardCall(s, 'GET', `${other.id}/assets/${mine.id}`, other.viewToken),
      404,
      'no_asset',
    )
  })

  it('refuses oversized uploads (413) and anything that is not a PNG, JPEG or WebP (415)', async () => {
    server = await startTestServer()
    const s = server
    const board = await rdBoard(s)
    const upload = (body: Uint8Array, type?: string) =>
      boardCall(s, 'POST', `${board.id}/assets`, board.editToken, body, type ? { 'content-type': type } : {})

    expect((await upload(padded(PNG, MAX_ASSET_BYTES), 'image/png')).status).toBe(201)
    const { error } = await expectApiError(
      await upload(padded(PNG, MAX_ASSET_BYTES + 1), 'image/png'),
      413,
      'too_large',
    )
    expect(error.message).toContain(String(MAX_ASSET_BYTES))

    const gif = Uint8Array.from([...'GIF89a'].map((c) => c.charCodeAt(0)))
    for (const [body, type, says] of [
      [gif, 'image/gif', 'image/gif'],
      [PNG, 'text/plain', 'text/plain'],
      [PNG, 'image/svg+xml', 'image/svg+xml'],
      [PNG, undefined, 'missing'],
      [JPEG, 'image/png', 'not a PNG image'],
      [PNG, 'image/jpeg', 'not a JPEG image'],
      [gif, 'image/webp', 'not a WebP image'],
      [new Uint8Array(0), 'image/png', 'not a PNG image'],
    ] as const) {
      const refused = await expectApiError(await upload(body, type), 415, 'unsupported_media_type')
      expect(refused.error.message).toContain(says)
    }
  })
})
