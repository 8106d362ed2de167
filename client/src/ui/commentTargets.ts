import type { CommentTarget } from '@gebiedsbord/model'
import { paletteIdOf } from '../blocks/catalogue.ts'
import type { Translate } from '../i18n/lang.ts'
import type { MessageKey } from '../i18n/messages.ts'
import type { BoardSession } from '../state/session.ts'

/** An area's name as the panels show it (an id for an area deleted since). */
export function areaName(s: BoardSession, area: string, t: Translate): string {
  const a = s.mirror.areas.get(area as never)
  return a ? a.name || t('area.untitled') : t('decisions.removedArea')
}

/** A block's name: its label, else its kind; "?" for a block deleted since. */
export function blockName(s: BoardSession, block: string, t: Translate): string {
  const b = s.mirror.blocks.get(block as never)
  return b ? (b.label ?? t(`kind.${paletteIdOf(b)}` as MessageKey)) : '?'
}

/** What a thread is pinned to, in words: "Area Noord", "Block School", "Green per dwelling · Noord". */
export function targetLabel(s: BoardSession, target: CommentTarget, t: Translate): string {
  if (target.kind === 'area') return t('comments.onArea', { name: areaName(s, target.area, t) })
  if (target.kind === 'block') return t('comments.onBlock', { name: blockName(s, target.block, t) })
  const rule =
    s.barcode
      .report()
      .areas.find((a) => a.id === target.area)
      ?.rules.find((r) => r.id === target.rule)?.description ?? target.rule
  return t('comments.onRule', { rule, area: areaName(s, target.area, t) })
}

/** Selects what a thread is pinned to, so that the map outlines it (a rule: its area). */
export function showTarget(s: BoardSession, target: CommentTarget): void {
  if (target.kind === 'block') {
    if (s.mirror.blocks.has(target.block)) s.selection.selectBlocks([target.block])
    else if (target.area) s.selection.selectArea(target.area)
  } else if (s.mirror.areas.has(target.area)) s.selection.selectArea(target.area)
}
