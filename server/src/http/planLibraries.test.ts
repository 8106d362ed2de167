import { describe, expect, it } from 'vitest'
import { checkPlanLibraries } from './planLibraries.ts'

describe('the lazily loaded plan libraries', () => {
  it('are all found at start-up in this install', () => {
    expect(() => checkPlanLibraries()).not.toThrow()
  })

  it('name the library that is missing', () => {
    expect(() => checkPlanLibraries(['@gebiedsbord/geo', '@gebiedsbord/not-installed'])).toThrow(
      /the plan library @gebiedsbord\/not-installed cannot be found/,
    )
  })
})
