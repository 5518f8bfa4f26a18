/** Names of the `kv` settings; one place so no two modules pick different keys. */
export const KV_KEYS = {
  session: 'session',
  directory: 'directory',
  /** The ETag the kept directory came with from GET /api/directory (kept-directory.ts). */
  directoryTag: 'directoryTag',
  cursor: 'cursor',
  /** Who pulls their scope from the start at their next sync, the directory widened it (pull-again.ts). */
  pullAgain: 'pullAgain',
  /** Each person's join in progress or done, desk first (join-state.ts, decision 0012). */
  join: 'join',
  /** The server data generation the records here belong to (see sync-store.ts). */
  generation: 'generation',
  deviceId: 'deviceId',
  deviceNumber: 'deviceNumber',
  hlcLast: 'hlcLast',
  clockOffset: 'clockOffset',
  lastSynced: 'lastSynced',
  language: 'language',
  /** Prefix; the full key is `seq:<office>/<head>/<year>/<kind>`. */
  sequencePrefix: 'seq:',
  /** Bytes of scans this device keeps from the server (a number; default in scan-budget.ts). */
  scanBudget: 'scanBudget',
  /** This device's "practice offline" switch (trainer mode), a boolean. */
  practiceOffline: 'practiceOffline',
  /** Prefix; the full key is `exercise:<personId>`, that person's guided-exercise progress. */
  exercisePrefix: 'exercise:',
  /** The directory's device signing keys (DirectoryKey[], device-keys.ts). */
  deviceKeys: 'deviceKeys',
  /** The server's log key, the last tree head verified and the latest log alarm (log-watch.ts). */
  logKey: 'logKey',
  logHead: 'logHead',
  logAlarm: 'logAlarm',
  /**
   * The other tier's log key and what this tablet keeps of it while the current
   * tier answers: its head, data generation, cursors and joins (tiers.ts, decision 0015).
   */
  logTiers: 'logTiers',
  /** When this tablet last changed tier (device ms, tiers.ts). */
  tierSwitchedAt: 'tierSwitchedAt',
  /**
   * The log keys this tablet took on the district's word (decision 0017): never
   * signers of a vouch themselves (tiers.ts vouchSigners).
   */
  vouchedKeys: 'vouchedKeys',
  /**
   * The district's log key, as the first sign-in that told it named it (decision 0017,
   * amendment 1): the only key whose vouch for a relay's key is taken (tiers.ts).
   */
  districtKey: 'districtKey',
  /** The district's own origin, where syncs go while the office relay cannot be reached (tiers.ts). */
  syncFallback: 'syncFallback',
  /** Syncs in a row this tablet's own address did not answer (tiers.ts ownAddressMissed). */
  ownAddressMisses: 'ownAddressMisses',
  /** When another office's relay last answered this tablet's own address (tiers.ts otherOfficeRelay). */
  otherOfficeRelay: 'otherOfficeRelay',
  /** Whose access the administrator revoked here last, until dismissed (revoked-access.ts). */
  accessRevoked: 'accessRevoked',
  /** An older build's session ended to be signed in again (session-upgrade.ts). */
  signInAgain: 'signInAgain',
  /** Ids of refusals made later (an office relay's) quarantined here, until the relay has heard (number[]). */
  laterTaken: 'laterTaken',
  /**
   * Records whose log entries an office relay served in another order than the district's
   * proofs show (string[], relay-claims.ts, decision 0020 amendment 3).
   */
  relayDisordered: 'relayDisordered',
} as const;
