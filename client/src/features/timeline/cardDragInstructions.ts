/**
 * How to move a card without a mouse: read by screen readers from every draggable card
 * (aria-describedby), and given to @dnd-kit for anything else dragged on the board.
 */
export const CARD_DRAG_INSTRUCTIONS =
  'To move this card with the keyboard, press Space, use the arrow keys, then Space to drop. Enter edits the text; the ⋯ menu has "Move to…" and "Tag with factor".';

/** The id of the one hidden element holding them (rendered by the board's drag context). */
export const CARD_DRAG_INSTRUCTIONS_ID = 'card-drag-instructions';
