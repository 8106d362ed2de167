import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import {
  asAreaId,
  asPartyId,
  BoardKey,
  boardMap,
  type DocProblem,
  initBoard,
  observeSignOffs,
  readSignOffs,
  SCHEMA_VERSION,
  SchemaVersionError,
  type SignOff,
  signOff,
  signOffKey,
  signoffsMap,
  storedSchemaVersion,
  toRecordMap,
  withdrawSignOff,
} from './index.ts'
import { sync } from './testing.ts'

const NOORD = asAreaId('noord')
const ZUID = asAreaId('zuid')
const GEMEENTE = asPartyId('gemeente')
const CORPORATIE = asPartyId('corporatie')

const agreed = (over: Partial<Omit<SignOff, 'at'>> = {}): Omit<SignOff, 'at'> => ({
  area: NOORD,
  party: GEMEENTE,
  version: 'v-b',
  versionName: 'Variant B',
  name: 'Wethouder De Vries',
  fingerprint: '0123456789abcdef',
  ...over,
})

function board(clientID = 1): Y.Doc {
  const doc = new Y.Doc()
  doc.clientID = clientID
  initBoard(doc, { name: 'Gebiedsbod Merwede', frame: { kind: 'rd-new' } })
  return doc
}

describe('sign-offs', () => {
  it('records a party agreeing to an area, with the time of the command', () => {
    const doc = board()
    signOff(doc, agreed(), 1_700_000_000_000)
    expect(readSignOffs(doc)).toEqual([{ ...agreed(), at: 1_700_000_000_000 }])
  })

  it('keeps one sign-off per area and party: signing again replaces it', () => {
    const doc = board()
    signOff(doc, agreed(), 1)
    signOff(doc, agreed({ party: CORPORATIE, name: 'Bram' }), 2)
    signOff(doc, agreed({ version: 'v-c', versionName: 'Variant C' }), 3)
    expect(readSignOffs(doc).map((s) => [s.party, s.version, s.at])).toEqual([
      [CORPORATIE, 'v-b', 2],
      [GEMEENTE, 'v-c', 3],
    ])
  })

  it('withdraws one sign-off and says false when there is none', () => {
    const doc = board()
    signOff(doc, agreed(), 1)
    signOff(doc, agreed({ area: ZUID }), 1)
    expect(withdrawSignOff(doc, NOORD, GEMEENTE)).toBe(true)
    expect(withdrawSignOff(doc, NOORD, GEMEENTE)).toBe(false)
    expect(readSignOffs(doc).map((s) => s.area)).toEqual([ZUID])
  })

  it.each([
    [{ version: '' }, 'sign-off version must be a non-empty string'],
    [{ fingerprint: ' ' }, 'sign-off fingerprint must be a non-empty string'],
    [{ name: '' }, 'signer name'],
    [{ versionName: 'x'.repeat(121) }, 'version name'],
    [{ area: asAreaId('a|b') }, 'may not contain "|"'],
  ])('refuses %j before writing anything', (over, message) => {
    const doc = board()
    expect(() => signOff(doc, agreed(over), 1)).toThrow(RangeError)
    expect(() => signOff(doc, agreed(over), 1)).toThrow(message)
    expect(signoffsMap(doc).size).toBe(0)
  })

  it('stamps an older doc with the current schema and refuses a newer one untouched', () => {
    const old = board()
    boardMap(old).set(BoardKey.schemaVersion, 2)
    signOff(old, agreed(), 1)
    expect(storedSchemaVersion(old)).toBe(SCHEMA_VERSION)
    const newer = board()
    boardMap(newer).set(BoardKey.schemaVersion, SCHEMA_VERSION + 1)
    expect(() => signOff(newer, agreed(), 1)).toThrow(SchemaVersionError)
    expect(signoffsMap(newer).size).toBe(0)
  })

  it('lists a broken record as a problem instead of failing the whole read', () => {
    const doc = board()
    signOff(doc, agreed(), 1)
    signoffsMap(doc).set(
      signOffKey(ZUID, GEMEENTE),
      toRecordMap({ area: ZUID, party: GEMEENTE, at: 'gisteren' }),
    )
    // A record copied under another key must not read as the other area's sign-off.
    signoffsMap(doc).set(signOffKey(ZUID, CORPORATIE), toRecordMap({ ...agreed(), at: 5 }))
    const problems: DocProblem[] = []
    expect(readSignOffs(doc, problems).map((s) => s.area)).toEqual([NOORD])
    expect(problems.map((p) => [p.collection, p.id])).toEqual([
      ['signoffs', 'zuid|gemeente'],
      ['signoffs', 'zuid|corporatie'],
    ])
  })

  it('converges: two parties signing the same area at once both stand', () => {
    const a = board(1)
    const b = new Y.Doc()
    b.clientID = 2
    sync(a, b)
    signOff(a, agreed(), 1)
    signOff(b, agreed({ party: CORPORATIE, name: 'Bram' }), 2)
    sync(a, b)
    expect(readSignOffs(a)).toEqual(readSignOffs(b))
    expect(readSignOffs(a).map((s) => s.party)).toEqual([CORPORATIE, GEMEENTE])
  })

  it('tells observers which sign-offs a transaction touched', () => {
    const doc = board()
    const seen: string[][] = []
    const stop = observeSignOffs(doc, (keys) => seen.push([...keys]))
    signOff(doc, agreed(), 1)
    withdrawSignOff(doc, NOORD, GEMEENTE)
    stop()
    signOff(doc, agreed(), 2)
    expect(seen).toEqual([['noord|gemeente'], ['noord|gemeente']])
  })
})
