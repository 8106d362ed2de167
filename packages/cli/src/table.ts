import {
  formatNumber,
  type Interval,
  type Lang,
  type RuleReport,
  type Status,
  type Summary,
} from '@gebiedsbord/barcode'
import type { CheckResult } from './check.ts'

/** Colours a piece of text, or leaves it plain (not a terminal, NO_COLOR). */
export type Paint = (style: 'green' | 'yellow' | 'red' | 'bold' | 'dim', text: string) => string
export const plain: Paint = (_s, t) => t

const WORD: Record<Lang, Record<Status, string>> = {
  en: { pass: 'PASS', warn: 'WARN', fail: 'FAIL' },
  nl: { pass: 'OK  ', warn: 'LET ', fail: 'FOUT' },
}
const COLOUR = { pass: 'green', warn: 'yellow', fail: 'red' } as const

const TEXT = {
  nl: {
    title: 'Gebiedsbord check',
    normSet: 'normenset',
    area: 'Gebied',
    plan: 'Hele plan',
    areas: 'gebieden',
    dwellings: 'woningen',
    catchment: 'verzorgingsgebied',
    problems: 'Problemen',
    feature: 'feature',
    file: 'bestand',
    result: 'Resultaat',
    na: 'n.v.t.',
  },
  en: {
    title: 'Gebiedsbord check',
    normSet: 'norm set',
    area: 'Area',
    plan: 'Whole plan',
    areas: 'areas',
    dwellings: 'dwellings',
    catchment: 'catchment',
    problems: 'Problems',
    feature: 'feature',
    file: 'file',
    result: 'Result',
    na: 'n/a',
  },
} as const

function numberIn(v: number, lang: Lang): string {
  const abs = Math.abs(v)
  return formatNumber(v, lang, abs >= 100 ? 0 : abs >= 10 ? 1 : 2)
}

function rangeText(r: Interval, unit: string, lang: Lang): string {
  if (r.min !== undefined && r.max !== undefined)
    return `${numberIn(r.min, lang)}–${numberIn(r.max, lang)} ${unit}`
  if (r.min !== undefined) return `≥ ${numberIn(r.min, lang)} ${unit}`
  if (r.max !== undefined) return `≤ ${numberIn(r.max, lang)} ${unit}`
  return ''
}

function ruleLines(rules: readonly RuleReport[], lang: Lang, paint: Paint): string[] {
  const idWidth = Math.max(...rules.map((r) => r.id.length), 4)
  return rules.map((r) => {
    const status = paint(COLOUR[r.status], WORD[lang][r.status])
    const actual = r.actual === null ? TEXT[lang].na : `${numberIn(r.actual, lang)} ${r.unit}`
    const need = rangeText(r.range, r.unit, lang)
    return `  ${status}  ${r.id.padEnd(idWidth)}  ${actual.padStart(14)}  ${need.padEnd(22)}  ${r.status === 'pass' ? paint('dim', r.hint) : r.hint}`
  })
}

function summaryText(s: Summary, lang: Lang, paint: Paint): string {
  const words = WORD[lang]
  return [
    paint('green', `${s.pass} ${words.pass.trim()}`),
    paint('yellow', `${s.warn} ${words.warn.trim()}`),
    paint('red', `${s.fail} ${words.fail.trim()}`),
  ].join(', ')
}

/** Renders a check result as a terminal table: each area's barcode, then the plan's, then problems. */
export function renderTable(result: CheckResult, lang: Lang, paint: Paint = plain): string {
  const t = TEXT[lang]
  const out: string[] = []
  out.push(paint('bold', `${t.title} — ${t.normSet} ${result.normSet.id} ${result.normSet.version}`), '')
  for (const a of result.areas) {
    const head = `${t.area} ${a.id} "${a.name}" · ${a.areaType} · ${formatNumber(a.metrics.areaHa, lang, 1)} ha · ${formatNumber(a.metrics.dwellings, lang, 0)} ${t.dwellings}`
    const extra = [
      a.normSet.id !== result.normSet.id ? `${t.normSet} ${a.normSet.id}` : '',
      a.catchment ? `${t.catchment} ${a.catchment}` : '',
    ].filter(Boolean)
    out.push(paint('bold', head) + (extra.length ? ` (${extra.join(', ')})` : ''))
    out.push(...ruleLines(a.rules, lang, paint), `  → ${summaryText(a.summary, lang, paint)}`, '')
  }
  const pm = result.plan.metrics
  out.push(
    paint(
      'bold',
      `${t.plan} · ${result.areas.length} ${t.areas} · ${formatNumber(pm.areaHa, lang, 1)} ha · ${formatNumber(pm.dwellings, lang, 0)} ${t.dwellings}`,
    ),
  )
  out.push(
    ...ruleLines(result.plan.rules, lang, paint),
    `  → ${summaryText(result.plan.summary, lang, paint)}`,
    '',
  )
  if (result.problems.length > 0) {
    out.push(paint('bold', `${t.problems} (${result.problems.length})`))
    for (const p of result.problems)
      out.push(`  ${p.feature === null ? t.file : `${t.feature} ${p.feature}`}: ${p.message}`)
    out.push('')
  }
  return out.join('\n')
}
