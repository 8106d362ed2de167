import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  type BoardSuite,
  barcode,
  browserSuitesRun,
  type CreatedBoard,
  type Hooked,
  newUser,
  onServer,
  openBoard,
  type RunningServer,
  ruleRow,
  showArea,
  startBoardSuite,
  waitForBoard,
} from './harness.ts'
import { area, block, rdPlan, X, Y } from './plans.ts'

/*
 * A working session in Chromium: an editor (Anna) and a council member on the view link (Raad)
 * on one board. Anna asks on a failing barcode rule why it fails and mentions Raad; Raad reads it
 * live, may answer once Anna lets viewers comment, and Anna resolves the thread. Anna records a
 * decision that Raad sees in the log; the timeline of the session lists both and what changed in
 * the area; and after a reload, and in a browser that never saw the board, everything is still
 * there. The steps build on each other, in order, on one board.
 */

// One area near Utrecht (RD New) with 140 homes and no public green: its green rule fails.
const PLAN = rdPlan([
  area('noord', 'Noord', X, Y),
  block('private', { kind: 'housing', dwellings: 100, segment: 'private' }, X + 50, Y + 160),
  block('mid', { kind: 'housing', dwellings: 40, segment: 'mid' }, X + 150, Y + 40),
])

const EDITOR = 'Anna'
const VIEWER = 'Raad'
const RULE = 'green-per-dwelling'
const RULE_NAME = 'Public green per dwelling'
const QUESTION = `Waarom faalt groen hier? @${VIEWER}`
const ANSWER = 'Omdat het park nog niet is ingetekend.'
const DECISION = 'Parkeren naar mobiliteitshub — eigenaar: gemeente'
const OWNER = 'gemeente'
const DUE = '2030-07-01'
const DUE_TEXT = '1 July 2030'
/** How long to wait for something to travel to another browser through the server. */
const SYNC = { timeout: 20_000 }
/** A time of day as the panels show times of today, or a date and time around midnight. */
const MOMENT = /(?:\d{1,2} \w+,? )?\d{2}:\d{2}/

/** What this test reads of a page's comments (exposed as `window.__gebiedsbord`). */
interface DiscussionHooked {
  __gebiedsbord?: {
    session: {
      discussion: { state: { get(): { threads: { root: { mentions: readonly string[] } }[] } } }
    }
  }
}

let server: RunningServer
let browser: Browser
let suite: BoardSuite | undefined
let board: CreatedBoard
/** Anna's page (edit link) and Raad's (view link). */
let a: Page
let v: Page

beforeAll(async () => {
  suite = await startBoardSuite(PLAN, 'Werksessie', [
    { name: EDITOR, link: 'edit' },
    { name: VIEWER, link: 'view' },
  ])
  ;({ server, browser, board } = suite)
  ;[a, v] = suite.users.map((u) => u.page) as [Page, Page]
}, 120_000)

afterAll(async () => {
  await suite?.stop()
})

/** The panel with the Comments, Decisions and Timeline tabs. */
const meeting = (page: Page) => page.getByRole('region', { name: 'Comments, decisions and timeline' })
/** Opens a tab of that panel (a click on Comments also makes a viewer ask again whether it may comment). */
const openTab = (page: Page, name: 'Comments' | 'Decisions' | 'Timeline') =>
  meeting(page)
    .getByRole('tab', { name: new RegExp(`^${name}`) })
    .click()
/** The thread of the question, in the comments panel. */
const questionThread = (page: Page) =>
  meeting(page).getByTestId('comment-thread').filter({ hasText: 'Waarom faalt groen hier?' })
/** The group (one per area) that holds the thread of the question. */
const threadGroup = (page: Page) =>
  meeting(page)
    .getByTestId('thread-group')
    .filter({ has: page.getByTestId('comment-thread').filter({ hasText: 'Waarom faalt groen hier?' }) })
/** Shows an area's barcode (rather than the selection's) and waits until it is shown. */
async function showAreaOf(page: Page, name: string, id: string): Promise<void> {
  await showArea(page, name)
  await expect.poll(() => barcode(page).getAttribute('data-scope'), SYNC).toBe(id)
}
/** Shows resolved threads too. */
const showResolved = (page: Page) => meeting(page).getByRole('checkbox', { name: 'Show resolved' }).check()

/** Checks the resolved thread with its question, mention and reply, as `page` shows it. */
async function expectResolvedThread(page: Page): Promise<void> {
  await openTab(page, 'Comments')
  await showResolved(page)
  const thread = questionThread(page)
  await thread.waitFor(SYNC)
  expect(await thread.getAttribute('data-rule-id')).toBe(RULE)
  const group = threadGroup(page)
  expect(await group.getAttribute('data-area-id')).toBe('noord')
  await thread.getByText('Resolved', { exact: true }).waitFor(SYNC)
  await thread.getByText(new RegExp(`Resolved by ${EDITOR}, ${MOMENT.source}$`)).waitFor()
  const comments = thread.getByRole('listitem')
  expect(await comments.count()).toBe(2)
  expect(await comments.nth(0).textContent()).toContain(EDITOR)
  await comments.nth(0).getByText(QUESTION, { exact: true }).waitFor()
  await comments.nth(0).getByText(`@${VIEWER}`, { exact: true }).waitFor()
  expect(await comments.nth(1).textContent()).toContain(VIEWER)
  await comments.nth(1).getByText(ANSWER, { exact: true }).waitFor()
}

/** Checks the decision in the log, as `page` shows it: what, owner, due date, area, who and when. */
async function expectDecision(page: Page): Promise<void> {
  await openTab(page, 'Decisions')
  const entry = meeting(page).getByTestId('decision').filter({ hasText: DECISION })
  await entry.waitFor(SYNC)
  expect(await entry.getByText('Decision', { exact: true }).count()).toBe(1)
  await entry.getByText(`Owner: ${OWNER}`, { exact: true }).waitFor()
  await entry.getByText(`Due by ${DUE_TEXT}`, { exact: true }).waitFor()
  await entry.getByRole('button', { name: 'Noord', exact: true }).waitFor()
  await entry.getByText(new RegExp(`Recorded by ${EDITOR}, ${MOMENT.source}$`)).waitFor()
  // The log is a timeline of days: the entry is under the day it was recorded (today, or just
  // before midnight yesterday).
  const day = await entry.evaluate((li) => li.closest('section')?.querySelector('h3')?.textContent ?? '')
  const days = [0, 1].map((back) =>
    new Date(Date.now() - back * 86_400_000).toLocaleDateString('en-GB', {
      weekday: 'long',
      day: 'numeric',
      month: 'long',
      year: 'numeric',
    }),
  )
  expect(days.map((d) => d.replace(',', ''))).toContain(day.replace(',', ''))
}

describe.runIf(browserSuitesRun('e2e meeting'))('a working session in Chromium', () => {
  it('a question on a failing rule, mentioning the viewer, answered once viewers may comment, then resolved', async () => {
    // Raad is on the board: Anna's mentions know the name.
    await expect
      .poll(() => a.getByRole('region', { name: 'Participants' }).locator('li').count(), SYNC)
      .toBe(2)

    // Viewer comments are off: Raad reads only, with no box or button to write.
    await meeting(v).getByText('the board owner has not opened them to viewers').waitFor()
    expect(await meeting(v).getByRole('textbox').count()).toBe(0)
    expect(
      await meeting(v)
        .getByRole('button', { name: /^Comment on / })
        .count(),
    ).toBe(0)
    await showAreaOf(v, 'Noord', 'noord')
    expect(await ruleRow(v, RULE).getByRole('button').count()).toBe(0)

    // Anna opens Noord's barcode and asks on the green rule, which fails.
    await showAreaOf(a, 'Noord', 'noord')
    await expect.poll(() => ruleRow(a, RULE).getAttribute('data-status'), SYNC).toBe('fail')
    await ruleRow(a, RULE)
      .getByRole('button', { name: `Comment on “${RULE_NAME}”` })
      .click()
    const composer = meeting(a).getByRole('group', { name: `New comment: ${RULE_NAME} · Noord` })
    const box = composer.getByRole('textbox')
    // The name is picked from the list that typing after an @ opens.
    await box.fill(`Waarom faalt groen hier? @${VIEWER.slice(0, 2)}`)
    await composer.getByRole('option', { name: `@${VIEWER}` }).click()
    await expect.poll(() => box.inputValue(), SYNC).toBe(`${QUESTION} `)
    await composer.getByRole('button', { name: 'Post', exact: true }).click()
    await composer.waitFor({ state: 'detached' })
    await questionThread(a).waitFor()

    // Raad sees it live, under Noord and the rule, marked as mentioning him.
    const thread = questionThread(v)
    await thread.waitFor(SYNC)
    expect(await thread.getAttribute('data-rule-id')).toBe(RULE)
    const group = threadGroup(v)
    expect(await group.getAttribute('data-area-id')).toBe('noord')
    expect(await group.getByRole('heading').textContent()).toMatch(/^Noord 1 open comment/)
    await thread.getByRole('button', { name: `${RULE_NAME} · Noord` }).waitFor()
    await thread.getByText('@ mentions you').waitFor()
    await thread.getByText(QUESTION, { exact: true }).waitFor()
    expect(
      await v.evaluate(
        () =>
          (globalThis as unknown as DiscussionHooked).__gebiedsbord?.session.discussion.state.get().threads[0]
            ?.root.mentions,
      ),
    ).toEqual([VIEWER])
    await meeting(v)
      .getByRole('tab', { name: /1 open comment, mentions you/ })
      .waitFor()
    // …and counted on the rule's row of the barcode.
    await ruleRow(v, RULE).getByRole('button', { name: '1 open comment' }).waitFor(SYNC)
    // Still no way to answer.
    expect(await thread.getByRole('button', { name: 'Reply' }).count()).toBe(0)
    expect(await thread.getByRole('button', { name: 'Resolve' }).count()).toBe(0)

    // Anna lets viewers comment, in the share panel; the server has it once the box is enabled again.
    await a.getByText('Share', { exact: true }).click()
    const allow = a.getByRole('checkbox', { name: 'Viewers may comment' })
    await expect.poll(() => allow.isEnabled(), SYNC).toBe(true)
    await allow.check()
    await expect.poll(() => allow.isEnabled(), SYNC).toBe(true)
    expect(await allow.isChecked()).toBe(true)
    const viewToken = encodeURIComponent(board.viewUrl.split('#token=')[1] as string)
    const meta = await fetch(`${server.url}/api/boards/${board.id}?token=${viewToken}`)
    expect(((await meta.json()) as { settings?: { viewerComments?: boolean } }).settings).toEqual({
      viewerComments: true,
    })

    // Raad's client asks again when he opens the comments (the documented path, no reload), and
    // the box to answer appears.
    await openTab(v, 'Comments')
    const reply = thread.getByRole('button', { name: 'Reply', exact: true })
    await reply.waitFor(SYNC)
    await meeting(v)
      .getByText('the board owner has not opened them to viewers')
      .waitFor({ state: 'detached' })
    await ruleRow(v, RULE)
      .getByRole('button', { name: `Comment on “${RULE_NAME}”` })
      .waitFor()
    await reply.click()
    await thread.getByRole('textbox', { name: 'Reply' }).fill(ANSWER)
    await thread.getByRole('button', { name: 'Reply', exact: true }).click()
    await thread.getByText(ANSWER).waitFor()

    // Anna sees the answer (the server kept it), and resolves the thread.
    const annas = questionThread(a)
    await annas.getByText(ANSWER).waitFor(SYNC)
    expect(await annas.getByRole('listitem').nth(1).textContent()).toContain(VIEWER)
    expect(await meeting(v).getByRole('alert').count()).toBe(0)
    await annas.getByRole('button', { name: 'Resolve', exact: true }).click()

    // Both see it resolved: gone from the open list, shown with the resolved ones.
    for (const p of [a, v]) {
      await questionThread(p).waitFor({ state: 'detached', ...SYNC })
      await meeting(p).getByText('No open comments.').waitFor()
      await expectResolvedThread(p)
      await questionThread(p).getByRole('button', { name: 'Reopen', exact: true }).waitFor()
    }
  })

  it('a decision recorded by the editor is in the viewer’s log with who and when', async () => {
    await openTab(a, 'Decisions')
    await meeting(a).getByRole('button', { name: 'Record a decision or action' }).click()
    const form = meeting(a).getByRole('group', { name: 'Record', exact: true })
    await form.getByRole('textbox', { name: 'What was agreed' }).fill(DECISION)
    await form.getByLabel('Owner', { exact: true }).selectOption({ label: 'Someone else…' })
    await form.getByRole('textbox', { name: 'Owner’s name' }).fill(OWNER)
    await form.getByLabel('Due by').fill(DUE)
    await form
      .getByRole('group', { name: 'About the areas' })
      .getByRole('checkbox', { name: 'Noord' })
      .check()
    await form.getByRole('button', { name: 'Record', exact: true }).click()
    await form.waitFor({ state: 'detached' })
    await expectDecision(a)

    // The viewer reads the log (and cannot write to it).
    await expectDecision(v)
    await meeting(v).getByText('Editors record decisions and actions; you can read them.').waitFor()
    expect(await meeting(v).getByRole('button', { name: 'Record a decision or action' }).count()).toBe(0)
  })

  it('the timeline of this session lists both participants and the area’s added block', async () => {
    // A mobility hub's parking is placed in the middle of the view, which shows Noord.
    const blocks = () =>
      a.evaluate(() => (globalThis as unknown as Hooked).__gebiedsbord?.session.mirror.blocks.size)
    expect(await blocks()).toBe(2)
    await a.getByRole('button', { name: 'Place Parking', exact: true }).click()
    await expect.poll(blocks, SYNC).toBe(3)
    await v.waitForFunction(
      () => (globalThis as unknown as Hooked).__gebiedsbord?.session.mirror.blocks.size === 3,
      undefined,
      SYNC,
    )

    for (const p of [a, v]) {
      await openTab(p, 'Timeline')
      const panel = meeting(p)
      expect(await panel.getByLabel('Period').inputValue()).toBe('session')
      await panel.getByRole('button', { name: 'Show', exact: true }).click()
      const events = panel.getByTestId('timeline-events')
      await events.waitFor(SYNC)
      // "This session" starts when this user opened the board: Anna came first, so Raad's
      // session begins after she joined.
      if (p === a)
        await events
          .getByRole('listitem')
          .filter({ hasText: `${EDITOR} joined (can edit)` })
          .first()
          .waitFor()
      await events
        .getByRole('listitem')
        .filter({ hasText: `${VIEWER} joined (view only)` })
        .first()
        .waitFor()
      // Before (the plan as the session found it) and after (now): Noord gained one block.
      await panel.getByText(/^Before: .+ · after: now$/).waitFor()
      const noord = panel.getByTestId('timeline-area').filter({ hasText: 'Noord' })
      await noord.waitFor()
      expect(await noord.getAttribute('data-area-id')).toBe('noord')
      await noord.getByText('Blocks: 1 added', { exact: true }).waitFor()
      expect(await panel.getByTestId('timeline-area').count()).toBe(1)
    }
  })

  it('the resolved thread and the decision are still there after a reload, and in a fresh browser', async () => {
    await Promise.all([a.reload(), v.reload()])
    await waitForBoard(a)
    await waitForBoard(v)
    for (const p of [a, v]) {
      await expectResolvedThread(p)
      await expectDecision(p)
    }

    // A browser with nothing stored of the board gets them from the server.
    const controle = await newUser(browser, 'Controle')
    try {
      const f = await openBoard(controle, onServer(server, board.viewUrl))
      await expectResolvedThread(f)
      await expectDecision(f)
    } finally {
      await controle.close()
    }
  })
})
