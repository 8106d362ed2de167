import * as Y from 'yjs'
import { Cell } from './observable.ts'

/** Edits closer together than this merge into one undo step (typing a number, a burst of nudges). */
const CAPTURE_MS = 500

/** Whether undo and redo have anything to do, for enabling buttons. */
export interface HistoryState {
  readonly canUndo: boolean
  readonly canRedo: boolean
}

/**
 * Undo and redo of this user's own edits. The UndoManager tracks only transactions whose origin
 * is this user's origin object, so undoing never reverts what someone else did meanwhile (their
 * edits arrive with the provider as origin), nor what IndexedDB loaded.
 */
export class History extends Cell<HistoryState> {
  readonly #manager: Y.UndoManager

  constructor(scope: Y.AbstractType<unknown>[], origin: object) {
    super({ canUndo: false, canRedo: false })
    // Edits within 500 ms merge into one step; gestures and commands also call `boundary()` so
    // that a drag is one step and two quick commands are two.
    this.#manager = new Y.UndoManager(scope, {
      trackedOrigins: new Set([origin]),
      captureTimeout: CAPTURE_MS,
    })
    const refresh = () =>
      this.set(
        this.#same({
          canUndo: this.#manager.undoStack.length > 0,
          canRedo: this.#manager.redoStack.length > 0,
        }),
      )
    this.#manager.on('stack-item-added', refresh)
    this.#manager.on('stack-item-popped', refresh)
    this.#manager.on('stack-cleared', refresh)
  }

  undo(): boolean {
    return this.#manager.undo() !== null
  }

  redo(): boolean {
    return this.#manager.redo() !== null
  }

  /** Ends the current undo step: the next edit starts a new one. */
  boundary(): void {
    this.#manager.stopCapturing()
  }

  /**
   * Starts a gesture (drag, resize, vertex move): everything until `endGesture` is one undo step,
   * however long the user pauses mid-drag.
   */
  beginGesture(): void {
    this.#manager.stopCapturing()
    this.#manager.captureTimeout = Number.POSITIVE_INFINITY
  }

  endGesture(): void {
    this.#manager.captureTimeout = CAPTURE_MS
    this.#manager.stopCapturing()
  }

  destroy(): void {
    this.#manager.destroy()
  }

  #same(next: HistoryState): HistoryState {
    const cur = this.get()
    return cur.canUndo === next.canUndo && cur.canRedo === next.canRedo ? cur : next
  }
}
