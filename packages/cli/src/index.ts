export * from './check.ts'
export * from './table.ts'
