import { type BaseMap, type RefPoint, ringBBox } from '@gebiedsbord/model'
import { useEffect, useRef, useState } from 'react'
import { useCell, usePlan, useSession } from '../app/hooks.ts'
import { REF_COLOURS } from '../canvas/baseMapLayer.ts'
import {
  imageCorners,
  placementFromRefs,
  placementRotation,
  placementScale,
} from '../geometry/imagePlacement.ts'
import { formatDistance, formatFixed } from '../i18n/format.ts'
import { useI18n } from '../i18n/lang.ts'
import type { MessageKey } from '../i18n/messages.ts'
import { chooseBaseMap } from '../state/baseMap.ts'
import { NumberField } from './fields.tsx'
import { anyNumber } from './validation.ts'

type ImageBaseMap = Extract<BaseMap, { kind: 'image' }>
type ImagePoint = RefPoint['image']

/** The two reference points, by index. */
const POINTS = [0, 1] as const

/** Image pixels are kept to a tenth: finer than any click, short in the doc. */
const roundPixel = (v: number): number => Math.round(v * 10) / 10

/**
 * Placing an uploaded image by two reference points: a point is chosen on the image (a click on
 * the preview, or typed) and then where it lies in the world (a click on the map, or typed
 * coordinates). Every change is written at once, so everyone sees the image move; the map marks
 * both points meanwhile.
 */
export function ImagePlacement({ image }: { image: ImageBaseMap }) {
  const s = useSession()
  const { t, lang } = useI18n()
  const rd = usePlan(s, () => s.mirror.board.frame.kind === 'rd-new')
  const picking = useCell(s.baseMap.picking)
  const [active, setActive] = useState(0)
  const [pending, setPending] = useState<{ point: number; image: ImagePoint } | null>(null)
  const [error, setError] = useState<MessageKey | null>(null)
  const [url, setUrl] = useState<string | null>(null)
  // A pick on the map lands after a render or two: it must change the points as they are then.
  const latest = useRef(image)
  latest.current = image

  useEffect(() => {
    let live = true
    s.baseMap.imageUrl(image.asset).then(
      (u) => live && setUrl(u),
      () => live && setUrl(null),
    )
    return () => {
      live = false
    }
  }, [s, image.asset])

  useEffect(() => {
    s.baseMap.placing.set(true)
    return () => {
      s.baseMap.placing.set(false)
      s.baseMap.picking.set(null)
    }
  }, [s])

  const commit = (point: number, ref: RefPoint) => {
    const current = latest.current
    const refs = [...current.refs] as [RefPoint, RefPoint]
    refs[point] = {
      image: {
        x: roundPixel(Math.min(current.width, Math.max(0, ref.image.x))),
        y: roundPixel(Math.min(current.height, Math.max(0, ref.image.y))),
      },
      world: ref.world,
    }
    try {
      placementFromRefs(refs)
    } catch {
      setError('baseMap.refsCoincide')
      return
    }
    setError(null)
    setPending(null)
    chooseBaseMap(s, { ...current, refs })
  }

  const pickOnMap = (point: number, at: ImagePoint) =>
    s.baseMap.picking.set({ point, pick: (w) => commit(point, { image: at, world: { x: w[0], y: w[1] } }) })

  const onPreviewClick = (e: React.MouseEvent<HTMLButtonElement>) => {
    const r = e.currentTarget.getBoundingClientRect()
    const at = {
      x: roundPixel(((e.clientX - r.left) / r.width) * image.width),
      y: roundPixel(((e.clientY - r.top) / r.height) * image.height),
    }
    setPending({ point: active, image: at })
    pickOnMap(active, at)
  }

  const place = placementFromRefs(image.refs)
  const marker = (p: ImagePoint, i: number, dashed = false) => (
    <span
      key={`${i}${dashed ? '-pending' : ''}`}
      className={`ref-marker${dashed ? ' pending' : ''}`}
      style={{
        left: `${(p.x / image.width) * 100}%`,
        top: `${(p.y / image.height) * 100}%`,
        background: REF_COLOURS[i],
      }}
      aria-hidden="true"
    >
      {i + 1}
    </span>
  )

  return (
    <div className="image-placement">
      <h3>{t('baseMap.place')}</h3>
      <p className="muted">{t('baseMap.placeHint')}</p>
      <fieldset className="button-row ref-choice">
        <legend className="visually-hidden">{t('baseMap.place')}</legend>
        {POINTS.map((i) => (
          <button key={i} type="button" aria-pressed={active === i} onClick={() => setActive(i)}>
            <span className="ref-dot" style={{ background: REF_COLOURS[i] }} aria-hidden="true" />
            {t('baseMap.point', { n: i + 1 })}
          </button>
        ))}
      </fieldset>
      {picking && (
        <button type="button" onClick={() => s.baseMap.picking.set(null)}>
          {t('baseMap.cancelPick')}
        </button>
      )}
      {url && (
        <button
          type="button"
          className="image-preview"
          aria-label={t('baseMap.preview', { n: active + 1 })}
          onClick={onPreviewClick}
        >
          <img src={url} alt="" width={image.width} height={image.height} draggable={false} />
          {POINTS.map((i) => marker(image.refs[i].image, i))}
          {pending && marker(pending.image, pending.point, true)}
        </button>
      )}
      {POINTS.map((i) => {
        const r = image.refs[i]
        return (
          <fieldset key={i} className="ref-point">
            <legend>
              <span className="ref-dot" style={{ background: REF_COLOURS[i] }} aria-hidden="true" />
              {t('baseMap.point', { n: i + 1 })}
            </legend>
            <div className="field-grid">
              <NumberField
                name={`ref-${i}-image-x`}
                label={t('baseMap.imageX')}
                value={r.image.x}
                decimals={1}
                rule={anyNumber}
                onCommit={(x) => commit(i, { ...r, image: { ...r.image, x } })}
              />
              <NumberField
                name={`ref-${i}-image-y`}
                label={t('baseMap.imageY')}
                value={r.image.y}
                decimals={1}
                rule={anyNumber}
                onCommit={(y) => commit(i, { ...r, image: { ...r.image, y } })}
              />
              <NumberField
                name={`ref-${i}-world-x`}
                label={t(rd ? 'baseMap.rdX' : 'baseMap.worldX')}
                value={r.world.x}
                decimals={2}
                rule={anyNumber}
                onCommit={(x) =>
                  commit(i, {
                    image: pending?.point === i ? pending.image : r.image,
                    world: { ...r.world, x },
                  })
                }
              />
              <NumberField
                name={`ref-${i}-world-y`}
                label={t(rd ? 'baseMap.rdY' : 'baseMap.worldY')}
                value={r.world.y}
                decimals={2}
                rule={anyNumber}
                onCommit={(y) =>
                  commit(i, {
                    image: pending?.point === i ? pending.image : r.image,
                    world: { ...r.world, y },
                  })
                }
              />
            </div>
            <button
              type="button"
              onClick={() => {
                setActive(i)
                pickOnMap(i, pending?.point === i ? pending.image : r.image)
              }}
            >
              {t('baseMap.pickOnMap')}
            </button>
          </fieldset>
        )
      })}
      {error && (
        <p className="field-error" role="alert">
          {t(error)}
        </p>
      )}
      <p className="muted" data-testid="image-placement-result">
        {t('baseMap.result', {
          scale: formatDistance(placementScale(place), lang),
          rotation: formatFixed(placementRotation(place), lang, 1),
        })}
      </p>
      <button
        type="button"
        onClick={() => s.view.fit(ringBBox(imageCorners(image.width, image.height, place)))}
      >
        {t('baseMap.zoomTo')}
      </button>
    </div>
  )
}
