import type { Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  type BoardSuite,
  type BoardUser,
  browserSuitesRun,
  type CreatedBoard,
  openMenu,
  startBoardSuite,
  waitForBoard,
} from './harness.ts'
import { area, block, rdPlan, X, Y } from './plans.ts'

/*
 * Versions and variants of a joint bid in Chromium, one editor (Anna) on one board: save version
 * "A", make Noord's private homes social rent so that its social-share rule passes, save "B";
 * compare A and B side by side; open A read-only; branch a variant from A, edit it and see the
 * parent unchanged; restore A on the parent and see the board go back, with a backup listed. The
 * steps build on each other, in order.
 */

// One area near Utrecht (RD New) with 100 private and 40 mid-rent homes: 0% social rent, failing.
const PLAN = rdPlan([
  area('noord', 'Noord', X, Y),
  block('private', { kind: 'housing', dwellings: 100, segment: 'private' }, X + 50, Y + 160),
  block('mid', { kind: 'housing', dwellings: 40, segment: 'mid' }, X + 150, Y + 40),
])

const BOARD_NAME = 'Gebiedsbod Noord'
const VARIANT = 'A2: meer groen'
/** How long to wait for the server and the page. */
const WAIT = { timeout: 20_000 }

/** What this test reads of a page's session (exposed as `window.__gebiedsbord`). */
interface Session {
  __gebiedsbord?: {
    session: { boardId: string; mirror: { blocks: Map<string, { segment?: string; dwellings?: number }> } }
  }
}

let suite: BoardSuite | undefined
let board: CreatedBoard
let a: Page
/** Version ids by name, as the versions list shows them. */
const ids = new Map<string, string>()

beforeAll(async () => {
  suite = await startBoardSuite(PLAN, BOARD_NAME, [{ name: 'Anna', link: 'edit' }])
  board = suite.board
  a = (suite.users[0] as BoardUser).page
}, 120_000)

afterAll(async () => {
  await suite?.stop()
})

/** A block's property as the page's session has it. */
const blockProp = (page: Page, id: string, key: 'segment' | 'dwellings') =>
  page.evaluate(
    ([blockId, k]) =>
      (globalThis as unknown as Session).__gebiedsbord?.session.mirror.blocks.get(blockId as string)?.[
        k as 'segment'
      ],
    [id, key],
  )
/** The board the page has open. */
const openBoardId = (page: Page) =>
  page.evaluate(() => (globalThis as unknown as Session).__gebiedsbord?.session.boardId)

/** The header's Versions menu, opened. */
async function versions(page: Page): Promise<Locator> {
  return (await openMenu(page, 'versions')).getByRole('region', { name: 'Versions' })
}
const closeVersions = (page: Page) => page.locator('details.versions > summary').click()
/** A version's entry in the list. */
const versionItem = (menu: Locator, name: string) =>
  menu.getByTestId('version').filter({ has: menu.page().getByText(name, { exact: true }) })

/** Saves the plan as a version named `name` and remembers its id. */
async function saveVersion(page: Page, name: string): Promise<void> {
  const menu = await versions(page)
  await menu.getByRole('textbox', { name: 'Save this moment as a version' }).fill(name)
  await menu.getByRole('button', { name: 'Save version' }).click()
  const item = versionItem(menu, name)
  await item.waitFor(WAIT)
  expect(await item.textContent()).toContain('Anna')
  ids.set(name, (await item.getAttribute('data-version-id')) as string)
  await menu.getByText(`Saved “${name}”.`).waitFor()
  await closeVersions(page)
}

/** Changes a block's housing segment with the block list and the inspector. */
async function setSegment(page: Page, id: string, button: string, segment: string): Promise<void> {
  await page.getByRole('list', { name: 'Blocks' }).getByRole('button', { name: button }).click()
  await page.getByRole('combobox', { name: 'Segment' }).selectOption(segment)
  await expect.poll(() => blockProp(page, id, 'segment'), WAIT).toBe(segment)
}

describe.runIf(browserSuitesRun('e2e variants'))('versions and variants in Chromium', () => {
  it('saves A and B, compares them side by side and opens A read-only', async () => {
    await saveVersion(a, 'A')
    await setSegment(a, 'private', 'Private, 100 dw', 'social')
    await saveVersion(a, 'B')

    // Newest first.
    const menu = await versions(a)
    expect(await menu.getByTestId('version').locator('strong').allTextContents()).toEqual(['B', 'A'])

    // Compare A with the board now, then choose B on the right.
    await versionItem(menu, 'A').getByRole('link', { name: 'Compare' }).click()
    await a.getByRole('heading', { name: 'Compare side by side' }).waitFor(WAIT)
    await a.getByLabel('Right (after)').selectOption(`v:${ids.get('B')}`)
    await expect.poll(() => a.getByLabel('Left (before)').inputValue()).toBe(`v:${ids.get('A')}`)
    const changed = a.getByTestId('compare-blocks').locator('li[data-block-id="private"]')
    await changed.waitFor(WAIT)
    expect(await changed.getAttribute('data-mark')).toBe('changed')
    expect(await changed.textContent()).toContain('changed: Segment')
    // Only that block differs.
    expect(await a.getByTestId('compare-blocks').locator('li').count()).toBe(1)
    await a.getByTestId('compare-left').waitFor()
    await a.getByTestId('compare-right').waitFor()

    // Noord's social share goes from 0% (fail) to 71% (pass).
    const noord = a.locator('[data-testid="compare-area"][data-area-id="noord"]')
    expect(await noord.evaluate((d) => (d as unknown as { open: boolean }).open)).toBe(true)
    const share = noord.locator('tr[data-rule-id="social-share"]')
    expect(await share.getAttribute('data-status-before')).toBe('fail')
    expect(await share.getAttribute('data-status-after')).toBe('pass')
    const row = (await share.textContent()) ?? ''
    expect(row).toMatch(/Share of social rent/)
    expect(row).toMatch(/0(\.0)?\s?% → 71(\.4)?\s?%/)
    expect(row).toMatch(/fail\s*→\s*pass/)

    // Back on the board, open A read-only: the banner, A's plan, nothing to edit.
    await a.getByRole('link', { name: 'Back to the board' }).click()
    await waitForBoard(a)
    const list = await versions(a)
    await versionItem(list, 'A').getByRole('link', { name: 'Open' }).click()
    const banner = a.getByTestId('version-banner')
    await banner.waitFor(WAIT)
    expect(await banner.textContent()).toMatch(/^Version “A” \(read-only\) — back to the board$/)
    await a
      .getByRole('list', { name: 'Blocks' })
      .getByRole('button', { name: 'Private, 100 dw' })
      .waitFor(WAIT)
    expect(await a.getByRole('navigation', { name: 'Programme blocks' }).count()).toBe(0)
    await banner.getByRole('link', { name: 'back to the board' }).click()
    await waitForBoard(a)
    expect(await blockProp(a, 'private', 'segment')).toBe('social')
  })

  it('branches a variant from A, edits it, and leaves the parent as it was', async () => {
    const menu = await versions(a)
    await versionItem(menu, 'A').getByRole('button', { name: 'Branch a variant' }).click()
    await menu.getByRole('textbox', { name: 'Name of the variant' }).fill(VARIANT)
    await menu.getByRole('button', { name: 'Create and open' }).click()

    // The variant opens with the same token, as version A: the private homes are private again.
    await expect.poll(() => new URL(a.url()).pathname, WAIT).not.toBe(`/b/${board.id}`)
    const variantId = new URL(a.url()).pathname.split('/')[2] as string
    expect(new URL(a.url()).hash).toBe(`#token=${board.editToken}`)
    await expect.poll(() => openBoardId(a), WAIT).toBe(variantId)
    await waitForBoard(a)
    expect(await blockProp(a, 'private', 'segment')).toBe('private')
    const own = await versions(a)
    // The parent's name arrives just after the list.
    await expect
      .poll(() => own.getByTestId('variant-of').textContent(), WAIT)
      .toMatch(new RegExp(`^Variant of ${BOARD_NAME} · A open that board$`))

    // An edit on the variant.
    await closeVersions(a)
    await setSegment(a, 'mid', 'Mid rent, 40 dw', 'social')

    // The parent lists the variant and still has B's plan.
    const parent = await versions(a)
    await parent.getByRole('link', { name: 'open that board' }).click()
    await expect.poll(() => openBoardId(a), WAIT).toBe(board.id)
    await waitForBoard(a)
    expect(await blockProp(a, 'mid', 'segment')).toBe('mid')
    expect(await blockProp(a, 'private', 'segment')).toBe('social')
    const list = await versions(a)
    const variant = list.getByTestId('variant')
    await variant.waitFor(WAIT)
    expect(await variant.getAttribute('data-board-id')).toBe(variantId)
    expect(await variant.textContent()).toMatch(new RegExp(`^${VARIANT} from “A”`))
  })

  it('restores A on the parent: the board goes back and a backup version is listed', async () => {
    const menu = await versions(a)
    const confirmed = new Promise<string>((resolve) =>
      a.once('dialog', (d) => {
        resolve(d.message())
        void d.accept()
      }),
    )
    await versionItem(menu, 'A').getByRole('button', { name: 'Restore' }).click()
    expect(await confirmed).toMatch(/first saved as a backup version/)

    // Live, without a reload: the private homes are private again.
    await expect.poll(() => blockProp(a, 'private', 'segment'), WAIT).toBe('private')
    const backup = 'Voor herstel van “A”'
    await versionItem(menu, backup).waitFor(WAIT)
    expect(await menu.getByTestId('version').locator('strong').allTextContents()).toEqual([backup, 'B', 'A'])
    await menu.getByText(`Restored “A”. The plan as it was is saved as “${backup}”.`).waitFor()
  })
})
