/** Branded ids: a RecordId cannot be passed where a PersonId is expected. */
declare const brand: unique symbol;
export type Brand<T, B extends string> = T & { readonly [brand]: B };

/** UUID of a record document (a file or a receipt). */
export type RecordId = Brand<string, 'RecordId'>;
/** UUID of one event inside a record. */
export type EventId = Brand<string, 'EventId'>;
/** A person's username, e.g. `clerk.vikasnagar`. */
export type PersonId = Brand<string, 'PersonId'>;
/** An office id, e.g. `vikasnagar`. */
export type OfficeId = Brand<string, 'OfficeId'>;
/** A device's UUID, chosen by the device on first sign-in. */
export type DeviceId = Brand<string, 'DeviceId'>;

export const asRecordId = (s: string): RecordId => s as RecordId;
export const asEventId = (s: string): EventId => s as EventId;
export const asPersonId = (s: string): PersonId => s as PersonId;
export const asOfficeId = (s: string): OfficeId => s as OfficeId;
export const asDeviceId = (s: string): DeviceId => s as DeviceId;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
export const isUuid = (s: unknown): s is string => typeof s === 'string' && UUID.test(s);
