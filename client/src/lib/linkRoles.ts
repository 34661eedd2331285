import type { Role } from '@retrace/shared';

/**
 * What each of a board's links is for, in the order a facilitator needs them: the editor
 * link goes into the call chat, the viewer link to people watching, the facilitator link
 * stays with the facilitator. People pasted the facilitator link (listed first) into chats.
 */
export const LINK_ORDER: readonly Role[] = ['editor', 'viewer', 'facilitator'];

export const LINK_GUIDE: Record<Role, { label: string; use: string; copy: string }> = {
  editor: {
    label: 'Editor link: paste this one into the call chat',
    use: 'For everyone taking part: they add what they saw, tag factors and agree actions.',
    copy: 'Copy editor link',
  },
  viewer: {
    label: 'Viewer link: for people who only watch',
    use: 'Read-only, for stakeholders or a shared screen. Changes appear as they happen.',
    copy: 'Copy viewer link',
  },
  facilitator: {
    label: 'Facilitator link: keep this one to yourself',
    use: 'Whoever has it runs the session (phases, timer, reveal, links). Do not post it in the chat.',
    copy: 'Copy facilitator link',
  },
};
