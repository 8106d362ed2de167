import { describe, expect, it } from 'vitest'
import { attributionError, imageFileError, imageSizeError, tileUrlError } from './baseMapForm.ts'

describe('base map settings checks', () => {
  it('names what is wrong with a tile URL', () => {
    expect(tileUrlError(' https://t.example.nl/{z}/{x}/{y}.png ')).toBeNull()
    expect(tileUrlError('https://t.example.nl/{z}/{x}.png')).toBe('baseMap.urlPlaceholders')
    expect(tileUrlError('https://{s}.t.example.nl/{z}/{x}/{y}.png')).toBe('baseMap.urlPlaceholders')
    expect(tileUrlError('ftp://t.example.nl/{z}/{x}/{y}.png')).toBe('baseMap.urlScheme')
    expect(tileUrlError('https://me:pw@t.example.nl/{z}/{x}/{y}.png')).toBe('baseMap.urlPassword')
    expect(tileUrlError('t.example.nl/{z}/{x}/{y}.png')).toBe('baseMap.urlInvalid')
    expect(tileUrlError(`https://t.example.nl/{z}/{x}/{y}.png?k=${'a'.repeat(2048)}`)).toBe(
      'baseMap.urlTooLong',
    )
  })

  it('checks a credit line and an image before upload', () => {
    expect(attributionError('© Gemeente Utrecht')).toBeNull()
    expect(attributionError('x'.repeat(201))).toBe('baseMap.attributionTooLong')
    expect(imageFileError({ type: 'image/png', size: 1000 })).toBeNull()
    expect(imageFileError({ type: 'image/svg+xml', size: 1000 })).toBe('baseMap.fileType')
    expect(imageFileError({ type: 'image/jpeg', size: 8 * 1024 * 1024 + 1 })).toBe('baseMap.fileSize')
    expect(imageSizeError(4000, 3000)).toBeNull()
    expect(imageSizeError(0, 3000)).toBe('baseMap.fileUnreadable')
    expect(imageSizeError(40_000, 3000)).toBe('baseMap.fileDimensions')
  })
})
