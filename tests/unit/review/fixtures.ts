import type { Directory, Person, Role } from '@domain/directory.ts';
import { foldRecord } from '@domain/fold.ts';
import type { RecordEvent } from '@domain/events.ts';
import { asOfficeId, asPersonId } from '@domain/ids.ts';
import type { OfficeId } from '@domain/ids.ts';
import type { Category, RecordKind } from '@domain/record.ts';
import { projectRecord } from '@domain/projection.ts';
import type { ReviewItem } from '@domain/review.ts';
import { CLERK, T0, hlcAt, meta, rid } from '../domain/builders.ts';

/** A two-tehsil directory and records folded from hand-written histories. */

export const VKN = asOfficeId('vikasnagar');
export const CHK = asOfficeId('chakrata');
export const DDN = asOfficeId('dehradun');
export const CHK_CLERK = asPersonId('clerk.chakrata');
export const DM = asPersonId('dm.dehradun');

function person(id: string, role: Role, office: OfficeId): Person {
  return {
    id: asPersonId(id),
    name: { hi: id, en: id },
    designation: { hi: role, en: role },
    role,
    office,
  };
}

export const DIRECTORY: Directory = {
  version: 1,
  district: { id: 'dehradun', name: { hi: 'देहरादून', en: 'Dehradun' } },
  offices: [
    { id: DDN, code: 'DDN', kind: 'collectorate', name: { hi: 'कलेक्ट्रेट', en: 'Collectorate' } },
    {
      id: VKN,
      code: 'VKN',
      kind: 'tehsil',
      name: { hi: 'विकासनगर', en: 'Vikasnagar' },
      parent: DDN,
    },
    { id: CHK, code: 'CHK', kind: 'tehsil', name: { hi: 'चकराता', en: 'Chakrata' }, parent: DDN },
  ],
  people: [
    person('clerk.vikasnagar', 'deskAssistant', VKN),
    person('naib.vikasnagar', 'naibTehsildar', VKN),
    person('tehsildar.vikasnagar', 'tehsildar', VKN),
    person('clerk.chakrata', 'deskAssistant', CHK),
    person('dm.dehradun', 'dm', DDN),
  ],
};

export interface ItemSpec {
  readonly n: number;
  readonly kind?: RecordKind;
  readonly category?: Category;
  readonly createdBy?: Person['id'];
  readonly createdAt?: number;
  readonly clockVerified?: boolean;
  readonly office?: OfficeId;
}

/** A record folded from `events`, as the review sees it. */
export function item(spec: ItemSpec, events: readonly RecordEvent[], now: number): ReviewItem {
  const m = meta(spec.kind ?? 'file', spec.createdBy ?? CLERK);
  const createdAt = spec.createdAt ?? T0;
  return projectRecord(
    foldRecord(
      {
        ...m,
        id: rid(spec.n),
        number: `${m.number}-${spec.n}`,
        category: spec.category ?? 'revenue',
        office: spec.office ?? VKN,
        createdAt: hlcAt(createdAt),
        createdDeviceTime: createdAt,
        clockVerified: spec.clockVerified ?? true,
      },
      events,
      now,
    ),
  );
}
