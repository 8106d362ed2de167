import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  type BrowserSuite,
  blockPosition,
  browserSuitesRun,
  type CreatedBoard,
  createBoard,
  dragBlock,
  type Hooked,
  newUser,
  onServer,
  openBoard,
  type RunningServer,
  ruleRow,
  showArea,
  startBrowserSuite,
  waitForBoard,
} from './harness.ts'
import { area, block, rdPlan, X, Y } from './plans.ts'

// Two areas 100 m apart in RD New (near Utrecht). Noord has only private homes, so its
// social-share rule fails; Zuid holds a block of 120 social homes. Moving that block into Noord
// makes Noord pass: 120 of 220 dwellings is 55 %, above the 30 % norm.
const PLAN = rdPlan([
  area('noord', 'Noord', X, Y),
  area('zuid', 'Zuid', X, Y - 300),
  block('private', { kind: 'housing', dwellings: 100, segment: 'private' }, X + 60, Y + 140),
  block('mid', { kind: 'housing', dwellings: 40, segment: 'mid' }, X + 140, Y + 60),
  block('social', { kind: 'housing', dwellings: 120, segment: 'social' }, X + 100, Y - 200),
])

let server: RunningServer
let browser: Browser
let suite: BrowserSuite | undefined

beforeAll(async () => {
  suite = await startBrowserSuite()
  ;({ server, browser } = suite)
}, 90_000)

afterAll(async () => {
  await suite?.stop()
})

const newBoard = (name: string): Promise<CreatedBoard> => createBoard(server, PLAN, name)

/** Waits until a block sits (within a metre or two of snapping) at a position, or is gone (null). */
async function waitForBlockAt(
  page: Page,
  id: string,
  at: { x: number; y: number },
  tolerance = 3,
): Promise<void> {
  await page.waitForFunction(
    ([blockId, x, y, tol]) => {
      const b = (globalThis as unknown as Hooked).__gebiedsbord?.session.mirror.blocks.get(blockId as string)
      return (
        b !== undefined &&
        Math.abs(b.x - (x as number)) <= (tol as number) &&
        Math.abs(b.y - (y as number)) <= (tol as number)
      )
    },
    [id, at.x, at.y, tolerance] as const,
    { timeout: 10_000 },
  )
}

describe.runIf(browserSuitesRun('e2e whiteboard'))('whiteboard in Chromium', () => {
  it('two editors see each other’s blocks, and names are asked once', async () => {
    const board = await newBoard('Samen')
    const anna = await newUser(browser, 'Anna')
    const bram = await newUser(browser, null)
    try {
      const a = await openBoard(anna, onServer(server, board.editUrl))
      const b = await bram.newPage()
      await b.goto(onServer(server, board.editUrl))
      await waitForBoard(b)
      // Bram has no name yet: the dialog asks once, and the name reaches Anna's participant list.
      const dialog = b.getByRole('dialog', { name: 'What is your name?' })
      await dialog.getByLabel('Your name').fill('Bram')
      await dialog.getByRole('button', { name: 'Join the board' }).click()
      await expect.poll(() => a.getByRole('region', { name: 'Participants' }).locator('li').count()).toBe(2)
      await a.getByRole('region', { name: 'Participants' }).getByText('Bram').waitFor({ state: 'attached' })

      const before = await b.getByRole('list', { name: 'Blocks' }).getByRole('listitem').count()
      await a.getByRole('button', { name: 'Place School' }).click()
      await expect
        .poll(() => b.getByRole('list', { name: 'Blocks' }).getByRole('listitem').count(), {
          timeout: 10_000,
        })
        .toBe(before + 1)
      await b
        .getByRole('list', { name: 'Blocks' })
        .getByRole('button', { name: /^School, / })
        .waitFor()
      await b.getByRole('button', { name: 'Place Park', exact: true }).click()
      await a
        .getByRole('list', { name: 'Blocks' })
        .getByRole('button', { name: /^Park, / })
        .waitFor({ timeout: 10_000 })

      // A reloaded Bram is not asked again.
      await b.reload()
      await waitForBoard(b)
      expect(await b.getByRole('dialog').count()).toBe(0)
    } finally {
      await anna.close()
      await bram.close()
    }
  })

  it('moving a block between areas turns a barcode row from fail to pass on both screens', async () => {
    const board = await newBoard('Barcode')
    const anna = await newUser(browser, 'Anna')
    const bram = await newUser(browser, 'Bram')
    try {
      const a = await openBoard(anna, onServer(server, board.editUrl))
      const b = await openBoard(bram, onServer(server, board.editUrl))
      for (const p of [a, b]) {
        await showArea(p, 'Noord')
        await expect.poll(() => ruleRow(p, 'social-share').getAttribute('data-status')).toBe('fail')
      }
      await dragBlock(a, 'social', { x: X + 100, y: Y + 100 })
      for (const p of [a, b])
        await expect
          .poll(() => ruleRow(p, 'social-share').getAttribute('data-status'), { timeout: 10_000 })
          .toBe('pass')
      const moved = await blockPosition(a, 'social')
      expect(moved?.y).toBeGreaterThan(Y)
    } finally {
      await anna.close()
      await bram.close()
    }
  })

  it('a viewer has no palette, and its edits are not applied', async () => {
    const board = await newBoard('Kijken')
    const anna = await newUser(browser, 'Anna')
    const council = await newUser(browser, 'Raad')
    try {
      const a = await openBoard(anna, onServer(server, board.editUrl))
      const v = await openBoard(council, onServer(server, board.viewUrl))
      expect(await v.evaluate(() => (globalThis as unknown as Hooked).__gebiedsbord?.session.readOnly)).toBe(
        true,
      )
      expect(await v.getByRole('navigation', { name: 'Programme blocks' }).count()).toBe(0)
      expect(await v.getByRole('button', { name: /^Place / }).count()).toBe(0)
      expect(await v.getByRole('button', { name: 'Undo' }).count()).toBe(0)
      await v.getByText('View only', { exact: true }).waitFor()

      // Dragging on the map only pans; Delete does nothing.
      const original = await blockPosition(v, 'private')
      await dragBlock(v, 'private', { x: X + 150, y: Y + 20 })
      await v
        .getByRole('list', { name: 'Blocks' })
        .getByRole('button', { name: /^Private, / })
        .click()
      await v.keyboard.press('Delete')
      expect(await blockPosition(v, 'private')).toEqual(original)
      // The server refuses writes from a view token even when the client is tampered with.
      await v.evaluate(() => {
        const s = (globalThis as unknown as Hooked).__gebiedsbord?.session
        s?.doc.getMap('blocks').get('private')?.set('dwellings', 999)
      })
      // A later edit by the editor reaching the viewer shows that the viewer's update had its chance.
      await a.getByRole('textbox', { name: 'Board name' }).fill('Kijken 2')
      await a.getByRole('textbox', { name: 'Board name' }).press('Enter')
      await v.waitForFunction(
        () => (globalThis as unknown as Hooked).__gebiedsbord?.session.mirror.board.name === 'Kijken 2',
      )
      const dwellings = () =>
        (globalThis as unknown as Hooked).__gebiedsbord?.session.mirror.blocks.get('private')?.dwellings
      expect(await a.evaluate(dwellings)).toBe(100)
      const fresh = await newUser(browser, 'Controle')
      try {
        const f = await openBoard(fresh, onServer(server, board.viewUrl))
        await f.waitForFunction(
          () => (globalThis as unknown as Hooked).__gebiedsbord?.session.mirror.board.name === 'Kijken 2',
        )
        expect(await f.evaluate(dwellings)).toBe(100)
      } finally {
        await fresh.close()
      }
    } finally {
      await anna.close()
      await council.close()
    }
  })

  it('an editor without the view link can make a new one; the old view link stops working', async () => {
    const board = await newBoard('Deellinks')
    // Bob got the edit link from the board's creator, so his browser does not know the view link.
    const bob = await newUser(browser, 'Bob')
    const raad = await newUser(browser, 'Raad')
    try {
      const b = await openBoard(bob, onServer(server, board.editUrl))
      await b.getByText('Share', { exact: true }).click()
      await b.getByText('The view link of this board is not known on this device.').waitFor()
      b.once('dialog', (d) => void d.accept())
      await b.getByRole('button', { name: 'Make a new view link' }).click()
      const field = b.getByRole('textbox', { name: 'View link' })
      await field.waitFor()
      const newViewUrl = await field.inputValue()
      expect(newViewUrl).toContain(`/b/${board.id}#token=`)
      expect(newViewUrl).not.toContain(board.viewUrl.split('#token=')[1] as string)

      // The new link opens the board read-only; the old one is refused by the server.
      const v = await openBoard(raad, onServer(server, newViewUrl))
      expect(await v.evaluate(() => (globalThis as unknown as Hooked).__gebiedsbord?.session.readOnly)).toBe(
        true,
      )
      const token = encodeURIComponent(board.viewUrl.split('#token=')[1] as string)
      const old = await fetch(`${server.url}/api/boards/${board.id}?token=${token}`)
      expect(old.status).toBe(401)
    } finally {
      await bob.close()
      await raad.close()
    }
  })

  it('two fingers pinch-zoom and pan the map on a touch screen', async () => {
    const board = await newBoard('Smartboard')
    const ctx = await newUser(browser, 'Zaal')
    try {
      const p = await openBoard(ctx, onServer(server, board.editUrl))
      const camera = () => (globalThis as unknown as Hooked).__gebiedsbord?.session.view.camera.get()
      const before = await p.evaluate(camera)
      const box = (await p.locator('.konvajs-content').first().boundingBox()) as {
        x: number
        y: number
        width: number
        height: number
      }
      const cx = box.x + box.width / 2
      const cy = box.y + box.height / 2
      const cdp = await ctx.newCDPSession(p)
      const touch = (type: 'touchStart' | 'touchMove' | 'touchEnd', spread: number) =>
        cdp.send('Input.dispatchTouchEvent', {
          type,
          touchPoints:
            type === 'touchEnd'
              ? []
              : [
                  { x: cx - spread, y: cy, id: 1 },
                  { x: cx + spread, y: cy, id: 2 },
                ],
        })
      await touch('touchStart', 40)
      for (const spread of [50, 60, 70, 80]) await touch('touchMove', spread)
      await touch('touchEnd', 0)
      await p.waitForFunction(
        (scale) =>
          ((globalThis as unknown as Hooked).__gebiedsbord?.session.view.camera.get().scale ?? 0) >
          scale * 1.8,
        before?.scale ?? 0,
      )
      const after = await p.evaluate(camera)
      // Fingers twice as far apart: twice the zoom, and no block was moved or selected on the way.
      expect((after?.scale ?? 0) / (before?.scale ?? 1)).toBeCloseTo(2, 1)
      expect(
        await p.evaluate(
          () => (globalThis as unknown as Hooked).__gebiedsbord?.session.selection.get().blocks.size,
        ),
      ).toBe(0)
    } finally {
      await ctx.close()
    }
  })

  it('undo reverts only one’s own move', async () => {
    const board = await newBoard('Ongedaan')
    const anna = await newUser(browser, 'Anna')
    const bram = await newUser(browser, 'Bram')
    try {
      const a = await openBoard(anna, onServer(server, board.editUrl))
      const b = await openBoard(bram, onServer(server, board.editUrl))
      const privateAt = (await blockPosition(a, 'private')) as { x: number; y: number }
      const midAt = (await blockPosition(b, 'mid')) as { x: number; y: number }
      const annaTarget = { x: X + 60, y: Y + 40 }
      const bramTarget = { x: X + 140, y: Y + 160 }
      await dragBlock(a, 'private', annaTarget)
      await waitForBlockAt(b, 'private', annaTarget)
      await dragBlock(b, 'mid', bramTarget)
      await waitForBlockAt(a, 'mid', bramTarget)
      const bramsMove = (await blockPosition(a, 'mid')) as { x: number; y: number }

      await a.keyboard.press('Control+z')
      for (const p of [a, b]) await waitForBlockAt(p, 'private', privateAt, 0.001)
      expect(await blockPosition(a, 'mid')).toEqual(bramsMove)
      expect(await blockPosition(b, 'mid')).toEqual(bramsMove)
      expect(bramsMove).not.toEqual(midAt)

      // Redo brings Anna's move back; Bram's undo then reverts only his.
      await a.keyboard.press('Control+y')
      await waitForBlockAt(b, 'private', annaTarget)
      await b.keyboard.press('Control+z')
      for (const p of [a, b]) await waitForBlockAt(p, 'mid', midAt, 0.001)
      await waitForBlockAt(a, 'private', annaTarget)
    } finally {
      await anna.close()
      await bram.close()
    }
  })

  it('keeps the state across a reload, and edits made offline merge on reconnect', async () => {
    const board = await newBoard('Bewaren')
    const anna = await newUser(browser, 'Anna')
    const bram = await newUser(browser, 'Bram')
    try {
      const a = await openBoard(anna, onServer(server, board.editUrl))
      const b = await openBoard(bram, onServer(server, board.editUrl))
      const target = { x: X + 100, y: Y + 100 }
      await dragBlock(a, 'social', target)
      const moved = (await blockPosition(a, 'social')) as { x: number; y: number }
      await waitForBlockAt(b, 'social', moved, 0.001)

      await a.reload()
      await waitForBoard(a)
      expect(await blockPosition(a, 'social')).toEqual(moved)
      const fresh = await newUser(browser, 'Nieuw')
      try {
        const f = await openBoard(fresh, onServer(server, board.editUrl))
        expect(await blockPosition(f, 'social')).toEqual(moved)
      } finally {
        await fresh.close()
      }

      // Offline: the edit is kept and counted, then sent when the network returns.
      const status = a.getByRole('status').and(a.locator('.connection'))
      await anna.setOffline(true)
      await expect.poll(() => status.getAttribute('data-status')).toBe('offline')
      const count = await b.getByRole('list', { name: 'Blocks' }).getByRole('listitem').count()
      await a.getByRole('button', { name: 'Place Childcare' }).click()
      await expect.poll(() => status.getAttribute('data-unsaved')).toBe('1')
      await a.getByText('1 unsaved').waitFor()
      await anna.setOffline(false)
      await expect.poll(() => status.getAttribute('data-status'), { timeout: 15_000 }).toBe('connected')
      await expect.poll(() => status.getAttribute('data-unsaved')).toBe('0')
      await expect
        .poll(() => b.getByRole('list', { name: 'Blocks' }).getByRole('listitem').count(), {
          timeout: 10_000,
        })
        .toBe(count + 1)
    } finally {
      await anna.close()
      await bram.close()
    }
  })

  it('works by tools and keyboard: drop, draw an area, lasso, copy and paste, nudge, undo, Dutch', async () => {
    const board = await newBoard('Gereedschap')
    const anna = await newUser(browser, 'Anna')
    try {
      const a = await openBoard(anna, onServer(server, board.editUrl))
      const blocks = () =>
        a.evaluate(() => (globalThis as unknown as Hooked).__gebiedsbord?.session.mirror.blocks.size)
      const selected = () =>
        a.evaluate(() => (globalThis as unknown as Hooked).__gebiedsbord?.session.selection.get().blocks.size)
      const map = a.getByTestId('map')

      // Drag a palette entry onto the map (HTML drag and drop): a park lands where it is dropped.
      await a
        .getByRole('button', { name: 'Place Park', exact: true })
        .dragTo(map, { targetPosition: { x: 120, y: 120 } })
      await expect.poll(blocks).toBe(4)

      // Draw a triangle with the area tool: three clicks and Enter.
      const areas = () =>
        a.evaluate(() => (globalThis as unknown as Hooked).__gebiedsbord?.session.mirror.areas.size)
      await a.getByRole('button', { name: 'Draw area' }).click()
      const box = (await map.boundingBox()) as { x: number; y: number; width: number; height: number }
      await a.mouse.click(box.x + box.width - 200, box.y + 120)
      await a.mouse.click(box.x + box.width - 60, box.y + 120)
      await a.mouse.click(box.x + box.width - 130, box.y + 240)
      await a.keyboard.press('Enter')
      await expect.poll(areas).toBe(3)
      await a.getByRole('textbox', { name: 'Name', exact: true }).waitFor()
      expect(await a.getByRole('textbox', { name: 'Name', exact: true }).inputValue()).toBe('Area 3')

      // Lasso around Noord's two blocks.
      await a.keyboard.press('Escape')
      await a.getByRole('button', { name: 'Lasso' }).click()
      const corner = async (wx: number, wy: number) => {
        const c = await a.evaluate(() =>
          (globalThis as unknown as Hooked).__gebiedsbord?.session.view.camera.get(),
        )
        if (!c) throw new Error('no camera')
        return { x: box.x + c.x + c.scale * wx, y: box.y + c.y - c.scale * wy }
      }
      const path = [
        await corner(X + 5, Y + 5),
        await corner(X + 195, Y + 5),
        await corner(X + 195, Y + 195),
        await corner(X + 5, Y + 195),
      ]
      await a.mouse.move((path[0] as { x: number }).x, (path[0] as { y: number }).y)
      await a.mouse.down()
      for (const p of [...path.slice(1), path[0]])
        await a.mouse.move(p?.x as number, p?.y as number, { steps: 5 })
      await a.mouse.up()
      await expect.poll(selected).toBe(2)
      await a.getByText('2 blocks selected').waitFor()

      // Copy, paste (beside the originals or at the pointer) and undo the paste.
      await map.focus()
      await a.keyboard.press('Control+c')
      await a.keyboard.press('Control+v')
      await expect.poll(blocks).toBe(6)
      await expect.poll(selected).toBe(2)
      await a.keyboard.press('Control+z')
      await expect.poll(blocks).toBe(4)

      // Nudge one block with the arrows: 1 m, and 10 m with Shift.
      await a
        .getByRole('list', { name: 'Blocks' })
        .getByRole('button', { name: /^Mid rent, / })
        .click()
      const before = (await blockPosition(a, 'mid')) as { x: number; y: number }
      await a.keyboard.press('ArrowRight')
      await a.keyboard.press('Shift+ArrowUp')
      await waitForBlockAt(a, 'mid', { x: before.x + 1, y: before.y + 10 }, 0.001)

      // Resize with the bottom-right handle, rotate with the handle above the block.
      const mid = (await blockPosition(a, 'mid')) as { x: number; y: number }
      // Handles sit 6 px (the transformer's padding) outside the block's outline.
      const brCorner = await corner(mid.x + 20, mid.y - 10)
      const br = { x: brCorner.x + 6, y: brCorner.y + 6 }
      await a.mouse.move(br.x, br.y)
      await a.mouse.down()
      await a.mouse.move(br.x + 15, br.y + 10, { steps: 5 })
      await a.mouse.up()
      const width = () =>
        a.evaluate(() => {
          const b = (globalThis as unknown as Hooked).__gebiedsbord?.session.mirror.blocks.get('mid') as
            | { shape: [number, number][] }
            | undefined
          return b ? Math.max(...b.shape.map((p) => p[0])) - Math.min(...b.shape.map((p) => p[0])) : 0
        })
      await expect.poll(width).toBeGreaterThan(41)
      const resized = (await blockPosition(a, 'mid')) as { x: number; y: number }
      const centre = await corner(resized.x, resized.y)
      const box2 = await a.evaluate(() => {
        const s = (globalThis as unknown as Hooked).__gebiedsbord?.session
        const b = s?.mirror.blocks.get('mid') as { shape: [number, number][] } | undefined
        return b ? Math.max(...b.shape.map((p) => p[1])) : 0
      })
      const scale = (await a.evaluate(
        () => (globalThis as unknown as Hooked).__gebiedsbord?.session.view.camera.get().scale,
      )) as number
      const rotHandle = { x: centre.x, y: centre.y - box2 * scale - 6 - 28 }
      await a.mouse.move(rotHandle.x, rotHandle.y)
      await a.mouse.down()
      await a.mouse.move(rotHandle.x + 80, rotHandle.y + 40, { steps: 6 })
      await a.mouse.up()
      await expect
        .poll(() =>
          a.evaluate(
            () => (globalThis as unknown as Hooked).__gebiedsbord?.session.mirror.blocks.get('mid')?.rotation,
          ),
        )
        .not.toBe(0)

      // The inspector refuses fractional dwellings and accepts whole ones.
      const dwellings = a.getByRole('textbox', { name: 'Dwellings' })
      await dwellings.fill('12.5')
      await a.getByRole('alert').filter({ hasText: 'whole number' }).waitFor()
      await dwellings.fill('55')
      await dwellings.press('Enter')
      await a.waitForFunction(
        () =>
          (globalThis as unknown as Hooked).__gebiedsbord?.session.mirror.blocks.get('mid')?.dwellings === 55,
      )

      // Reshape an area with the keyboard alone: move a corner, be refused an outline that crosses
      // itself, add a corner and remove it again.
      await a.evaluate(() =>
        (globalThis as unknown as Hooked).__gebiedsbord?.session.selection.selectArea('noord'),
      )
      const outline = () =>
        a.evaluate(
          () => (globalThis as unknown as Hooked).__gebiedsbord?.session.mirror.areas.get('noord')?.polygon,
        )
      const cornerField = (label: string) => a.getByRole('textbox', { name: label, exact: true })
      await cornerField('Corner 3: x (m)').focus()
      await a.keyboard.press('ControlOrMeta+a')
      await a.keyboard.type(String(X + 250))
      await a.keyboard.press('Enter')
      await expect.poll(async () => (await outline())?.[2]?.[0]).toBe(X + 250)
      await cornerField('Corner 2: y (m)').focus()
      await a.keyboard.press('ControlOrMeta+a')
      await a.keyboard.type(String(Y + 400))
      await a.getByRole('alert').filter({ hasText: 'cross itself' }).waitFor()
      await a.keyboard.press('Enter')
      await a.keyboard.press('Escape')
      expect((await outline())?.[1]).toEqual([X + 200, Y])
      await a.getByRole('button', { name: 'Add a corner after corner 4' }).focus()
      await a.keyboard.press('Enter')
      await expect.poll(async () => (await outline())?.length).toBe(5)
      await a.getByRole('button', { name: 'Remove corner 5' }).focus()
      await a.keyboard.press('Enter')
      await expect.poll(async () => (await outline())?.length).toBe(4)

      // Dutch: the switch changes the words and the number format.
      await a.getByRole('button', { name: 'NL' }).click()
      await a.getByRole('heading', { name: 'Programmablokken' }).waitFor()
      await a
        .getByRole('list', { name: 'Blokken' })
        .getByRole('button', { name: 'Middenhuur, 55 wo' })
        .waitFor()
      await a.getByRole('navigation', { name: 'Programmablokken' }).getByText('1.200 m²').first().waitFor()
    } finally {
      await anna.close()
    }
  })
})
