/** Capability roles carried by board links. */
export const ROLES = ['facilitator', 'editor', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export function canWriteDocument(role: Role): boolean {
  return role !== 'viewer';
}

export function isRole(value: unknown): value is Role {
  return (ROLES as readonly unknown[]).includes(value);
}
