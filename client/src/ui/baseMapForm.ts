import {
  MAX_ATTRIBUTION_LENGTH,
  MAX_IMAGE_SIDE,
  MAX_TILE_URL_LENGTH,
  tileUrlProblem,
} from '@gebiedsbord/model'
import { ASSET_TYPES, MAX_ASSET_BYTES } from '../api/assets.ts'
import type { MessageKey } from '../i18n/messages.ts'

/*
 * Checks of what an editor types or picks in the base map settings, as the message to show. The
 * model decides (`tileUrlProblem`); these only choose the words for its reason.
 */

/** What is wrong with a tile URL template, as a message key, or null when it can be used. */
export function tileUrlError(url: string): MessageKey | null {
  const problem = tileUrlProblem(url.trim())
  if (!problem) return null
  if (url.trim().length > MAX_TILE_URL_LENGTH) return 'baseMap.urlTooLong'
  if (/must contain|placeholder/.test(problem)) return 'baseMap.urlPlaceholders'
  if (/https:\/\/ or http:\/\//.test(problem)) return 'baseMap.urlScheme'
  if (/password/.test(problem)) return 'baseMap.urlPassword'
  return 'baseMap.urlInvalid'
}

/** Whether a credit line fits. */
export const attributionError = (text: string): MessageKey | null =>
  text.trim().length > MAX_ATTRIBUTION_LENGTH ? 'baseMap.attributionTooLong' : null

/** What is wrong with a file chosen for upload, before sending it, or null. */
export function imageFileError(file: { type: string; size: number }): MessageKey | null {
  if (!(ASSET_TYPES as readonly string[]).includes(file.type)) return 'baseMap.fileType'
  if (file.size > MAX_ASSET_BYTES) return 'baseMap.fileSize'
  return null
}

/** Whether decoded image dimensions can be stored. */
export const imageSizeError = (width: number, height: number): MessageKey | null =>
  width < 1 || height < 1
    ? 'baseMap.fileUnreadable'
    : width > MAX_IMAGE_SIDE || height > MAX_IMAGE_SIDE
      ? 'baseMap.fileDimensions'
      : null
