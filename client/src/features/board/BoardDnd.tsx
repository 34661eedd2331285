import {
  DndContext,
  KeyboardSensor,
  PointerSensor,
  pointerWithin,
  rectIntersection,
  useSensor,
  useSensors,
  type CollisionDetection,
} from '@dnd-kit/core';
import type { ReactNode } from 'react';
import { useDragStore } from '../../stores/dragStore';
import { useViewStore } from '../../stores/viewStore';
import { CARD_DRAG_INSTRUCTIONS, CARD_DRAG_INSTRUCTIONS_ID } from '../timeline/cardDragInstructions';
import { timelineKeyboardCoordinates } from '../timeline/keyboardCoordinates';

const rank = (id: string) => (id.startsWith('factor:') ? 2 : id.startsWith('tray:') ? 1 : 0);

/** A factor beats the tray, the tray beats its lane, when the pointer is over several. */
const collisions: CollisionDetection = (args) => {
  const within = pointerWithin(args);
  const hits = within.length > 0 ? within : rectIntersection(args);
  return [...hits].sort((a, b) => rank(String(b.id)) - rank(String(a.id)));
};

const label = () => useDragStore.getState().label ?? 'nowhere';

/**
 * One drag-and-drop context for the board: cards are dragged on the timeline and can be
 * dropped on a lane, its unknown-time tray, or a systemic factor in the side panel.
 */
export function BoardDnd({ children }: { children: ReactNode }) {
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 4 } }),
    useSensor(KeyboardSensor, {
      coordinateGetter: timelineKeyboardCoordinates(
        () => useViewStore.getState().pxPerMinute,
        (minutes, lanes) => useDragStore.getState().step(minutes, lanes),
      ),
      keyboardCodes: { start: ['Space'], cancel: ['Escape'], end: ['Space', 'Enter'] },
      // Near the edge the sensor scrolls the board instead of moving the card; instant
      // scrolling keeps the proposed time (read against the axis) exact at every key press.
      scrollBehavior: 'auto',
    }),
  );
  return (
    <DndContext
      sensors={sensors}
      collisionDetection={collisions}
      accessibility={{
        announcements: {
          onDragStart: () =>
            'Picked up card. Arrow keys move it: left and right by a minute, up and down between lanes. Space drops, Escape cancels.',
          onDragMove: () => `Over ${label()}`,
          onDragOver: () => `Over ${label()}`,
          onDragEnd: () => `Dropped: ${label()}`,
          onDragCancel: () => 'Move cancelled; the card is back where it was.',
        },
        screenReaderInstructions: { draggable: CARD_DRAG_INSTRUCTIONS },
      }}
    >
      {children}
      <div id={CARD_DRAG_INSTRUCTIONS_ID} hidden>
        {CARD_DRAG_INSTRUCTIONS}
      </div>
    </DndContext>
  );
}
