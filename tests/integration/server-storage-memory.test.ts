import { memoryLogHarness } from './memory-record-log.ts';
import { runConcurrencyContract } from './server-storage-concurrency.ts';
import { runRecordLogContract } from './server-storage-log-contract.ts';

// The record log's contract on the in-memory implementation (issue 19): the same cases
// SQLite (server-storage-sqlite.test.ts) and PostgreSQL (tests/postgres) pass.
runRecordLogContract('in memory', async () => memoryLogHarness());
runConcurrencyContract('in memory', async () => memoryLogHarness());
