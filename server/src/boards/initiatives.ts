import { newId } from '@retrace/shared';
import { z } from 'zod';
import type { BoardStorage } from '../storage/BoardStorage';

/**
 * Initiatives group follow-up actions from several incidents into one piece of work with
 * its own status ("make deploys progressive" across four post-mortems). Workspace-level.
 */
const SETTING = 'initiatives';

const actionRef = z.object({ boardId: z.string().min(1).max(64), actionId: z.string().min(1).max(64) }).strict();
const initiative = z
  .object({
    id: z.string(),
    name: z.string().trim().min(1).max(200),
    status: z.enum(['proposed', 'in-progress', 'done']),
    actions: z.array(actionRef).max(500),
    createdAt: z.number(),
  })
  .strict();
export type Initiative = z.infer<typeof initiative>;

export const createInitiativeBody = z.object({ name: z.string().trim().min(1).max(200) }).strict();
export const updateInitiativeBody = z
  .object({
    name: z.string().trim().min(1).max(200).optional(),
    status: z.enum(['proposed', 'in-progress', 'done']).optional(),
    addAction: actionRef.optional(),
    removeAction: actionRef.optional(),
  })
  .strict();

export async function loadInitiatives(storage: BoardStorage): Promise<Initiative[]> {
  const raw = await storage.getSetting(SETTING);
  if (!raw) return [];
  const parsed = z.array(initiative).safeParse(JSON.parse(raw));
  return parsed.success ? parsed.data : [];
}

async function save(storage: BoardStorage, list: Initiative[]): Promise<void> {
  await storage.setSetting(SETTING, JSON.stringify(list));
}

export async function createInitiative(storage: BoardStorage, name: string, now: number): Promise<Initiative> {
  const list = await loadInitiatives(storage);
  const created: Initiative = { id: newId(), name, status: 'proposed', actions: [], createdAt: now };
  await save(storage, [...list, created]);
  return created;
}

export async function updateInitiative(
  storage: BoardStorage,
  id: string,
  change: z.infer<typeof updateInitiativeBody>,
): Promise<Initiative | null> {
  const list = await loadInitiatives(storage);
  const current = list.find((item) => item.id === id);
  if (!current) return null;
  const same = (a: { boardId: string; actionId: string }, b: { boardId: string; actionId: string }) =>
    a.boardId === b.boardId && a.actionId === b.actionId;
  let actions = current.actions;
  if (change.addAction && !actions.some((a) => same(a, change.addAction!))) actions = [...actions, change.addAction];
  if (change.removeAction) actions = actions.filter((a) => !same(a, change.removeAction!));
  const updated: Initiative = {
    ...current,
    ...(change.name ? { name: change.name } : {}),
    ...(change.status ? { status: change.status } : {}),
    actions,
  };
  await save(
    storage,
    list.map((item) => (item.id === id ? updated : item)),
  );
  return updated;
}
