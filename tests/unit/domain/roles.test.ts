import { describe, expect, it } from 'vitest';
import { ROLES } from '@domain/directory.ts';
import { EVENT_TYPES } from '@domain/events.ts';
import { REFUSAL_REASONS as DOMAIN_REASONS } from '@domain/refusals.ts';
import type { RefusalReason as DomainReason } from '@domain/refusals.ts';
import { REFUSAL_REASONS as WIRE_REASONS } from '@protocol/messages.ts';
import type { RefusalReason as WireReason } from '@protocol/messages.ts';
import { EVENT_TYPES_BY_ROLE, mayDiarise, mayProduce } from '@domain/roles.ts';

describe('roles', () => {
  it('every office role can work on files', () => {
    for (const role of ROLES) {
      for (const type of [
        'noting',
        'sent',
        'opened',
        'pulledBack',
        'parked',
        'closed',
        'reopened',
      ] as const) {
        expect(mayProduce(role, type)).toBe(true);
      }
    }
  });

  it('dak is diarised by desk staff and tehsil officers, not by SDM, ADM or DM', () => {
    expect(mayDiarise('deskAssistant')).toBe(true);
    expect(mayDiarise('collectorateStaff')).toBe(true);
    expect(mayDiarise('tehsildar')).toBe(true);
    for (const role of ['sdm', 'adm', 'dm'] as const) {
      expect(mayProduce(role, 'diarised')).toBe(false);
      expect(mayProduce(role, 'putInFile')).toBe(false);
    }
  });

  it('the trainer may produce everything', () => {
    expect([...EVENT_TYPES_BY_ROLE.trainer].sort()).toEqual([...EVENT_TYPES].sort());
  });
});

describe('refusal reasons', () => {
  it('the domain list is the wire list, name for name', () => {
    expect([...DOMAIN_REASONS]).toEqual([...WIRE_REASONS]);
    const toWire: WireReason = 'eventsDeleted' as DomainReason;
    const toDomain: DomainReason = 'eventsDeleted' as WireReason;
    expect(toWire).toBe(toDomain);
  });
});
