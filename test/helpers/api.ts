import type { Role } from '@retrace/shared';

export interface CreatedBoard {
  readonly id: string;
  readonly tokens: Record<Role, string>;
}

export async function createBoard(
  httpUrl: string,
  body: Record<string, unknown> = { title: 'Test incident' },
): Promise<CreatedBoard> {
  const response = await fetch(`${httpUrl}/api/boards`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (response.status !== 201) throw new Error(`create board: ${response.status} ${await response.text()}`);
  return (await response.json()) as CreatedBoard;
}
