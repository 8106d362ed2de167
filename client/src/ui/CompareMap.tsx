import { type KeyboardEvent, useEffect, useRef, useState } from 'react'
import { drawComparedMap, type PreparedMap } from '../canvas/compareDrawing.ts'
import { isTrackpadScroll, panBy, type ViewportSize, wheelZoomFactor, zoomAt } from '../geometry/camera.ts'
import { screen } from '../geometry/points.ts'
import { useI18n } from '../i18n/lang.ts'
import type { PlanCompare } from '../state/compare.ts'
import { frameThrottle } from '../state/observable.ts'
import { ZOOM_STEP } from './MapToolbar.tsx'

/** Pixels an arrow key pans the maps by. */
const KEY_PAN_PX = 80

/**
 * One of the two maps of a comparison: a plain canvas drawing one plan with its differences
 * marked. Dragging pans and the wheel zooms the camera both maps share, so they move together.
 */
export function CompareMap({
  store,
  map,
  label,
  testId,
}: {
  store: PlanCompare
  map: PreparedMap
  label: string
  testId: string
}) {
  const { t } = useI18n()
  const box = useRef<HTMLDivElement>(null)
  const canvas = useRef<HTMLCanvasElement>(null)
  const [size, setSize] = useState<ViewportSize>({ width: 1, height: 1 })

  useEffect(() => {
    const el = box.current
    if (!el) return
    const ro = new ResizeObserver(() => {
      const r = el.getBoundingClientRect()
      const next = { width: Math.max(1, Math.round(r.width)), height: Math.max(1, Math.round(r.height)) }
      setSize(next)
      store.size.set(next)
    })
    ro.observe(el)
    return () => ro.disconnect()
  }, [store])

  // Redrawn once per frame at most, whenever the shared camera moves.
  useEffect(() => {
    const el = canvas.current
    const c = el?.getContext('2d')
    if (!el || !c) return
    const pr = window.devicePixelRatio || 1
    el.width = Math.round(size.width * pr)
    el.height = Math.round(size.height * pr)
    const draw = () => drawComparedMap(c, map, store.camera.get(), size, pr, t('area.untitled'))
    const schedule = frameThrottle(draw)
    draw()
    const off = store.camera.subscribe(() => schedule())
    return () => {
      off()
      schedule.cancel()
    }
  }, [store, map, size, t])

  // The wheel must be a non-passive listener to keep the page from scrolling while zooming.
  useEffect(() => {
    const el = box.current
    if (!el) return
    const wheel = (e: WheelEvent) => {
      e.preventDefault()
      const cam = store.camera.get()
      if (isTrackpadScroll(e)) store.camera.set(panBy(cam, -e.deltaX, -e.deltaY))
      else {
        const r = el.getBoundingClientRect()
        store.camera.set(
          zoomAt(cam, screen(e.clientX - r.left, e.clientY - r.top), wheelZoomFactor(e.deltaY)),
        )
      }
    }
    el.addEventListener('wheel', wheel, { passive: false })
    return () => el.removeEventListener('wheel', wheel)
  }, [store])

  const drag = useRef<{ id: number; x: number; y: number } | null>(null)
  const centre = () => screen(size.width / 2, size.height / 2)
  const onKey = (e: KeyboardEvent<HTMLDivElement>) => {
    const cam = store.camera.get()
    const pan: Record<string, [number, number]> = {
      ArrowLeft: [KEY_PAN_PX, 0],
      ArrowRight: [-KEY_PAN_PX, 0],
      ArrowUp: [0, KEY_PAN_PX],
      ArrowDown: [0, -KEY_PAN_PX],
    }
    const d = pan[e.key]
    if (d) store.camera.set(panBy(cam, d[0], d[1]))
    else if (e.key === '+' || e.key === '=') store.camera.set(zoomAt(cam, centre(), ZOOM_STEP))
    else if (e.key === '-') store.camera.set(zoomAt(cam, centre(), 1 / ZOOM_STEP))
    else if (e.key === '0') store.fit()
    else return
    e.preventDefault()
  }

  return (
    <div
      ref={box}
      className="compare-map"
      data-testid={testId}
      // biome-ignore lint/a11y/noNoninteractiveTabindex: the map takes keyboard focus to pan and zoom (arrows, +/−, 0).
      tabIndex={0}
      role="application"
      aria-roledescription="map"
      aria-label={label}
      onKeyDown={onKey}
      onPointerDown={(e) => {
        if (e.button !== 0) return
        e.currentTarget.setPointerCapture(e.pointerId)
        drag.current = { id: e.pointerId, x: e.clientX, y: e.clientY }
      }}
      onPointerMove={(e) => {
        const d = drag.current
        if (!d || d.id !== e.pointerId) return
        store.camera.set(panBy(store.camera.get(), e.clientX - d.x, e.clientY - d.y))
        drag.current = { id: d.id, x: e.clientX, y: e.clientY }
      }}
      onPointerUp={() => {
        drag.current = null
      }}
      onPointerCancel={() => {
        drag.current = null
      }}
    >
      <canvas ref={canvas} style={{ width: size.width, height: size.height }} />
      <span className="compare-map-label">{label}</span>
    </div>
  )
}
