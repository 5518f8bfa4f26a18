import { joinRequestSize } from '@protocol/frame-sizes.ts';
import { brotliCompressSync, constants as zlib } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as Y from 'yjs';
import { asDeviceId, asRecordId } from '@domain/ids.ts';
import type { LogEntry } from '@domain/record-log.ts';
import { decodeFrame, encodeFrame, encodeSyncResponseParts } from '@protocol/codec.ts';
import {
  encodedSizeOfPushedUpdate,
  encodedSizeOfServerUpdate,
  syncRequestOverhead,
} from '@protocol/frame-sizes.ts';
import { varUintSize } from '@protocol/wire-ids.ts';
import {
  CHANNEL_FRAME_VERSION,
  ERROR_CODES,
  MAX_TAKEN_PER_REQUEST,
  MIN_CLIENT_PROTOCOL,
  NO_GENERATION,
  PROTOCOL_VERSION,
  REFUSAL_REASONS,
  type Frame,
  type JoinRequest,
  type JoinResponse,
  type SyncRequest,
  type SyncResponse,
} from '@protocol/messages.ts';

const uint = fc.nat({ max: Number.MAX_SAFE_INTEGER });
const smallUint = fc.nat({ max: 100_000 });
const id = fc.oneof(fc.uuid({ version: 4 }), fc.string({ unit: 'binary', maxLength: 40 }));
const bytes = fc.uint8Array({ maxLength: 200 });
const text = fc.string({ unit: 'binary', maxLength: 60 });

const deskMark = fc.option(fc.record({ recordId: id.map(asRecordId), seq: uint }), { nil: null });
/** A join's request (protocol 14, decision 0012), or none. */
const joinRequest: fc.Arbitrary<JoinRequest | undefined> = fc.option(
  fc.oneof(
    fc.record({ phase: fc.constant('desk' as const), seq: uint, after: deskMark }),
    fc.record({ phase: fc.constant('rest' as const), seq: uint }),
  ),
  { nil: undefined },
);
const joinResponse: fc.Arbitrary<JoinResponse | undefined> = fc.option(
  fc.record({
    phase: fc.constantFrom('desk' as const, 'rest' as const),
    seq: uint,
    next: deskMark,
    recordsLeft: uint,
    bytesLeft: uint,
  }),
  { nil: undefined },
);

const syncRequest: fc.Arbitrary<SyncRequest> = fc
  .record({
    type: fc.constant('syncRequest' as const),
    protocol: fc.constant(PROTOCOL_VERSION),
    deviceId: id.map(asDeviceId),
    cursor: uint,
    generation: uint,
    logSize: uint,
    updates: fc.array(fc.record({ ref: smallUint, recordId: id.map(asRecordId), update: bytes }), {
      maxLength: 5,
    }),
    join: joinRequest,
    taken: fc.option(
      fc.array(fc.integer({ min: 1, max: 2 ** 40 }), { minLength: 1, maxLength: 4 }),
      { nil: undefined },
    ),
  })
  .map(({ join, taken, ...rest }) => ({
    ...rest,
    ...(join === undefined ? {} : { join }),
    ...(taken === undefined ? {} : { taken }),
  }));

/** Log entries as the server sends them: increasing positions, any times, notBefore ≤ receivedAt. */
const entries: fc.Arbitrary<LogEntry[]> = fc
  .array(
    fc.record({
      eventId: id,
      step: fc.integer({ min: 1, max: 1_000_000 }),
      receivedAt: fc.nat({ max: 2 ** 45 }),
      before: fc.nat({ max: 2 ** 40 }),
      register: fc.option(
        fc.record({ year: fc.integer({ min: 1000, max: 9999 }), serial: fc.integer({ min: 1 }) }),
        { nil: undefined },
      ),
    }),
    { maxLength: 4 },
  )
  .map((raw) => {
    let pos = 0;
    return raw.map((e) => {
      pos += e.step;
      const notBefore = Math.max(0, e.receivedAt - e.before);
      const entry = { eventId: e.eventId, pos, receivedAt: e.receivedAt, notBefore };
      return e.register === undefined ? entry : { ...entry, register: e.register };
    });
  });

const hash = fc.uint8Array({ minLength: 32, maxLength: 32 });
const treeHead = fc.record({
  size: uint,
  root: hash,
  time: uint,
  sig: fc.uint8Array({ minLength: 64, maxLength: 64 }),
});

const syncResponse: fc.Arbitrary<SyncResponse> = fc
  .record({
    type: fc.constant('syncResponse' as const),
    protocol: fc.constant(PROTOCOL_VERSION),
    acks: fc.array(smallUint, { maxLength: 5 }),
    logged: fc.array(fc.record({ recordId: id.map(asRecordId), entries }), { maxLength: 3 }),
    refusals: fc.array(
      fc.record({
        ref: smallUint,
        recordId: id.map(asRecordId),
        reason: fc.constantFrom(...REFUSAL_REASONS),
        detail: text,
        serverState: bytes,
        entries,
        later: fc.option(fc.record({ id: fc.integer({ min: 1, max: 2 ** 40 }), change: bytes }), {
          nil: undefined,
        }),
      }),
      { maxLength: 3 },
    ),
    updates: fc.array(
      fc.record({ seq: uint, recordId: id.map(asRecordId), update: bytes, entries }),
      { maxLength: 5 },
    ),
    cursor: uint,
    more: fc.boolean(),
    serverTime: uint,
    headSeq: uint,
    generation: uint,
    head: fc.option(treeHead, { nil: undefined }),
    consistency: fc.array(hash, { maxLength: 4 }),
    join: joinResponse,
  })
  .map(({ head, join, ...rest }) => ({
    ...rest,
    ...(head === undefined ? {} : { treeHead: head }),
    ...(join === undefined ? {} : { join }),
  }));

const anyFrame: fc.Arbitrary<Frame> = fc.oneof(
  syncRequest,
  syncResponse,
  fc.record({ type: fc.constant('announce' as const), cursor: uint }),
  fc.record({ type: fc.constant('heartbeat' as const), intervalMs: uint }),
  fc.record({ type: fc.constant('directory' as const), version: uint }),
  fc.record({
    type: fc.constant('error' as const),
    code: fc.constantFrom(...ERROR_CODES),
    detail: text,
  }),
);

const idleRequest: SyncRequest = {
  type: 'syncRequest',
  protocol: PROTOCOL_VERSION,
  deviceId: asDeviceId('3f2b8c1e-9a4d-4e6f-8b7a-1c2d3e4f5a6b'),
  cursor: 1_234_567,
  generation: 3,
  logSize: 0,
  updates: [],
};

describe('codec', () => {
  it('round-trips every frame type', () => {
    fc.assert(
      fc.property(anyFrame, (frame) => {
        const decoded = decodeFrame(encodeFrame(frame));
        expect(decoded).toEqual({ ok: true, value: frame });
      }),
      { numRuns: 500 },
    );
  });

  it('never throws on random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (garbage) => {
        const r = decodeFrame(garbage);
        if (!r.ok)
          expect(['frameMalformed', 'clientTooOld', 'serverTooOld']).toContain(r.error.code);
      }),
      { numRuns: 2000 },
    );
  });

  it('refuses every truncation of a valid frame, and mutations never throw', () => {
    fc.assert(
      fc.property(anyFrame, fc.nat(), fc.nat({ max: 255 }), (frame, at, value) => {
        const full = encodeFrame(frame);
        const cut = at % full.length;
        expect(decodeFrame(full.subarray(0, cut)).ok).toBe(false);
        const mutated = full.slice();
        mutated[cut] = value;
        decodeFrame(mutated); // must return, whatever it says
      }),
      { numRuns: 1000 },
    );
  });

  it('does not read past a truncated view into the rest of its buffer', () => {
    const full = encodeFrame({
      ...idleRequest,
      updates: [{ ref: 1, recordId: asRecordId('r'), update: new Uint8Array(50) }],
    });
    const padded = new Uint8Array(full.length + 100);
    padded.set(full);
    const view = padded.subarray(0, full.length - 10);
    expect(decodeFrame(view)).toMatchObject({ ok: false, error: { code: 'frameMalformed' } });
  });

  it('refuses wrong magic, unknown tags and trailing bytes', () => {
    const good = encodeFrame(idleRequest);
    const wrongMagic = good.slice();
    wrongMagic[0] = 0x51;
    expect(decodeFrame(wrongMagic)).toMatchObject({ ok: false, error: { code: 'frameMalformed' } });
    const unknownTag = good.slice();
    unknownTag[3] = 99;
    expect(decodeFrame(unknownTag)).toMatchObject({ ok: false, error: { code: 'frameMalformed' } });
    const trailing = new Uint8Array([...good, 0]);
    expect(decodeFrame(trailing)).toMatchObject({ ok: false, error: { code: 'frameMalformed' } });
    expect(decodeFrame(new Uint8Array())).toMatchObject({
      ok: false,
      error: { code: 'frameMalformed' },
    });
  });

  it('refuses absurd counts and lengths without allocating', () => {
    // header, device id as string tag + len 1 'd', cursor 0, generation 0, count = 2^50
    const hugeCount = new Uint8Array([
      0x50,
      0x56,
      PROTOCOL_VERSION,
      1,
      0,
      1,
      100,
      0,
      0,
      0x80,
      0x80,
      0x80,
      0x80,
      0x80,
      0x80,
      0x80,
      0x01,
    ]);
    expect(decodeFrame(hugeCount)).toMatchObject({ ok: false, error: { code: 'frameMalformed' } });
    const hugeString = new Uint8Array([0x50, 0x56, PROTOCOL_VERSION, 1, 0, 0xff, 0xff, 0xff, 0x7f]);
    expect(decodeFrame(hugeString)).toMatchObject({ ok: false, error: { code: 'frameMalformed' } });
    const overlongVarint = new Uint8Array([0x50, 0x56, ...new Array<number>(12).fill(0xff), 1]);
    expect(decodeFrame(overlongVarint).ok).toBe(false);
  });

  it('tells a newer frame (serverTooOld) from an older one (clientTooOld)', () => {
    const newer = encodeFrame({ ...idleRequest, protocol: PROTOCOL_VERSION + 1 });
    expect(decodeFrame(newer)).toMatchObject({ ok: false, error: { code: 'serverTooOld' } });
    // A newer client's request body may have any layout: only the header is read.
    const newerOddBody = new Uint8Array([0x50, 0x56, PROTOCOL_VERSION + 1, 1, 0xff, 0xff]);
    expect(decodeFrame(newerOddBody)).toMatchObject({ ok: false, error: { code: 'serverTooOld' } });
    const older = new Uint8Array([0x50, 0x56, MIN_CLIENT_PROTOCOL - 1, 1]);
    expect(decodeFrame(older)).toMatchObject({ ok: false, error: { code: 'clientTooOld' } });
  });

  it('sends a directory frame as push frames go, which a build before it takes as no frame', () => {
    const frame = encodeFrame({ type: 'directory', version: 7 });
    expect([...frame]).toEqual([0x50, 0x56, CHANNEL_FRAME_VERSION, 6, 7]);
    // As such a build reads it: a tag it does not know is not a frame (the channel ignores it).
    const unknownTag = new Uint8Array([0x50, 0x56, CHANNEL_FRAME_VERSION, 99, 7]);
    expect(decodeFrame(unknownTag)).toMatchObject({ ok: false, error: { code: 'frameMalformed' } });
  });

  it('reads error frames whatever their version, so a refusal is always understood', () => {
    const e = encodeFrame({ type: 'error', code: 'clientTooOld', detail: 'update the app' });
    const fromNewer = e.slice();
    fromNewer[2] = PROTOCOL_VERSION + 5;
    expect(decodeFrame(fromNewer)).toEqual({
      ok: true,
      value: { type: 'error', code: 'clientTooOld', detail: 'update the app' },
    });
  });

  it('keeps an idle sync exchange to a few dozen bytes', () => {
    const request = encodeFrame(idleRequest);
    const response = encodeFrame({
      type: 'syncResponse',
      protocol: PROTOCOL_VERSION,
      acks: [],
      refusals: [],
      updates: [],
      cursor: 1_234_567,
      more: false,
      serverTime: 1_780_000_000_000,
      headSeq: 1_234_567,
      generation: 3,
    });
    expect(request.length).toBeLessThanOrEqual(30);
    expect(response.length).toBeLessThanOrEqual(30);
    expect(request.length).toBe(
      syncRequestOverhead(idleRequest.deviceId, idleRequest.cursor, 0, idleRequest.generation),
    );
  });

  it("carries log entries with acks and pulled updates, and refuses an older build's frame", () => {
    const entry = {
      eventId: '3f2b8c1e-9a4d-4e6f-8b7a-1c2d3e4f5a6c',
      pos: 9,
      receivedAt: 5,
      notBefore: 1,
    };
    const v3: SyncResponse = {
      type: 'syncResponse',
      protocol: PROTOCOL_VERSION,
      acks: [1],
      logged: [{ recordId: asRecordId(idleRequest.deviceId), entries: [entry] }],
      refusals: [],
      updates: [
        { seq: 4, recordId: asRecordId('r'), update: Uint8Array.of(0, 0), entries: [entry] },
      ],
      cursor: 4,
      more: false,
      serverTime: 7,
      headSeq: 4,
      generation: 1,
      consistency: [],
    };
    expect(decodeFrame(encodeFrame(v3))).toEqual({ ok: true, value: v3 });
    // What the entries cost: 17 bytes of id plus a few varints for the acked one; the pulled
    // one's id is text (38 bytes), which its update carries too (see 'writes a pulled ...').
    const bare = { ...v3, logged: [], updates: [{ ...v3.updates[0]!, entries: [] }] };
    expect(encodeFrame(v3).length - encodeFrame(bare).length).toBeLessThanOrEqual(30 + 60);
    // A build from before MIN_CLIENT_PROTOCOL would hold records it cannot read as damaged:
    // its sync frames are refused whole, so the server can tell it to update.
    // Protocol 6 builds cannot read entries carrying register numbers (protocol 7), protocol 7
    // builds records with copies or linked files (protocol 8); protocol 13 to 15 builds
    // cannot read saved groups of recipients (protocol 16, decision 0014).
    for (const protocol of [2, 3, 4, 5, 6, 7, 13, 14, 15]) {
      expect(decodeFrame(encodeFrame({ ...v3, protocol }))).toMatchObject({
        ok: false,
        error: { code: 'clientTooOld' },
      });
      expect(decodeFrame(encodeFrame({ ...idleRequest, protocol }))).toMatchObject({
        ok: false,
        error: { code: 'clientTooOld' },
      });
    }
  });

  it("sends a commit's log entries in about 20 bytes each", () => {
    const at = 1_780_000_000_000;
    const many = Array.from({ length: 10 }, (_, i) => ({
      eventId: `3f2b8c1e-9a4d-4e6f-8b7a-1c2d3e4f5a${String(i).padStart(2, '0')}`,
      pos: 1_000_000 + i,
      receivedAt: at,
      notBefore: at - 600_000,
    }));
    const frame = (entries: LogEntry[]) =>
      encodeFrame({
        type: 'syncResponse',
        protocol: PROTOCOL_VERSION,
        acks: [],
        logged: [{ recordId: asRecordId('r'), entries }],
        refusals: [],
        updates: [],
        cursor: 0,
        more: false,
        serverTime: 0,
        headSeq: 0,
      });
    expect((frame(many).length - frame([]).length) / many.length).toBeLessThan(24);
    // A running-register number adds a few bytes to its dispatch's entry only (protocol 7):
    // serial 417 and year 2026 are two varint bytes each, instead of the one byte "none".
    const numbered = many.map((e, i) =>
      i === 0 ? { ...e, register: { year: 2026, serial: 417 } } : e,
    );
    expect(frame(numbered).length - frame(many).length).toBe(3);
    expect(decodeFrame(frame(numbered))).toMatchObject({
      ok: true,
      value: { logged: [{ entries: numbered }] },
    });
  });

  it('carries the data generation both ways, and an absent one as NO_GENERATION', () => {
    const { generation: _omitted, ...withoutGeneration } = idleRequest;
    const decoded = decodeFrame(encodeFrame(withoutGeneration));
    expect(decoded).toEqual({ ok: true, value: { ...idleRequest, generation: NO_GENERATION } });
    const response = decodeFrame(
      encodeFrame({
        type: 'syncResponse',
        protocol: PROTOCOL_VERSION,
        acks: [],
        refusals: [],
        updates: [],
        cursor: 0,
        more: false,
        serverTime: 1,
        headSeq: 0,
        generation: 7,
      }),
    );
    expect(response.ok && response.value.type === 'syncResponse' && response.value.generation).toBe(
      7,
    );
  });

  it("carries the signed tree head and proof, and the device's log size", () => {
    const head = {
      size: 123_456,
      root: new Uint8Array(32).fill(7),
      time: 1_780_000_000_000,
      sig: new Uint8Array(64).fill(9),
    };
    const base: SyncResponse = {
      type: 'syncResponse',
      protocol: PROTOCOL_VERSION,
      acks: [],
      logged: [],
      refusals: [],
      updates: [],
      cursor: 0,
      more: false,
      serverTime: 1,
      headSeq: 0,
      generation: 1,
      consistency: [],
    };
    const proof = Array.from({ length: 17 }, (_, i) => new Uint8Array(32).fill(i));
    const withHead = { ...base, treeHead: head, consistency: proof };
    expect(decodeFrame(encodeFrame(withHead))).toEqual({ ok: true, value: withHead });
    // The cost per response: the head in 110 bytes, each proof node in 33.
    const headBytes = encodeFrame({ ...base, treeHead: head }).length - encodeFrame(base).length;
    expect(headBytes).toBeLessThanOrEqual(110);
    expect(encodeFrame(withHead).length - encodeFrame({ ...base, treeHead: head }).length).toBe(
      17 * 33,
    );
    const request = { ...idleRequest, logSize: 99 };
    expect(decodeFrame(encodeFrame(request))).toEqual({ ok: true, value: request });
  });

  it('carries a join from protocol 14 on, and writes a protocol 13 frame without it', () => {
    const join = { phase: 'desk', seq: 77, after: null } as const;
    const request = { ...idleRequest, join };
    expect(decodeFrame(encodeFrame(request))).toEqual({ ok: true, value: request });
    // A protocol 13 frame has no join; since protocol 16 (saved groups, decision 0014) such a
    // device is no longer answered at all: it is told to update.
    const old = { ...idleRequest, protocol: 13 };
    expect(MIN_CLIENT_PROTOCOL).toBe(16);
    expect(encodeFrame({ ...old, join }).length).toBe(encodeFrame(old).length);
    expect(decodeFrame(encodeFrame(old))).toMatchObject({
      ok: false,
      error: { code: 'clientTooOld' },
    });
    const response: SyncResponse = {
      type: 'syncResponse',
      protocol: 13,
      acks: [],
      logged: [],
      refusals: [],
      updates: [],
      cursor: 5,
      more: false,
      serverTime: 9,
      headSeq: 5,
      generation: 1,
      consistency: [],
    };
    const joined = { phase: 'rest', seq: 5, next: null, recordsLeft: 0, bytesLeft: 0 } as const;
    expect(encodeFrame({ ...response, join: joined })).toEqual(encodeFrame(response));
    const now = { ...response, protocol: PROTOCOL_VERSION, join: joined };
    expect(decodeFrame(encodeFrame(now))).toEqual({ ok: true, value: now });
  });

  it("carries where a join's whole records began, from protocol 17 on (decision 0019)", () => {
    const join = { phase: 'rest', seq: 9_000, wholeFrom: 1_234 } as const;
    const request = { ...idleRequest, join };
    expect(PROTOCOL_VERSION).toBeGreaterThanOrEqual(17);
    expect(decodeFrame(encodeFrame(request))).toEqual({ ok: true, value: request });
    // Counted as written: the join's bytes grow by the cursor's varint.
    const plain = { ...idleRequest, join: { phase: 'rest', seq: 9_000 } as const };
    expect(decodeFrame(encodeFrame(plain))).toEqual({ ok: true, value: plain });
    expect(encodeFrame(request).length - encodeFrame(plain).length).toBe(
      joinRequestSize(join) - joinRequestSize(plain.join),
    );
    expect(joinRequestSize(join) - joinRequestSize(plain.join)).toBe(2);
  });

  it('carries refusals made later and the ids of those taken, from protocol 15 only', () => {
    const later = {
      ref: 0,
      recordId: asRecordId('3f2b8c1e-9a4d-4e6f-8b7a-1c2d3e4f5a6c'),
      reason: 'keyRevoked' as const,
      detail: 'key k was revoked',
      serverState: new Uint8Array([1, 2]),
      entries: [],
      later: { id: 7, change: new Uint8Array([3, 4, 5]) },
    };
    const response: SyncResponse = {
      type: 'syncResponse',
      protocol: PROTOCOL_VERSION,
      acks: [],
      refusals: [later],
      updates: [],
      cursor: 4,
      more: false,
      serverTime: 9,
      headSeq: 4,
    };
    const request = { ...idleRequest, taken: [7, 300] };
    const decodedResponse = decodeFrame(encodeFrame(response));
    expect(decodedResponse.ok && decodedResponse.value).toMatchObject({ refusals: [later] });
    const decodedRequest = decodeFrame(encodeFrame(request));
    expect(decodedRequest.ok && decodedRequest.value).toMatchObject({ taken: [7, 300] });
    // A protocol 13 or 14 frame holds neither (such a device is told to update since protocol 16).
    for (const protocol of [13, 14]) {
      expect(encodeFrame({ ...response, protocol }).length).toBeLessThan(
        encodeFrame(response).length,
      );
      expect(encodeFrame({ ...request, protocol }).length).toBe(
        encodeFrame({ ...idleRequest, protocol }).length,
      );
    }
  });

  it('refuses a request naming more taken refusals than the cap, as malformed', () => {
    const ids = (n: number) => Array.from({ length: n }, (_, i) => i + 1);
    const atCap = decodeFrame(encodeFrame({ ...idleRequest, taken: ids(MAX_TAKEN_PER_REQUEST) }));
    expect(atCap.ok && atCap.value.type === 'syncRequest' && atCap.value.taken?.length).toBe(
      MAX_TAKEN_PER_REQUEST,
    );
    // 250,000 ids fit in a frame's bytes; the cap refuses them before reading one.
    for (const n of [MAX_TAKEN_PER_REQUEST + 1, 250_000])
      expect(decodeFrame(encodeFrame({ ...idleRequest, taken: ids(n) }))).toEqual({
        ok: false,
        error: {
          code: 'frameMalformed',
          detail: `a sync request names at most ${MAX_TAKEN_PER_REQUEST} taken refusals, not ${n}`,
        },
      });
  });

  it('sizes pushed updates exactly, for paging', () => {
    fc.assert(
      fc.property(syncRequest, (req) => {
        const predicted =
          syncRequestOverhead(
            req.deviceId,
            req.cursor,
            req.updates.length,
            req.generation,
            req.logSize,
            req.join,
            req.taken,
          ) + req.updates.reduce((n, u) => n + encodedSizeOfPushedUpdate(u), 0);
        expect(encodeFrame(req).length).toBe(predicted);
      }),
    );
  });

  it('sends Yjs updates as raw bytes, not base64', () => {
    const update = new Uint8Array(1000).map((_, i) => (i * 7) % 256);
    const frame = encodeFrame({
      ...idleRequest,
      updates: [{ ref: 1, recordId: asRecordId('r'), update }],
    });
    expect(frame.length).toBeLessThan(1000 + 40);
  });
});

describe("a pulled update's ids", () => {
  const recordId = asRecordId('0d3c7a52-6b1e-4f0a-9c2d-5e8f7a6b4c3d');
  /** An update appending `n` events, each with its id as text, and their log entries. */
  const pulled = (n: number) => {
    const doc = new Y.Doc();
    // Random ids, as a tablet makes them (a seeded generator: the same every run).
    let seed = 2026;
    const hex = (k: number): string =>
      Array.from({ length: k }, () => {
        seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
        return (seed >> 16).toString(16).slice(-1);
      }).join('');
    const ids = Array.from(
      { length: n },
      () => `${hex(8)}-${hex(4)}-4${hex(3)}-a${hex(3)}-${hex(12)}`,
    );
    doc.getArray('events').push(ids.map((id, i) => ({ id, type: 'noting', text: `टिप्पणी ${i}` })));
    const update = Y.encodeStateAsUpdate(doc);
    const entries = ids.map((eventId, i) => ({
      eventId,
      pos: 1000 + i,
      receivedAt: 1_780_000_000_000,
      notBefore: 1_780_000_000_000 - 60_000,
    }));
    return { seq: 42, recordId, update, entries };
  };
  const response = (updates: SyncResponse['updates']): SyncResponse => ({
    type: 'syncResponse',
    protocol: PROTOCOL_VERSION,
    acks: [],
    logged: [],
    refusals: [],
    updates,
    cursor: 42,
    more: false,
    serverTime: 0,
    headSeq: 42,
    generation: 1,
    consistency: [],
  });
  const brotli = (bytes: Uint8Array): number =>
    brotliCompressSync(bytes, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11 } }).length;

  it('travel as text, which every protocol 16 reader reads as the same ids', () => {
    const u = pulled(3);
    const frame = encodeFrame(response([u]));
    const latin = Buffer.from(frame).toString('latin1');
    expect(latin).toContain(recordId);
    // Each event id twice: inside its event in the update, and in its log entry.
    for (const { eventId } of u.entries) expect(latin.split(eventId)).toHaveLength(3);
    expect(decodeFrame(frame)).toEqual({ ok: true, value: response([u]) });
  });

  it('cost a few bytes an entry once compressed, as copies of the ids in the update', () => {
    const n = 40;
    const u = pulled(n);
    const withEntries = brotli(encodeFrame(response([u])));
    const without = brotli(encodeFrame(response([{ ...u, entries: [] }])));
    // As 16 random bytes each, the entries cost at least 16 bytes apiece after compression.
    expect((withEntries - without) / n).toBeLessThan(10);
  });

  it('are sized exactly, for paging', () => {
    fc.assert(
      fc.property(syncResponse, (f) => {
        const { updates } = encodeSyncResponseParts(f);
        const predicted = f.updates.reduce(
          (n, u) => n + encodedSizeOfServerUpdate(u),
          varUintSize(f.updates.length),
        );
        expect(updates.length).toBe(predicted);
      }),
    );
  });
});

describe('sync response parts', () => {
  it('are exactly the encoded frame, split around the page of updates', () => {
    fc.assert(
      fc.property(syncResponse, (f) => {
        const { head, updates, tail } = encodeSyncResponseParts(f);
        expect(new Uint8Array([...head, ...updates, ...tail])).toEqual(encodeFrame(f));
        const same = encodeSyncResponseParts({ ...f, acks: [7], serverTime: 0, headSeq: 1 });
        expect(same.updates).toEqual(updates);
      }),
    );
  });
});
