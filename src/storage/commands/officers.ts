import { findOffice } from '@domain/directory.ts';
import { DEFAULT_APPROVER_ROLES } from '@domain/letters.ts';
import type { DeviceContext } from './service-types.ts';

/** The roles that count as officers of the signed-in person's office (its letter approvers). */
export function officersOf(ctx: Pick<DeviceContext, 'directory' | 'person'>) {
  return findOffice(ctx.directory, ctx.person.office)?.approverRoles ?? DEFAULT_APPROVER_ROLES;
}
