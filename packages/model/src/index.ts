export * from './baseMap.ts'
export * from './commands.ts'
export * from './comments.ts'
export * from './decisions.ts'
// The decoders' helpers (ok, bad, oneOf) stay internal.
export {
  type Decoded,
  decodeArea,
  decodeBlock,
  decodeParty,
  decodeRing,
  type RecordSource,
} from './decode.ts'
export * from './discussion.ts'
export * from './fileStem.ts'
export * from './footprint.ts'
export * from './geometry.ts'
export * from './ids.ts'
export * from './mentions.ts'
export * from './migrations.ts'
export * from './observe.ts'
export * from './random.ts'
export * from './read.ts'
export * from './replace.ts'
export * from './schema.ts'
export * from './signoffs.ts'
// The checks behind the commands stay internal; the limits are public so that inputs can match them.
export { type Author, isIsoDate, MAX_NAME_LENGTH, MAX_TEXT_LENGTH } from './text.ts'
export * from './types.ts'
export * from './undo.ts'
