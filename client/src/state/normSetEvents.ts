import { DEFAULT_NORM_SET_ID, type Lang, type NormSetRegistry } from '@gebiedsbord/barcode'
import type { NormSetEvent } from '../api/timeline.ts'
import type { Translate } from '../i18n/lang.ts'

/** What the timeline needs to name the sets and the area of a norm-set change. */
export interface NormSetEventContext {
  readonly lang: Lang
  readonly t: Translate
  readonly registry: NormSetRegistry
  /** The area's name now, when it still exists (it may have been renamed since). */
  readonly areaName: (id: string) => string | undefined
}

/**
 * A norm-set change as the timeline says it: "Anna changed the norm set of area Noord from
 * Dutch reference norms to Amsterdam-style 40-40-20". Sets are named in the reader's language
 * (by id when this client does not know them); an absent set is the default the model falls back
 * to: the shipped default set for the board, the board's set for an area.
 */
export function normSetChangeText(e: NormSetEvent, c: NormSetEventContext): string {
  const { t, lang, registry } = c
  const named = (id: string) => registry.get(id)?.name[lang] ?? id
  const name = e.name || t('timeline.someone')
  if (e.area === undefined) {
    const from = named(e.from ?? DEFAULT_NORM_SET_ID)
    const to = named(e.to ?? DEFAULT_NORM_SET_ID)
    return t('timeline.normSetBoard', { name, from, to })
  }
  const boards = t('timeline.normSetBoardDefault')
  const area = c.areaName(e.area) || e.areaName || t('area.untitled')
  return t('timeline.normSetArea', {
    name,
    area,
    from: e.from === undefined ? boards : named(e.from),
    to: e.to === undefined ? boards : named(e.to),
  })
}
