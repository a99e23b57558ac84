import type { Tick } from '../state';

const LABEL: Record<Tick, string> = { clock: 'Sending', failed: 'Not sent', sent: 'Sent', delivered: 'Delivered', read: 'Read' };
const GLYPH: Record<Tick, string> = { clock: '◷', failed: '!', sent: '✓', delivered: '✓✓', read: '✓✓' };

/** clock → ✓ sent → ✓✓ delivered → blue ✓✓ read. */
export function Ticks({ tick }: { tick: Tick }) {
  return <span class={'ticks ' + tick} role="img" aria-label={LABEL[tick]} title={LABEL[tick]} data-tick={tick}>{GLYPH[tick]}</span>;
}
