import { formatClock, formatDateTime } from '@retrace/shared';
import { forwardRef } from 'react';
import { LANE_HEADER_WIDTH, TIME_AREA_LEFT, TRAY_WIDTH } from './layout';
import { ticksFor, widthOf, xOf, type TimeWindow } from './timeScale';

/** The time axis in the viewer's zone; its left edge is time zero for drag maths. */
export const TimeAxis = forwardRef<HTMLDivElement, { span: TimeWindow; pxPerMinute: number; zone: string }>(
  function TimeAxis({ span, pxPerMinute, zone }, ref) {
    const ticks = ticksFor(span, pxPerMinute, zone);
    return (
      <div className="axis-row" aria-hidden="true">
        <div className="axis-corner" style={{ width: LANE_HEADER_WIDTH }}>
          Perspective
        </div>
        <div className="axis-corner tray-corner" style={{ width: TRAY_WIDTH, left: LANE_HEADER_WIDTH }}>
          Time unknown
        </div>
        <div className="axis" ref={ref} style={{ left: TIME_AREA_LEFT, width: widthOf(span, pxPerMinute) }}>
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
