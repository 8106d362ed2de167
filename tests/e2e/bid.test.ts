import type { Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type BoardSuite, browserSuitesRun, dragBlock, type Hooked, startBoardSuite } from './harness.ts'
import { area, block, rdPlan, X, Y } from './plans.ts'

/*
 * A joint area bid in Chromium: an editor (Anna) adds two parties, gives the social homes to the
 * housing corporation and reads who builds what in the party table; both parties sign off area
 * Noord (and the municipality Zuid too); a block moved in Noord then marks both of Noord's
 * sign-offs outdated, Zuid's not. A council member on the view link (Raad) sees the same parties
 * and the same sign-off matrix live, and cannot sign. The steps build on each other, in order.
 */

// Noord holds 100 social and 60 private homes, Zuid (300 m south) 40 mid-rent homes.
const PLAN = rdPlan([
  area('noord', 'Noord', X, Y),
  area('zuid', 'Zuid', X, Y - 300),
  block('social', { kind: 'housing', dwellings: 100, segment: 'social' }, X + 50, Y + 160),
  block('private', { kind: 'housing', dwellings: 60, segment: 'private' }, X + 150, Y + 40),
  block('mid', { kind: 'housing', dwellings: 40, segment: 'mid' }, X + 100, Y - 200),
])

const GEMEENTE = 'Gemeente Utrecht'
const CORPORATIE = 'Woonstichting Noord'
/** How long to wait for something to travel to another browser through the server. */
const SYNC = { timeout: 20_000 }

let suite: BoardSuite | undefined
/** Anna's page (edit link) and Raad's (view link). */
let a: Page
let v: Page

const run = browserSuitesRun('bid')

beforeAll(async () => {
  if (!run) return
  suite = await startBoardSuite(PLAN, 'Gebiedsbod', [
    { name: 'Anna', link: 'edit' },
    { name: 'Raad', link: 'view' },
  ])
  ;[a, v] = suite.users.map((u) => u.page) as [Page, Page]
}, 180_000)

afterAll(async () => {
  await suite?.stop()
})

/** The joint bid panel, with its Parties, Programme and Sign-off tabs. */
const bid = (page: Page) => page.getByRole('region', { name: 'Joint area bid' })
const openTab = (page: Page, name: 'Parties' | 'Programme' | 'Sign-off') =>
  bid(page).getByRole('tab', { name, exact: true }).click()
/** A party's id, read from the page (ids are random). */
async function partyId(page: Page, name: string): Promise<string> {
  return page.evaluate((n) => {
    const s = (globalThis as unknown as PartyHooked).__gebiedsbord?.session
    return [...(s?.mirror.parties.values() ?? [])].find((p) => p.name === n)?.id ?? ''
  }, name)
}
/** A cell of the sign-off matrix. */
const matrixCell = (page: Page, areaId: string, party: string): Locator =>
  bid(page).getByTestId('signoff-matrix').locator(`tr[data-area-id="${areaId}"] td[data-party-id="${party}"]`)

/** What this test reads of a page's parties (exposed as `window.__gebiedsbord`). */
interface PartyHooked {
  __gebiedsbord?: {
    session: {
      mirror: {
        parties: Map<string, { id: string; name: string; colour: string }>
        blocks: Map<string, { party?: string }>
      }
    }
  }
}

describe.runIf(run)('joint area bid', () => {
  let gemeente: string
  let corporatie: string

  it('an editor adds two parties; the view link lists them but cannot add any', async () => {
    await openTab(a, 'Parties')
    const form = bid(a).getByRole('form', { name: 'Add party' })
    await form.getByLabel('Name').fill(GEMEENTE)
    await form.getByLabel('Role').selectOption({ label: 'Municipality' })
    await form.getByRole('button', { name: 'Add party' }).click()
    // The form starts again, with the next colour offered.
    await expect.poll(() => form.getByLabel('Name').inputValue()).toBe('')
    await form.getByLabel('Name').fill(CORPORATIE)
    await form.getByLabel('Role').selectOption({ label: 'Housing corporation' })
    await form.getByRole('button', { name: 'Add party' }).click()

    const list = bid(a).getByRole('list', { name: 'Parties' })
    await list.getByRole('button', { name: `Edit ${GEMEENTE}` }).waitFor()
    await list.getByRole('button', { name: `Edit ${CORPORATIE}` }).waitFor()
    gemeente = await partyId(a, GEMEENTE)
    corporatie = await partyId(a, CORPORATIE)
    expect(gemeente).not.toBe('')
    const colours = await a.evaluate(() =>
      [...((globalThis as unknown as PartyHooked).__gebiedsbord?.session.mirror.parties.values() ?? [])].map(
        (p) => p.colour,
      ),
    )
    expect(new Set(colours).size).toBe(2)

    await openTab(v, 'Parties')
    const seen = bid(v).getByRole('list', { name: 'Parties' }).getByRole('listitem')
    await seen.filter({ hasText: CORPORATIE }).getByText('Housing corporation', { exact: true }).waitFor(SYNC)
    await seen.filter({ hasText: GEMEENTE }).getByText('Municipality', { exact: true }).waitFor()
    expect(await bid(v).getByRole('form', { name: 'Add party' }).count()).toBe(0)
    expect(
      await bid(v)
        .getByRole('button', { name: /^Remove/ })
        .count(),
    ).toBe(0)
  })

  it('a housing block gets an owner, and the party table shows who builds what', async () => {
    await a
      .getByRole('list', { name: 'Blocks' })
      .getByRole('button', { name: /^Social rent, / })
      .click()
    await a.getByLabel('Party', { exact: true }).selectOption({ label: CORPORATIE })
    await v.waitForFunction(
      (id) =>
        (globalThis as unknown as PartyHooked).__gebiedsbord?.session.mirror.blocks.get('social')?.party ===
        id,
      corporatie,
      SYNC,
    )

    await openTab(a, 'Programme')
    await bid(a).getByLabel('Show').selectOption({ label: 'Noord' })
    const table = bid(a).getByTestId('party-table')
    const cell = (figure: string, party: string) =>
      table.locator(`tr[data-figure="${figure}"] td[data-party-id="${party}"]`)
    await expect.poll(() => cell('social', corporatie).textContent(), SYNC).toBe('100')
    expect(await cell('private', corporatie).textContent()).toBe('0')
    // The private homes have no party yet: they form a column of their own.
    expect(await cell('private', 'none').textContent()).toBe('60')
    expect(await cell('dwellings', 'total').textContent()).toBe('160')
    // All the corporation's homes are social rent; it builds all of Noord's social homes.
    expect(await cell('social-own', corporatie).textContent()).toBe('100%')
    expect(await cell('social-of-target', corporatie).textContent()).toBe(
      await cell('social-of-target', 'total').textContent(),
    )
    await bid(a)
      .locator('[data-target="social"]')
      .getByText(/^Social rent: target at least/)
      .waitFor()
  })

  it('both parties sign off Noord, the municipality Zuid too; the view link sees the matrix', async () => {
    await openTab(a, 'Sign-off')
    await bid(a).getByLabel('Area', { exact: true }).selectOption({ label: 'Noord' })
    const form = bid(a).getByRole('form', { name: 'Sign off this area' })
    // The municipality is offered first; the signer is this user, the version a new one.
    expect(await form.getByLabel('For party').inputValue()).toBe(gemeente)
    expect(await form.getByLabel('Signed by').inputValue()).toBe('Anna')
    await form.getByRole('button', { name: 'Sign off' }).click()
    await expect.poll(() => matrixCell(a, 'noord', gemeente).getAttribute('data-state'), SYNC).toBe('current')

    // Next the corporation is offered; its director signs.
    await expect.poll(() => form.getByLabel('For party').inputValue()).toBe(corporatie)
    await form.getByLabel('Signed by').fill('Bram de Wit')
    await form.getByRole('button', { name: 'Sign off' }).click()
    await expect
      .poll(() => matrixCell(a, 'noord', corporatie).getAttribute('data-state'), SYNC)
      .toBe('current')
    const section = bid(a).getByRole('region', { name: 'Sign-off: Noord' })
    await section
      .locator(`[data-party-id="${corporatie}"]`)
      .getByText(/^Agreed by Bram de Wit, .*, on version “Sign-off Woonstichting Noord – Noord”\.$/)
      .waitFor()

    await bid(a).getByLabel('Area', { exact: true }).selectOption({ label: 'Zuid' })
    const zuidForm = bid(a).getByRole('form', { name: 'Sign off this area' })
    await zuidForm.getByLabel('For party').selectOption({ label: GEMEENTE })
    await zuidForm.getByRole('button', { name: 'Sign off' }).click()
    await expect.poll(() => matrixCell(a, 'zuid', gemeente).getAttribute('data-state'), SYNC).toBe('current')
    expect(await matrixCell(a, 'zuid', corporatie).getAttribute('data-state')).toBe('none')

    await openTab(v, 'Sign-off')
    await expect.poll(() => matrixCell(v, 'noord', gemeente).getAttribute('data-state'), SYNC).toBe('current')
    expect(await matrixCell(v, 'noord', corporatie).getAttribute('data-state')).toBe('current')
    expect(await matrixCell(v, 'zuid', gemeente).getAttribute('data-state')).toBe('current')
    await bid(v).getByTestId('signoff-matrix').getByText('2/2 agreed').waitFor()
    // A viewer reads the sign-offs but has no form to sign with.
    await bid(v).getByLabel('Area', { exact: true }).selectOption({ label: 'Noord' })
    expect(await bid(v).getByRole('form', { name: 'Sign off this area' }).count()).toBe(0)
  })

  it('a block moved in Noord outdates both of Noord’s sign-offs, on both screens; Zuid stays agreed', async () => {
    await dragBlock(a, 'private', { x: X + 120, y: Y + 70 })
    for (const page of [a, v]) {
      await expect
        .poll(() => matrixCell(page, 'noord', gemeente).getAttribute('data-state'), SYNC)
        .toBe('outdated')
      expect(await matrixCell(page, 'noord', corporatie).getAttribute('data-state')).toBe('outdated')
      expect(await matrixCell(page, 'zuid', gemeente).getAttribute('data-state')).toBe('current')
    }
    const section = bid(v).getByRole('region', { name: 'Sign-off: Noord' })
    await section
      .locator(`[data-party-id="${gemeente}"]`)
      .getByText(
        /^Outdated: the area changed since Anna agreed on .* to version “Sign-off Gemeente Utrecht – Noord”\./,
      )
      .waitFor(SYNC)
    // The viewer's page holds the same sign-offs as the editor's.
    const signOffs = (page: Page) =>
      page.evaluate(() => {
        const s = (globalThis as unknown as Hooked).__gebiedsbord?.session as unknown as {
          signoffs: { states: { get(): { area: string; party: string; state: string }[] } }
        }
        return s.signoffs.states.get().map((x) => `${x.area}|${x.party}|${x.state}`)
      })
    expect(await signOffs(v)).toEqual(await signOffs(a))
  })
})
