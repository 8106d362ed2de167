import type { Status } from '@gebiedsbord/barcode'
import { formatRuleValue, type Lang } from '../i18n/format.ts'
import type { Translate } from '../i18n/lang.ts'

/** A rule's or an area's status as a coloured dot with its name for screen readers; grey for none. */
export function StatusDot({ status, t }: { status: Status | null; t: Translate }) {
  if (!status) return <span className="status-dot none" aria-hidden="true" />
  return (
    <span
      className={`status-dot ${status}`}
      role="img"
      aria-label={t(`barcode.status.${status}`)}
      title={t(`barcode.status.${status}`)}
    />
  )
}

/** A rule's measured value with its unit, or "n/a" where it measured nothing. */
export function ruleValue(value: number | null, unit: string, lang: Lang, t: Translate): string {
  return value === null ? t('barcode.notApplicable') : formatRuleValue(value, unit, lang)
}

/** A rule's status in words, or "n/a" where it was not evaluated. */
export function statusWord(status: Status | null, t: Translate): string {
  return status === null ? t('barcode.notApplicable') : t(`barcode.status.${status}`)
}

/** What a rule's change line reads. */
export interface RuleChangeText {
  readonly description: string
  readonly unit: string
  readonly valueBefore: number | null
  readonly valueAfter: number | null
  readonly statusBefore: Status | null
  readonly statusAfter: Status | null
}

/** "Social rent share: 27,0% → 31,0%, fail → pass": one rule before and after. */
export function ruleLine(c: RuleChangeText, lang: Lang, t: Translate): string {
  const v = (x: number | null) => ruleValue(x, c.unit, lang, t)
  return `${c.description}: ${v(c.valueBefore)} → ${v(c.valueAfter)}, ${statusWord(c.statusBefore, t)} → ${statusWord(c.statusAfter, t)}`
}
