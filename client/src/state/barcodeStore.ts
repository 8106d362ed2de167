import {
  type BarcodeReport,
  builtinNormSets,
  Evaluator,
  type Lang,
  type NormSetRegistry,
} from '@gebiedsbord/barcode'
import { frameThrottle, Listeners } from './observable.ts'
import type { MirrorChange, PlanMirror } from './planMirror.ts'

// Built once: parsing a norm set validates every rule.
let registry: NormSetRegistry | undefined
/** The norm sets the client knows: the shipped ones. */
export const normSets = (): NormSetRegistry => {
  registry ??= builtinNormSets()
  return registry
}

/**
 * The live barcode: an incremental Evaluator fed with exactly the records each transaction
 * touched (local, remote and stored edits alike), so a drag re-evaluates only the areas the
 * dragged block leaves and enters. Listeners hear about a new report at most once per frame.
 */
export class BarcodeStore {
  readonly #mirror: PlanMirror
  #evaluator: Evaluator
  #lang: Lang
  #report: BarcodeReport | null = null
  readonly #listeners = new Listeners()
  readonly #notify = frameThrottle(() => this.#listeners.emit())
  readonly #stop: () => void

  constructor(mirror: PlanMirror, lang: Lang) {
    this.#mirror = mirror
    this.#lang = lang
    this.#evaluator = this.#load()
    this.#stop = mirror.changes.subscribe((c) => this.#apply(c))
  }

  /** The current report (evaluated lazily: only dirty areas are summed again). */
  report = (): BarcodeReport => {
    this.#report ??= this.#evaluator.report()
    return this.#report
  }

  subscribe = (fn: () => void): (() => void) => this.#listeners.subscribe(fn)

  /** Hints and descriptions come from the evaluator in one language, so a switch re-evaluates. */
  setLang(lang: Lang): void {
    if (lang === this.#lang) return
    this.#lang = lang
    this.#evaluator = this.#load()
    this.#report = null
    this.#listeners.emit()
  }

  destroy(): void {
    this.#stop()
    this.#notify.cancel()
  }

  #load(): Evaluator {
    const m = this.#mirror
    return new Evaluator({ lang: this.#lang, registry: normSets() }).load({
      board: m.board,
      areas: [...m.areas.values()],
      blocks: [...m.blocks.values()],
      parties: [...m.parties.values()],
    })
  }

  #apply(c: MirrorChange): void {
    const m = this.#mirror
    const e = this.#evaluator
    if (c.board) e.setBoard(m.board)
    for (const id of c.areas) {
      const a = m.areas.get(id)
      if (a) e.upsertArea(a)
      else e.removeArea(id)
    }
    for (const id of c.blocks) {
      const b = m.blocks.get(id)
      if (b) e.upsertBlock(b)
      else e.removeBlock(id)
    }
    if (c.areas.size || c.blocks.size || c.board) {
      this.#report = null
      this.#notify()
    }
  }
}
