import { checkPlan } from '@gebiedsbord/barcode'
import { syntheticPlan } from './barcode.ts'
const plan = syntheticPlan(10_000)
for (let i = 0; i < 5; i++) checkPlan(plan)
const t: number[] = []
for (let i = 0; i < 60; i++) {
  const s = performance.now()
  checkPlan(plan)
  t.push(performance.now() - s)
}
t.sort((a, b) => a - b)
console.log(process.argv[2] ?? '', 'median', t[30]?.toFixed(2), 'min', t[0]?.toFixed(2))
