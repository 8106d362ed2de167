import { describe, expect, it } from 'vitest'
import { boardLink, boardPath, comparePath, parseRoute, versionPath } from './route.ts'

describe('routes', () => {
  it('reads the start page and board links', () => {
    expect(parseRoute('/', '')).toEqual({ page: 'start' })
    expect(parseRoute('/b/AbCdEfGh12345678', '#token=s3cr-et_')).toEqual({
      page: 'board',
      id: 'AbCdEfGh12345678',
      token: 's3cr-et_',
    })
    expect(parseRoute('/b/AbCdEfGh12345678', '')).toEqual({
      page: 'board',
      id: 'AbCdEfGh12345678',
      token: null,
    })
    expect(parseRoute('/b/short', '#token=x')).toEqual({ page: 'not-found' })
    expect(parseRoute('/elsewhere', '')).toEqual({ page: 'not-found' })
  })

  it('writes links that read back', () => {
    const path = boardPath('AbCdEfGh12345678', 'tok+/=')
    const [p, h] = path.split('#')
    expect(parseRoute(p as string, `#${h}`)).toMatchObject({ token: 'tok+/=' })
    expect(boardLink('AbCdEfGh12345678', 't', 'https://bord.example')).toBe(
      'https://bord.example/b/AbCdEfGh12345678#token=t',
    )
  })

  it('reads and writes the pages of a version and of a comparison', () => {
    const id = 'AbCdEfGh12345678'
    const [vp, vh] = versionPath(id, 'v_1-x', 'tok+/=').split('#')
    expect(parseRoute(vp as string, `#${vh}`)).toEqual({
      page: 'version',
      id,
      versionId: 'v_1-x',
      token: 'tok+/=',
    })
    const [cp, ch] = comparePath(id, 't', 'v:abc', 'current').split('#')
    expect(parseRoute(cp as string, `#${ch}`)).toEqual({
      page: 'compare',
      id,
      token: 't',
      a: 'v:abc',
      b: 'current',
    })
    expect(parseRoute(`/b/${id}/compare`, '#token=t')).toMatchObject({ a: null, b: null })
    expect(parseRoute(`/b/${id}/versions/`, '#token=t')).toEqual({ page: 'not-found' })
  })
})
