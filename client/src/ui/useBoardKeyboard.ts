import { useEffect } from 'react'
import { isEditable } from '../canvas/gestures.ts'
import { decodeBlocks, encodeBlocks } from '../state/clipboard.ts'
import {
  addCopies,
  copyBlocks,
  deleteBlocks,
  duplicateBlocks,
  moveBlocksBy,
  rotateBlocksBy,
} from '../state/editing.ts'
import type { BoardSession } from '../state/session.ts'
import { ZOOM_STEP } from './MapToolbar.tsx'
import { mapController } from './mapHandle.ts'

/** Whether a key event is meant for a text field rather than for the board. */
function inTextField(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null
  if (!el?.tagName) return false
  if (el.isContentEditable || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT') return true
  if (el.tagName !== 'INPUT') return false
  const type = (el as HTMLInputElement).type
  return !['button', 'checkbox', 'radio', 'submit', 'reset'].includes(type)
}

/**
 * The board's keyboard commands, active anywhere on the page except in text fields: undo and
 * redo, copy/paste/duplicate, delete, nudging (1 m, Shift 10 m), rotating, zooming, tools.
 */
export function useBoardKeyboard(s: BoardSession): void {
  useEffect(() => {
    const keydown = (e: KeyboardEvent) => {
      if (e.defaultPrevented || inTextField(e.target)) return
      const mod = e.ctrlKey || e.metaKey
      const sel = s.selection.get()
      const ids = sel.blocks
      const editable = !s.readOnly
      const key = e.key
      const done = () => e.preventDefault()
      if (mod && key.toLowerCase() === 'z' && editable) {
        if (e.shiftKey) s.history.redo()
        else s.history.undo()
        return done()
      }
      if (mod && key.toLowerCase() === 'y' && editable) {
        s.history.redo()
        return done()
      }
      if (mod && key.toLowerCase() === 'd' && editable && ids.size) {
        duplicateBlocks(s, ids)
        return done()
      }
      if (mod && key.toLowerCase() === 'a') {
        const within = sel.area
        s.selection.selectBlocks(
          within ? s.mirror.blocksIn(within).map((b) => b.id) : [...s.mirror.blocks.keys()],
        )
        return done()
      }
      if (mod) return
      // Buttons keep Enter and Space for themselves.
      if (isEditable(e.target) && (key === 'Enter' || key === ' ')) return
      if (key === 'Escape') {
        const map = mapController()
        map?.cancel()
        if (s.view.tool.get() !== 'select') s.view.tool.set('select')
        else s.selection.clear()
        return done()
      }
      if (key === 'Enter' && s.view.tool.get() === 'area') {
        mapController()?.finishDrawing()
        return done()
      }
      if ((key === 'Delete' || key === 'Backspace') && editable && ids.size) {
        deleteBlocks(s, ids)
        return done()
      }
      const arrows: Record<string, [number, number]> = {
        ArrowLeft: [-1, 0],
        ArrowRight: [1, 0],
        ArrowUp: [0, 1],
        ArrowDown: [0, -1],
      }
      const dir = arrows[key]
      if (dir) {
        if (editable && ids.size) {
          const step = e.shiftKey ? 10 : 1
          moveBlocksBy(s, ids, dir[0] * step, dir[1] * step)
        } else {
          const c = s.view.camera.get()
          s.view.camera.set({ ...c, x: c.x - dir[0] * 60, y: c.y + dir[1] * 60 })
        }
        return done()
      }
      if ((key === '[' || key === ']') && editable && ids.size) {
        rotateBlocksBy(s, ids, (key === ']' ? -1 : 1) * (e.shiftKey ? 1 : 15))
        return done()
      }
      if (key === '+' || key === '=') {
        s.view.zoomBy(ZOOM_STEP)
        return done()
      }
      if (key === '-' || key === '_') {
        s.view.zoomBy(1 / ZOOM_STEP)
        return done()
      }
      if (key === '0') {
        const ext = s.mirror.extent()
        if (ext) s.view.fit(ext)
        return done()
      }
      if (editable && !e.altKey) {
        const tool = { v: 'select', l: 'lasso', a: 'area' } as const
        const next = tool[key.toLowerCase() as keyof typeof tool]
        if (next) {
          mapController()?.cancel()
          s.view.tool.set(next)
          return done()
        }
      }
    }
    const copy = (e: ClipboardEvent) => {
      if (inTextField(e.target) || window.getSelection()?.toString()) return
      const ids = s.selection.get().blocks
      if (!ids.size) return
      e.clipboardData?.setData('text/plain', encodeBlocks(copyBlocks(s, ids)))
      e.preventDefault()
    }
    const cut = (e: ClipboardEvent) => {
      copy(e)
      if (e.defaultPrevented && !s.readOnly) deleteBlocks(s, s.selection.get().blocks)
    }
    const paste = (e: ClipboardEvent) => {
      if (inTextField(e.target) || s.readOnly) return
      const templates = decodeBlocks(e.clipboardData?.getData('text/plain'))
      if (!templates.length) return
      e.preventDefault()
      // Paste at the pointer when it is over the map, else beside the originals.
      const p = s.view.pointer.get()
      let offset: [number, number] = [10, -10]
      if (p) {
        const cx = templates.reduce((a, b) => a + b.x, 0) / templates.length
        const cy = templates.reduce((a, b) => a + b.y, 0) / templates.length
        offset = [p[0] - cx, p[1] - cy]
      }
      addCopies(s, templates, offset)
    }
    window.addEventListener('keydown', keydown)
    document.addEventListener('copy', copy)
    document.addEventListener('cut', cut)
    document.addEventListener('paste', paste)
    return () => {
      window.removeEventListener('keydown', keydown)
      document.removeEventListener('copy', copy)
      document.removeEventListener('cut', cut)
      document.removeEventListener('paste', paste)
    }
  }, [s])
}
