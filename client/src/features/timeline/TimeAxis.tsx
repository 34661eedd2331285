import { formatClock, formatDateTime } from '@retrace/shared';
import { forwardRef } from 'react';
import { useViewStore } from '../../stores/viewStore';
import { COLLAPSED_TRAY_WIDTH, useTimelineMetrics } from './layout';
import { ticksFor, widthOf, xOf, type TimeWindow } from './timeScale';

/** The time axis in the viewer's zone; its left edge is time zero for drag maths. */
export const TimeAxis = forwardRef<HTMLDivElement, { span: TimeWindow; pxPerMinute: number; zone: string }>(
  function TimeAxis({ span, pxPerMinute, zone }, ref) {
    const ticks = ticksFor(span, pxPerMinute, zone);
    const { laneHeaderWidth, trayWidth, trayShown, timeAreaLeft } = useTimelineMetrics();
    const trayOpen = useViewStore((s) => s.trayOpen);
    const setTrayOpen = useViewStore((s) => s.setTrayOpen);
    return (
      <div className="axis-row">
        <div className="axis-corner" style={{ width: laneHeaderWidth }} aria-hidden="true">
          Perspective
        </div>
        <div
          className={`axis-corner tray-corner${trayWidth === COLLAPSED_TRAY_WIDTH ? ' collapsed' : ''}`}
          style={{ width: trayWidth, left: laneHeaderWidth }}
          title="Cards whose time is unknown: drop a card here"
        >
          {trayWidth === COLLAPSED_TRAY_WIDTH ? (
            <span aria-hidden="true">?</span>
          ) : (
            <span aria-hidden="true">Time unknown</span>
          )}
          {trayShown && trayOpen && (
            <button
              type="button"
              className="icon-button tray-close"
              onClick={() => setTrayOpen(false)}
              aria-label="Hide the cards of unknown time"
            >
              ‹
            </button>
          )}
        </div>
        <div
          className="axis"
          aria-hidden="true"
          ref={ref}
          style={{ left: timeAreaLeft, width: widthOf(span, pxPerMinute) }}
        >
          {ticks.map((tick) => (
            <span
              key={tick}
              className="tick"
              style={{ left: xOf(tick, span, pxPerMinute) }}
              title={formatDateTime(tick, zone)}
            >
              {formatClock(tick, zone)}
            </span>
          ))}
        </div>
      </div>
    );
  },
);
