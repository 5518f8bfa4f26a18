import { asRecordId, type RecordId } from '@domain/ids.ts';
import type { ServerStorage } from './storage/types.ts';
import { diagnoseRecord, type Diagnosis } from './sync/record-repair.ts';

/**
 * `check-records` and `repair-record <id>`: find stored records whose rows no
 * longer make a record (a corrupted row), and rebuild one from the rows that
 * are sound, or, when those lack what the server accepted, quarantine it.
 */

/** What these commands use of the administrator's I/O (admin-commands.ts). */
interface AdminIo {
  readonly storage: ServerStorage;
  readonly now: () => number;
  readonly out: (line: string) => void;
}

async function diagnose(io: AdminIo, recordId: RecordId): Promise<Diagnosis> {
  const rows = await io.storage.recordRows(recordId);
  const logged = (await io.storage.recordLog(recordId)).map((e) => e.eventId);
  return diagnoseRecord(recordId, rows, logged);
}

export async function checkRecords(io: AdminIo): Promise<number> {
  let damaged = 0;
  const ids = await io.storage.recordIds();
  for (const id of ids) {
    const d = await diagnose(io, id);
    if (d.kind === 'sound') continue;
    damaged++;
    const rows = d.rows.map((r) => `row ${r.seq}: ${r.problem}`).join('; ');
    const next =
      d.rebuilt === null
        ? `cannot be rebuilt: ${d.lost ?? ''}`
        : 'can be rebuilt from its other rows';
    const quarantined = (await io.storage.quarantinedRecord(id)) === null ? '' : ' (quarantined)';
    io.out(`${id}\tdamaged${quarantined}: ${rows}; ${next}`);
  }
  io.out(`${damaged} damaged record(s) of ${ids.length}`);
  return damaged === 0 ? 0 : 1;
}

export async function repairRecord(io: AdminIo, arg: string): Promise<number> {
  const id = asRecordId(arg);
  if ((await io.storage.recordRows(id)).length === 0) {
    io.out(`no record ${arg} on this server`);
    return 1;
  }
  const d = await diagnose(io, id);
  if (d.kind === 'sound') {
    io.out(`record ${arg} is not damaged; nothing to do`);
    return 0;
  }
  if (d.rebuilt !== null) {
    const seq = await io.storage.replaceRecordRows(id, d.rebuilt, io.now());
    io.out(
      `rebuilt record ${arg} from its sound rows (row ${seq}); dropped ${d.rows
        .map((r) => r.seq)
        .join(', ')}; devices pull it again at their next sync`,
    );
    return 0;
  }
  await io.storage.quarantineRecord(id, d.lost ?? 'damaged', io.now());
  io.out(
    `record ${arg} cannot be rebuilt: ${d.lost ?? ''}. It is quarantined: its rows stay as they ` +
      'are for inspection, syncs answer it as damaged, and tablets keep their own copies ' +
      '(a tablet that holds the whole record keeps its changes until the record is restored).',
  );
  return 1;
}
