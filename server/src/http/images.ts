import { ApiError } from './errors.ts'

/** The largest image a board takes: a detailed base map (a scanned zoning plan) fits, a video does not. */
export const MAX_ASSET_BYTES = 8 * 1024 * 1024

/** An asset never changes under its id (a new upload gets a new id), so browsers may keep it for good. */
export const ASSET_CACHE_CONTROL = 'private, max-age=31536000, immutable'

/** The image types a board takes: what every browser draws on a canvas. */
const IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/webp'] as const
export type ImageType = (typeof IMAGE_TYPES)[number]

const ascii = (text: string): number[] => [...text].map((ch) => ch.charCodeAt(0))
const startsWith = (data: Uint8Array, prefix: readonly number[], at = 0): boolean =>
  data.length >= at + prefix.length && prefix.every((byte, i) => data[at + i] === byte)

/** The first bytes of each type (its file signature), so that a file is what its header says. */
const SIGNATURE: Record<ImageType, (data: Uint8Array) => boolean> = {
  'image/png': (d) => startsWith(d, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  'image/jpeg': (d) => startsWith(d, [0xff, 0xd8, 0xff]),
  // A RIFF container (then its size, 4 bytes) of the form WEBP.
  'image/webp': (d) => startsWith(d, ascii('RIFF')) && startsWith(d, ascii('WEBP'), 8),
}

/** How a message names each type. */
const TYPE_NAME: Record<ImageType, string> = {
  'image/png': 'PNG',
  'image/jpeg': 'JPEG',
  'image/webp': 'WebP',
}

const isImageType = (type: string): type is ImageType => (IMAGE_TYPES as readonly string[]).includes(type)

/**
 * The type of an uploaded image: the request's Content-Type, when it is one a board takes and the
 * bytes begin as that type does. Anything else is a 415 that says which types are taken, or
 * what the bytes are not.
 */
export function imageTypeOf(contentType: string | undefined, data: Uint8Array): ImageType {
  const type = contentType?.split(';')[0]?.trim().toLowerCase() ?? ''
  if (!isImageType(type))
    throw new ApiError(
      415,
      'unsupported_media_type',
      `an image must be sent as ${IMAGE_TYPES.join(', ')}; the Content-Type was ${type ? JSON.stringify(type) : 'missing'}`,
    )
  if (!SIGNATURE[type](data))
    throw new ApiError(
      415,
      'unsupported_media_type',
      `the body is not a ${TYPE_NAME[type]} image: its first bytes are not those of the Content-Type ${type}`,
    )
  return type
}
