import { asCommentId, type Plan, type Thread } from '@gebiedsbord/model'
import { describe, expect, it } from 'vitest'
import { bidPdf } from './bidPdf.ts'
import { bidInput, bidPlan, north, threads } from './testBid.ts'
import { readPdf } from './testing.ts'

/** The PDF's pages as text, runs of white space as one space. */
async function pagesOf(bytes: Uint8Array): Promise<string[]> {
  return (await readPdf(bytes)).pages.map((p) => p.replace(/\s+/g, ' ').trim())
}

describe('bidPdf (nl)', async () => {
  const input = bidInput('nl')
  const bytes = await bidPdf(input)
  const pages = await pagesOf(bytes)
  const [cover = '', noord = '', zuid = '', planPage = '', decisionsPage = '', sources = ''] = pages

  it('is a PDF of a cover, one page per area, and the plan, decisions and sources pages', async () => {
    expect(new TextDecoder().decode(bytes.slice(0, 5))).toBe('%PDF-')
    // 1 cover + 2 areas + plan party table + decisions + norm sources.
    expect(pages).toHaveLength(6)
    expect(pages.map((p) => p.match(/Pagina (\d+) van (\d+)$/)?.slice(1))).toEqual(
      [1, 2, 3, 4, 5, 6].map((n) => [String(n), '6']),
    )
    expect((await readPdf(bytes)).title).toBe(
      'Gezamenlijk gebiedsbod: Gebiedsbod Lombok–Oost, café ‘De Ruïne’',
    )
  })

  it('keeps Dutch diacritics and typographic quotes, and types ≥ as >=', () => {
    expect(cover).toContain('Gebiedsbod Lombok–Oost, café ‘De Ruïne’')
    expect(cover).toContain('Gemaakt op 3 december 2026 om 14:05')
    expect(noord).toContain('>= 30 %')
    expect(pages.join(' ')).not.toContain('≥')
  })

  it('shows the unmet conditions of growth on the cover, apart from and before the warnings', () => {
    const unmet = cover.indexOf(
      'NIET VERVULDE GROEIVOORWAARDEN',
      cover.indexOf('Groeivoorw. niet vervuld') + 1,
    )
    const warnings = cover.indexOf('Waarschuwingen en andere normen die niet voldoen')
    expect(unmet).toBeGreaterThan(0)
    expect(warnings).toBeGreaterThan(unmet)
    const section = cover.slice(unmet, warnings)
    // green-per-dwelling and play-share fail in Noord and for the plan; Zuid meets its conditions.
    expect(section).toContain(
      'Noord Openbaar groen per woning 0 m²/wo >= 75 m²/wo voldoet niet +15.000 m² groen',
    )
    expect(section).toContain(
      'Noord Speelruimte als aandeel van het bruto gebied (3%-norm) 0 % >= 3 % voldoet niet +1.200 m² speelruimte',
    )
    expect(section).toContain('Hele plan Openbaar groen per woning 56,7 m²/wo >= 75 m²/wo voldoet niet')
    expect(section).not.toContain('Zuid')
    expect(section).not.toContain('Aandeel middenhuur')
    // mid-share is no condition: a warning of the plan.
    expect(cover.slice(warnings)).toContain(
      'Aandeel middenhuur in de nieuwe woningen 25 % >= 36,7 % voldoet niet',
    )
    expect(cover).toContain('Noord stedelijk 200 voldoet niet 6 voldoet, 1 bijna, 5 voldoet niet 2')
  })

  it('shows the sign-offs as an areas × parties matrix on the cover', () => {
    const matrix = cover.slice(cover.indexOf('Akkoorden per gebied en partij'))
    expect(matrix).toContain(
      'Gebied Woonstad Utrecht (Woningcorporatie) Bouwfonds (Ontwikkelaar) Gemeente Utrecht (Gemeente)',
    )
    expect(matrix).toContain('Noord akkoord – –')
    expect(matrix).toContain('Zuid – verouderd –')
  })

  it('gives each area its map at a stated scale and its barcode with values, bands, statuses and needs', () => {
    expect(noord.startsWith('Gebied Noord')).toBe(true)
    expect(zuid.startsWith('Gebied Zuid')).toBe(true)
    // 200 m with room around it in a 515 × 175 pt box: 1:5,000, with a 200 m scale bar.
    expect(noord).toContain('Schaal 1:5.000 op A4 0 200 m')
    expect(noord).toContain('Aandeel sociale huur in de nieuwe woningen 45 % >= 30 % voldoet')
    expect(noord).toContain('Openbaar groen per woning 0 m²/wo >= 75 m²/wo voldoet niet +15.000 m² groen ja')
    expect(noord).toContain(
      'Parkeerplaatsen per woning (minimum en maximum) 0,8 pp/wo 0,8 – 1,2 pp/wo voldoet',
    )
    expect(zuid).toContain('Openbaar groen per woning 340 m²/wo >= 75 m²/wo voldoet ja')
    const report = input.report.areas.find((a) => a.id === north.id)
    for (const rule of report?.rules ?? []) {
      expect(noord).toContain(rule.description)
      if (rule.status !== 'pass') expect(noord).toContain(rule.hint)
    }
  })

  it('gives each area its party table with shares of the targets, its sign-offs and open comments', () => {
    // Woonstad: 90 social of Noord's 90 social (100%), of the 60 required (150%), all its own;
    // 90 of 150 affordable (60%), of 133.4 required (67.5%).
    expect(noord).toContain('Woonstad Utrecht 90 0 0 90 0 0 0 0 100% 150% 100% 60% 67,5% 100%')
    expect(noord).toContain('Bouwfonds 0 60 50 110 0 0 160 0 0% 0% 0% 40% 45% 54,6%')
    expect(noord).toContain('Totaal 90 60 50 200 1.600 0 160 0 100% 150% 45% 100% 112,4% 75%')
    expect(noord).toContain('Doelen: 60 sociale huurwoningen vereist (30%), 133 betaalbare (66,7%).')
    expect(noord).toContain(
      'Woonstad Utrecht Woningcorporatie akkoord Karin de Vries, 3 december 2026 om 14:05, versie Variant B',
    )
    expect(zuid).toContain(
      'Bouwfonds Ontwikkelaar verouderd Pieter Jansen, 2 december 2026 om 14:05, versie Variant A',
    )
    expect(noord).toContain('bij Openbaar groen per woning Waar komt het groen voor Noord?')
    // A block's thread goes with the area the block lies in.
    expect(zuid).toContain('bij blok z-park Kan het park naar het westen schuiven?')
    expect(noord).not.toContain('Kan het park')
    // Resolved threads are not open.
    expect(pages.join(' ')).not.toContain('Deze is al besproken')
  })

  it('ends with the plan’s party tables, the decisions and the norm sources', () => {
    expect(planPage.startsWith('Programma per partij, hele plan')).toBe(true)
    expect(planPage).toContain('Totaal 110 60 70 240 1.900 13.600 160 0 100% 152,8% 45,8% 100% 106,2% 70,8%')
    expect(planPage).toContain('Gemeente Utrecht 1.600 200 100 0 0 0 1.900')
    expect(decisionsPage).toContain(
      'Besluit Parkeren gaat naar de mobiliteitshub aan de Kanaalweg Gemeente Utrecht Noord',
    )
    expect(decisionsPage).toContain('Actie Groenplan Noord uitwerken Joost 2027-03-01 open Noord')
    expect(sources.startsWith('Bronnen van de normen')).toBe(true)
    expect(sources).toContain(
      'social-share Aandeel sociale huur in de nieuwe woningen >= 30 % >= 27 % Aedes / NEPROM',
    )
    expect(sources).toContain('gp-fte Huisartscapaciteit (fte) voor de inwoners >= 1 FTE per 2.095 inwoners')
    expect(sources).toContain('density voor groen-stedelijk 25 – 35 wo/ha 20 – 45 wo/ha')
    expect(sources).toMatch(/gevonden/)
    expect(sources).toMatch(/schatting/)
  })

  it('gives the same bytes for the same input: the time is the input’s', async () => {
    expect(await bidPdf(input)).toEqual(bytes)
  })
})

describe('bidPdf (en)', async () => {
  const pages = await pagesOf(await bidPdf(bidInput('en')))

  it('has the same pages in English', () => {
    expect(pages).toHaveLength(6)
    expect(pages[0]).toContain('Joint area bid')
    expect(pages[0]).toContain('UNMET CONDITIONS OF GROWTH')
    expect(pages[0]).toContain('Made on 3 December 2026 at 14:05')
    expect(pages[1]).toContain('Scale 1:5,000 on A4 0 200 m')
    expect(pages[1]).toContain('Share of social rent in new dwellings 45 % >= 30 % pass')
    expect(pages[1]).toContain('Public green per dwelling 0 m²/wo >= 75 m²/wo fail +15,000 m² green yes')
    expect(pages[1]).toContain('Woonstad Utrecht 90 0 0 90 0 0 0 0 100% 150% 100% 60% 67.5% 100%')
    expect(pages[5]).toContain('Norm sources')
    expect(pages[5]).toContain('found')
  })
})

describe('bidPdf layout', () => {
  it('continues an area on a new page when its comments do not fit, marked as continued', async () => {
    const many: Thread[] = Array.from({ length: 30 }, (_, i) => ({
      ...(threads[0] as Thread),
      id: asCommentId(`many${i}`),
      root: {
        ...(threads[0] as Thread).root,
        id: asCommentId(`many${i}`),
        text: `Vraag ${i + 1} over Noord`,
      },
    }))
    const pages = await pagesOf(await bidPdf({ ...bidInput('nl'), openComments: many }))
    expect(pages.length).toBeGreaterThan(6)
    expect(pages[2]?.startsWith('Gebied Noord (vervolg)')).toBe(true)
    const all = pages.join(' ')
    for (let i = 1; i <= 30; i++) expect(all).toContain(`Vraag ${i} over Noord`)
    expect(pages.findIndex((p) => p.startsWith('Gebied Zuid'))).toBeGreaterThan(2)
  })

  it('says so when every condition of growth is met, and draws a board without georeference', async () => {
    const parkOnly: Plan = { ...bidPlan, board: { ...bidPlan.board, frame: { kind: 'local' } }, blocks: [] }
    const pages = await pagesOf(await bidPdf(bidInput('nl', parkOnly)))
    expect(pages).toHaveLength(6)
    expect(pages[0]).toContain('NIET VERVULDE GROEIVOORWAARDEN Aan alle groeivoorwaarden is voldaan.')
    expect(pages[1]).toContain('Schaal 1:5.000 op A4')
  })
})
