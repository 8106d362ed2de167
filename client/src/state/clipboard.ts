import type { BlockTemplate } from './editing.ts'

/** Marks clipboard text as blocks of Gebiedsbord, so a paste of anything else is ignored. */
const MARK = 'gebiedsbord/blocks@1'

/** Blocks copied in this tab, for when the system clipboard is not available. */
let local: BlockTemplate[] = []

/** Clipboard text for copied blocks (plain JSON, so it also pastes into another board or tab). */
export function encodeBlocks(blocks: readonly BlockTemplate[]): string {
  local = [...blocks]
  return JSON.stringify({ type: MARK, blocks })
}

/**
 * Blocks from clipboard text, or the ones copied in this tab when the text is not ours. The
 * templates are checked again by the model when they are added.
 */
export function decodeBlocks(text: string | undefined): BlockTemplate[] {
  if (text) {
    try {
      const v = JSON.parse(text) as { type?: unknown; blocks?: unknown }
      if (v.type === MARK && Array.isArray(v.blocks)) return v.blocks as BlockTemplate[]
    } catch {
      // Not ours: fall back to this tab's copy.
    }
  }
  return local
}
