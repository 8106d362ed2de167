import type Konva from 'konva'
import { useEffect, useRef, useState } from 'react'
import { Layer, Stage } from 'react-konva'
import { useCell, useSession } from '../app/hooks.ts'
import { MapController } from '../canvas/controller.ts'
import { fitBox } from '../geometry/camera.ts'
import { useI18n } from '../i18n/lang.ts'
import { BaseMapOverlay } from './BaseMapOverlay.tsx'
import { FollowBar } from './FollowBar.tsx'
import { MapStatus } from './MapStatus.tsx'
import { MapToolbar } from './MapToolbar.tsx'
import { setMapController } from './mapHandle.ts'

/**
 * The map: a Konva stage whose layers the MapController drives. React only mounts it, sizes it
 * and places the toolbar, scale bar and zoom buttons around it.
 */
export function BoardCanvas() {
  const s = useSession()
  const { t, lang } = useI18n()
  const size = useCell(s.view.size)
  const tool = useCell(s.view.tool)
  const container = useRef<HTMLDivElement>(null)
  const stage = useRef<Konva.Stage>(null)
  const layers = {
    backdrop: useRef<Konva.Layer>(null),
    base: useRef<Konva.Layer>(null),
    cold: useRef<Konva.Layer>(null),
    labels: useRef<Konva.Layer>(null),
    overlay: useRef<Konva.Layer>(null),
  }
  const [controller, setController] = useState<MapController | null>(null)

  useEffect(() => {
    const el = container.current
    if (!el) return
    const ro = new ResizeObserver(() => {
      const r = el.getBoundingClientRect()
      s.view.size.set({ width: Math.max(1, Math.round(r.width)), height: Math.max(1, Math.round(r.height)) })
    })
    ro.observe(el)
    return () => ro.disconnect()
  }, [s])

  // biome-ignore lint/correctness/useExhaustiveDependencies: the controller is made once per session; language changes are applied below.
  useEffect(() => {
    const st = stage.current
    const l = Object.fromEntries(Object.entries(layers).map(([k, r]) => [k, r.current]))
    if (!st || Object.values(l).some((x) => !x)) return
    const c = new MapController(
      s,
      st,
      l as unknown as ConstructorParameters<typeof MapController>[2],
      lang,
      t,
    )
    setController(c)
    setMapController(c)
    return () => {
      setMapController(null)
      c.destroy()
    }
  }, [s])

  useEffect(() => controller?.setLanguage(lang, t), [controller, lang, t])

  // Zoom to fit once the board's content has arrived (local copy or server).
  useEffect(() => {
    let done = false
    const fit = () => {
      if (done || !s.loaded.get()) return
      // Someone who joins a presentation sees the presenter's view, not the whole plan.
      if (s.follow.isFollowing()) {
        done = true
        return
      }
      const extent = s.mirror.extent()
      const sz = s.view.size.get()
      if (extent) {
        s.view.camera.set(fitBox(extent, sz, 64))
        done = true
      } else s.view.camera.set({ x: sz.width / 2, y: sz.height / 2, scale: 1 })
    }
    fit()
    const offLoaded = s.loaded.subscribe(fit)
    // An empty local copy may load before the server's content: fit again when content arrives.
    const offPlan = s.mirror.changes.subscribe(() => {
      if (!done) fit()
    })
    return () => {
      offLoaded()
      offPlan()
    }
  }, [s])

  return (
    <main className="map" aria-label={t('canvas.label')}>
      <div
        ref={container}
        className="map-canvas"
        // biome-ignore lint/a11y/noNoninteractiveTabindex: the map takes keyboard focus for its shortcuts (arrows, +/−, Delete).
        tabIndex={0}
        role="application"
        aria-roledescription="map"
        aria-label={t('canvas.label')}
        aria-describedby="map-shortcuts"
        data-testid="map"
        data-tool={tool}
      >
        <Stage ref={stage} width={size.width} height={size.height}>
          <Layer ref={layers.backdrop} listening={false} />
          <Layer ref={layers.base} listening={false} />
          <Layer ref={layers.cold} listening={false} />
          <Layer ref={layers.labels} listening={false} />
          <Layer ref={layers.overlay} />
        </Stage>
      </div>
      <MapToolbar controller={controller} />
      <FollowBar />
      <MapStatus />
      <BaseMapOverlay />
      <p id="map-shortcuts" className="visually-hidden">
        {t('canvas.shortcutsList')}
      </p>
    </main>
  )
}
