/** Small line icons, drawn with currentColor so they follow the button's text colour. */
const base = {
  width: 14,
  height: 14,
  viewBox: '0 0 16 16',
  fill: 'none',
  stroke: 'currentColor',
  strokeWidth: 1.6,
} as const

/** Two overlapping sheets: duplicate. */
export const CopyIcon = () => (
  <svg {...base} aria-hidden="true">
    <rect x="5" y="5" width="9" height="9" rx="1.5" />
    <path d="M11 5V3.5A1.5 1.5 0 0 0 9.5 2h-6A1.5 1.5 0 0 0 2 3.5v6A1.5 1.5 0 0 0 3.5 11H5" />
  </svg>
)

/** A bin: delete. */
export const TrashIcon = () => (
  <svg {...base} aria-hidden="true">
    <path d="M2.5 4h11M6 4V2.5h4V4M4 4l.7 9.5h6.6L12 4M6.8 6.5v5M9.2 6.5v5" />
  </svg>
)

/** A speech bubble: comments. */
export const CommentIcon = () => (
  <svg {...base} aria-hidden="true">
    <path d="M2.5 3.5h11v7h-6l-3 2.5v-2.5h-2z" />
  </svg>
)
