import { type BaseMap, MAX_ATTRIBUTION_LENGTH, MAX_IMAGE_SIDE, type Tiling } from '@gebiedsbord/model'
import { useId, useState } from 'react'
import { ASSET_TYPES } from '../api/assets.ts'
import { ApiError } from '../api/boards.ts'
import { useCell, usePlan, useSession } from '../app/hooks.ts'
import { visibleBox } from '../geometry/camera.ts'
import { refsFitting } from '../geometry/imagePlacement.ts'
import { useI18n } from '../i18n/lang.ts'
import type { MessageKey } from '../i18n/messages.ts'
import { chooseBaseMap } from '../state/baseMap.ts'
import { attributionError, imageFileError, imageSizeError, tileUrlError } from './baseMapForm.ts'
import { SelectField } from './fields.tsx'
import { ImagePlacement } from './ImagePlacement.tsx'

/** What the settings offer: the default (nothing stored) or one of the stored kinds. */
type Choice = 'default' | BaseMap['kind']

/**
 * The board's base map, for editors: the default (PDOK on a board in RD New, the grid
 * otherwise), the grid only, a tile service by URL, or an uploaded image placed by two points.
 * The grid and the default apply at once; a tile URL when it is valid and applied; an image
 * once it is uploaded (shown over the view, to be placed from there).
 */
export function BaseMapSettings() {
  const s = useSession()
  const { t } = useI18n()
  const { chosen } = useCell(s.baseMap.view)
  const rd = usePlan(s, () => s.mirror.board.frame.kind === 'rd-new')
  const stored: Choice = chosen?.kind ?? 'default'
  const [choice, setChoice] = useState<Choice>(stored)
  // Another editor's choice, or an undo, replaces what this panel shows (in the same render).
  const [storedBefore, setStoredBefore] = useState(stored)
  if (stored !== storedBefore) {
    setStoredBefore(stored)
    setChoice(stored)
  }

  const options: { value: Choice; label: string }[] = [
    { value: 'default', label: t(rd ? 'baseMap.pdokDefault' : 'baseMap.gridDefault') },
  ]
  if (rd || stored === 'grid') options.push({ value: 'grid', label: t('baseMap.grid') })
  if (stored === 'pdok') options.push({ value: 'pdok', label: t('baseMap.pdok') })
  if (rd || stored === 'tiles') options.push({ value: 'tiles', label: t('baseMap.tiles') })
  options.push({ value: 'image', label: t('baseMap.image') })

  const onChoice = (next: Choice) => {
    setChoice(next)
    if (next === 'default') chooseBaseMap(s, null)
    else if (next === 'grid' || next === 'pdok') chooseBaseMap(s, { kind: next })
    // Tiles and an image are written once their form is complete.
  }

  return (
    <fieldset className="base-map-settings">
      <legend>{t('baseMap.title')}</legend>
      <SelectField
        name="base-map"
        label={t('baseMap.kind')}
        value={choice}
        options={options}
        onCommit={onChoice}
      />
      {choice === 'tiles' && <TileServiceForm current={chosen?.kind === 'tiles' ? chosen : undefined} />}
      {choice === 'image' && <ImageUpload replacing={chosen?.kind === 'image'} />}
      {choice === 'image' && chosen?.kind === 'image' && <ImagePlacement image={chosen} />}
    </fieldset>
  )
}

/** A tile service: URL template, tiling and credit, applied together once valid. */
function TileServiceForm({ current }: { current: Extract<BaseMap, { kind: 'tiles' }> | undefined }) {
  const s = useSession()
  const { t } = useI18n()
  const id = useId()
  const [url, setUrl] = useState(current?.url ?? '')
  const [tiling, setTiling] = useState<Tiling>(current?.tiling ?? 'rd-new')
  const [attribution, setAttribution] = useState(current?.attribution ?? '')
  const [error, setError] = useState<MessageKey | null>(null)
  // The board's service, when it changes (applied here, by another editor, or undone), replaces the form's.
  const [currentBefore, setCurrentBefore] = useState(current)
  if (current !== currentBefore) {
    setCurrentBefore(current)
    if (current) {
      setUrl(current.url)
      setTiling(current.tiling)
      setAttribution(current.attribution ?? '')
    }
  }
  const apply = (e: React.FormEvent) => {
    e.preventDefault()
    const problem = tileUrlError(url) ?? attributionError(attribution)
    setError(problem)
    if (problem) return
    chooseBaseMap(s, {
      kind: 'tiles',
      url: url.trim(),
      tiling,
      ...(attribution.trim() ? { attribution: attribution.trim() } : {}),
    })
  }
  return (
    <form className="tile-service" onSubmit={apply} noValidate>
      <div className="field">
        <label htmlFor={`${id}-url`}>{t('baseMap.url')}</label>
        <input
          id={`${id}-url`}
          name="base-map-url"
          value={url}
          spellCheck={false}
          autoComplete="off"
          placeholder="https://…/{z}/{x}/{y}.png"
          aria-invalid={error && error !== 'baseMap.attributionTooLong' ? true : undefined}
          aria-describedby={`${id}-hint`}
          onChange={(e) => setUrl(e.target.value)}
        />
        <small id={`${id}-hint`} className="muted">
          {t('baseMap.urlHint')}
        </small>
      </div>
      <SelectField
        name="base-map-tiling"
        label={t('baseMap.tiling')}
        value={tiling}
        options={[
          { value: 'rd-new', label: t('baseMap.tilingRd') },
          { value: 'web-mercator', label: t('baseMap.tilingWebMercator') },
        ]}
        onCommit={setTiling}
      />
      <div className="field">
        <label htmlFor={`${id}-credit`}>{t('baseMap.attribution')}</label>
        <input
          id={`${id}-credit`}
          name="base-map-attribution"
          value={attribution}
          onChange={(e) => setAttribution(e.target.value)}
        />
      </div>
      {error && (
        <p className="field-error" role="alert">
          {t(error, { max: MAX_ATTRIBUTION_LENGTH })}
        </p>
      )}
      <button type="submit">{t('baseMap.apply')}</button>
    </form>
  )
}

/** Reads an image's size in pixels, or null when the browser cannot decode it. */
async function imageSize(file: Blob): Promise<{ width: number; height: number } | null> {
  try {
    const bitmap = await createImageBitmap(file)
    const size = { width: bitmap.width, height: bitmap.height }
    bitmap.close()
    return size
  } catch {
    return null
  }
}

/** Uploads an image and makes it the base map, fitted into the current view. */
function ImageUpload({ replacing }: { replacing: boolean }) {
  const s = useSession()
  const { t } = useI18n()
  const id = useId()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<{ key: MessageKey; message?: string } | null>(null)
  const upload = async (file: File) => {
    const fileError = imageFileError(file)
    if (fileError) return setError({ key: fileError })
    const size = await imageSize(file)
    const sizeError = size ? imageSizeError(size.width, size.height) : 'baseMap.fileUnreadable'
    if (sizeError || !size) return setError({ key: sizeError ?? 'baseMap.fileUnreadable' })
    setError(null)
    setBusy(true)
    try {
      const asset = await s.baseMap.upload(file)
      s.baseMap.rememberImage(asset.id, file)
      const view = visibleBox(s.view.camera.get(), s.view.size.get())
      chooseBaseMap(s, {
        kind: 'image',
        asset: asset.id,
        ...size,
        refs: refsFitting(size.width, size.height, view),
      })
    } catch (err) {
      setError({ key: 'baseMap.uploadError', message: err instanceof ApiError ? err.message : String(err) })
    } finally {
      setBusy(false)
    }
  }
  return (
    <div className="field">
      <label htmlFor={id}>{t(replacing ? 'baseMap.replace' : 'baseMap.upload')}</label>
      <input
        id={id}
        name="base-map-image"
        type="file"
        accept={ASSET_TYPES.join(',')}
        disabled={busy}
        onChange={(e) => {
          const file = e.target.files?.[0]
          e.target.value = ''
          if (file) void upload(file)
        }}
      />
      {busy && <p role="status">{t('baseMap.uploading')}</p>}
      {error && (
        <p className="field-error" role="alert">
          {t(error.key, { max: MAX_IMAGE_SIDE, message: error.message ?? '' })}
        </p>
      )}
    </div>
  )
}
