import { Cell } from '../state/observable.ts'
import { PartiesPanel } from './PartiesPanel.tsx'
import { PartyTable } from './PartyTable.tsx'
import { SignOffPanel } from './SignOffPanel.tsx'
import { type PanelTab, TabbedPanel } from './TabbedPanel.tsx'

/** The panels of the joint area bid, one shown at a time. */
export type BidTab = 'parties' | 'programme' | 'signoff'

/** Which bid panel is shown. */
export const bidTab = new Cell<BidTab>('programme')

const TABS: readonly PanelTab<BidTab>[] = [
  { value: 'parties', label: 'bid.parties', panel: <PartiesPanel /> },
  { value: 'programme', label: 'bid.programme', panel: <PartyTable /> },
  { value: 'signoff', label: 'bid.signoff', panel: <SignOffPanel /> },
]

/**
 * The joint area bid (gezamenlijk gebiedsbod) beside the barcode: the parties, who builds what
 * and their share of the targets, and which areas each party signed off.
 */
export function BidPanels() {
  return <TabbedPanel className="bid" label="bid.label" tabs={TABS} current={bidTab} />
}
