import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import type { AddressInfo } from 'node:net';
import { asDeviceId } from '@domain/ids.ts';
import { buildServer } from '../app.ts';
import { ConfigError, configFromEnv } from '../config.ts';
import { lanAddresses } from '../start-env.ts';
import { DataDirLockedError } from '../storage/data-dir-lock.ts';
import { httpsDeps } from '../tls/https-deps.ts';
import { relayConfigFrom } from './relay-config.ts';
import { openDistrictLog } from './district-log.ts';
import { officeNamed, relayIdOf } from './relay-identity.ts';
import type { RelayRole } from './relay-role.ts';
import { openLaterRefusals } from './later-refusals.ts';
import { openPendingRegistrations } from './pending-registrations.ts';
import { openSignOuts } from './sign-outs.ts';
import { relayAccounts } from './relay-sign-in.ts';
import { liveDirectory } from '../directory/live-directory.ts';
import { directoryAtStart } from './relay-directory.ts';
import { readRelayState, writeRelayState, type RelayState } from './relay-state.ts';
import { startUpstream, type UpstreamDeps } from './upstream.ts';
import { createScanLink, type ScanLink } from './scan-link.ts';
import { openBlobDir } from '../attachments/blob-dir.ts';
import { signInUpstream } from './upstream-calls.ts';
import { timedFetch } from './timed-fetch.ts';
import { closingFetch } from './closing-fetch.ts';
import { districtProofsAsker } from './district-proofs.ts';
import { openRelayVouch } from './relay-vouch.ts';
import { openLogSigner } from '../auth/log-key.ts';
import { nodeVerifier } from '../auth/device-keys.ts';

/** However slowly the district answers, one call ends within this (a page on 2G takes ~30 s). */
const WHOLE_CALL_MS = 10 * 60_000;

/**
 * `npm run relay -- --upstream https://district.example --office VKN`: the server
 * program as an office relay (docs/decisions/0010-office-relay.md). It signs in
 * at the district (or, with the WAN down, starts from the directory it kept),
 * serves the PWA and the sync API to the office's tablets, and syncs upstream.
 * The first stdout line `Patravali relay <office> listening on http(s)://HOST:PORT/`
 * is parsed by tests.
 */

async function main(): Promise<void> {
  const relay = relayConfigFrom(process.env, process.argv.slice(2));
  // The relay forwards only signed work; tablets learn of an unsigned change at once.
  const argv = process.argv.slice(2);
  const env = argv.includes('--https') ? { ...process.env, PATRAVALI_HTTPS: '1' } : process.env;
  const base = configFromEnv(env, process.cwd());
  const config = {
    ...base,
    requireSignatures: true,
    // The app's pages from the relay may sync with the district's own address (decision 0015).
    connectSources: [
      ...(base.connectSources ?? []),
      ...(relay.fallback === undefined ? [] : [relay.fallback]),
    ],
  };
  const everywhere = config.host === '0.0.0.0' || config.host === '::';
  const lan = everywhere ? lanAddresses(networkInterfaces()) : [];
  // Before the district is asked anything: a certificate that cannot be used stops the start.
  const https = await httpsDeps(config, lan, 'relay');
  mkdirSync(config.dataDir, { recursive: true });
  const fresh: RelayState = {
    deviceId: asDeviceId(randomUUID()),
    token: '',
    directory: null,
    cursor: 0,
    generation: 0,
    pushed: 0,
    revokedUpTo: 0,
    districtOrder: true,
  };
  let state = readRelayState(config.dataDir) ?? fresh;
  if (state.districtOrder !== true) {
    // Upgraded from a build that kept its own order: the district's positions of what it
    // logged before come with a pull from the start (its own pushes too, from cursor 0),
    // begun again at each start until one reaches the head (upstream.ts).
    console.log(
      "The relay pulls its office's files again from the start, once, to learn the district's order of what it holds.",
    );
    state = { ...state, cursor: 0 };
    await writeRelayState(config.dataDir, state);
  }
  // Every call to the district, the tablets' forwarded sign-ins too, gives up when it hangs.
  // Every call to the district is given up when the relay closes (closing-fetch.ts).
  const calls = closingFetch(fetch);
  const up = { url: relay.upstream, fetch: timedFetch(calls.fetch, relay.quietMs, WHOLE_CALL_MS) };
  // The district's log key is kept from the first sign-in that names one, never replaced.
  const districtLog = openDistrictLog(config.dataDir, (line) => console.log(line));
  const first = await signInUpstream(up, relay.office, relay.key, state);
  if (first.ok) {
    await districtLog.takeKey(first.session.logKey, Date.now());
    // A directory without the relay's office, or older than the one it holds, never replaces it;
    // nor one from a district whose log alarm stands (decision 0010, amendment 2).
    const alarm = districtLog.trouble();
    const sent =
      alarm === null
        ? directoryAtStart(first.session.directory, relay.office, state.directory)
        : { refused: `the district's log does not check (${alarm.alarm})` };
    if ('refused' in sent && state.directory === null)
      throw new ConfigError(`the relay cannot start: the district's directory: ${sent.refused}`);
    if ('refused' in sent)
      console.log(
        `The district's directory is not taken (${sent.refused}); serving from the one the relay holds.`,
      );
    if (!('refused' in sent) && sent.pullAgain)
      console.log(
        "The district's directory has someone who joined the office while the relay was off: it pulls the office's files again from the start.",
      );
    state = {
      ...state,
      token: first.session.token,
      ...('refused' in sent ? {} : { directory: sent.directory }),
      ...('refused' in sent || !sent.pullAgain ? {} : { cursor: 0 }),
    };
    await writeRelayState(config.dataDir, state);
  } else if (first.refused) {
    throw new RelayRefused(`the relay cannot start: ${first.detail}`);
  } else if (state.directory === null) {
    throw new ConfigError(`the relay cannot start: ${first.detail}`);
  } else {
    console.log(
      `The district cannot be reached (${first.detail}); serving from what the relay holds.`,
    );
  }
  const directory = state.directory;
  const office = directory === null ? undefined : officeNamed(directory, relay.office);
  if (directory === null || office === undefined)
    throw new ConfigError(`no office "${relay.office}" in the district's directory`);
  const live = liveDirectory(directory);
  const now = () => Date.now();
  const pending = openPendingRegistrations(config.dataDir);
  const refusals = openLaterRefusals(config.dataDir);
  const signOuts = openSignOuts(config.dataDir, (line) => console.log(line));
  // The district's word for the relay's log key, for tablets that knew only the district.
  const vouch = openRelayVouch({
    ...up,
    dataDir: config.dataDir,
    office: office.id,
    ownKey: openLogSigner(config.dataDir).publicKey,
    districtKey: () => districtLog.keptKey(),
    distrusted: () => districtLog.trouble() !== null,
    token: () => readRelayState(config.dataDir)?.token ?? '',
    verify: nodeVerifier(),
    log: (line) => console.log(line),
    setTimeout: (fn, ms) => setTimeout(fn, ms),
    clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
  });
  // The district's proofs for a tablet, asked for on its request (decision 0020).
  const proofs = districtProofsAsker(up, () => readRelayState(config.dataDir)?.token ?? '');
  // Scans cross with the district apart from the records (scan-link.ts).
  const blobs = await openBlobDir(config.dataDir);
  let scans: ScanLink | null = null;
  // Replaced once the server listens: the district refused this relay while it ran.
  let refusedEarly = false;
  let closeRefused = (): void => void (refusedEarly = true);
  const role: RelayRole = {
    office: office.id,
    directory: live.get,
    accounts: (local, storage, logKey) =>
      relayAccounts(local, storage, logKey, {
        ...up,
        now,
        office: office.id,
        directory: live.get,
        pending,
        signOuts,
        districtLog,
        ...(relay.fallback === undefined ? {} : { fallback: relay.fallback }),
        // The upstream link keeps the relay's session in its state file.
        token: () => readRelayState(config.dataDir)?.token ?? '',
      }),
    isProvisionalKey: (keyId) => pending.isPending(keyId),
    laterRefusals: refusals,
    vouch: vouch.get,
    districtLogTrouble: () => districtLog.report(),
    districtDeviceNumber: (deviceId) => pending.deviceNumberOf(deviceId),
    scanWanted: (sha256, recordId) => scans?.want(sha256, recordId),
    districtProofs: proofs.ask,
    closing: calls.abortAll,
    start: (ctx) => {
      const link = createScanLink({
        ...up,
        blobs,
        storage: ctx.storage,
        dataDir: config.dataDir,
        token: () => upstream.state.token,
        distrusted: () => districtLog.trouble() !== null,
        log: (line) => console.log(line),
        now,
      });
      scans = link;
      const upstream: UpstreamDeps = {
        ...up,
        ctx,
        dataDir: config.dataDir,
        office: office.id,
        relay: relayIdOf(office.id),
        key: relay.key,
        now,
        log: (line) => console.log(line),
        intervalMs: relay.intervalMs,
        backoffMaxMs: relay.backoffMaxMs,
        heldMaxMs: relay.heldMaxMs,
        random: Math.random,
        state,
        keysTag: '',
        pending,
        refusals,
        signOuts,
        districtLog,
        keyAsked: first.ok,
        sessionCheckMs: relay.sessionCheckMs,
        sessionsCheckedAt: 0,
        directory: live,
        directoryTag: '',
        directoryRefused: null,
        scans: link,
        refused: () => closeRefused(),
      };
      const stopUpstream = startUpstream(upstream);
      // The refusals' own connection to the SQLite file closes after the link that
      // writes to it, so the relay's close leaves the file whole (no write-ahead log).
      void vouch.start();
      return async () => {
        vouch.stop();
        await stopUpstream();
        await link.stop();
        refusals.close();
      };
    },
  };
  const app = buildServer(config, {
    now,
    randomBytes: (n) => new Uint8Array(randomBytes(n)),
    relay: role,
    https,
  });
  await app.listen({ port: config.port, host: config.host });
  // Before the first line says it listens: a stop that comes at once still closes the relay.
  // One close, whichever comes first; a refusal seen before the exit makes it 78.
  let closing = false;
  let refused = false;
  const closeThenExit = (closed: number, failed: number): void => {
    if (closing) return;
    closing = true;
    void app.close().then(
      () => process.exit(refused ? EX_CONFIG : closed),
      () => process.exit(refused ? EX_CONFIG : failed),
    );
  };
  const stop = (signal: string): void => {
    console.log(`${signal}: closing…`);
    closeThenExit(0, 1);
  };
  // Revoked (or its key refused) while running: the relay steps aside, so its tablets sync
  // with the district's own address (decision 0021), and exits as a refused start does.
  closeRefused = () => {
    refused = true;
    console.log(
      "relay: closing: the district refused this relay; the office's tablets sync with the district (decision 0021)",
    );
    closeThenExit(EX_CONFIG, EX_CONFIG);
  };
  if (refusedEarly) closeRefused();
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
  const { port } = app.server.address() as AddressInfo;
  const local = everywhere ? '127.0.0.1' : config.host;
  const scheme = https === undefined ? 'http' : 'https';
  console.log(`Patravali relay ${office.code} listening on ${scheme}://${local}:${port}/`);
  for (const ip of lan) console.log(`On the office network: ${scheme}://${ip}:${port}/`);
  console.log(`District: ${relay.upstream}`);
  console.log(`Data: ${config.dataDir}`);
}

/**
 * The district refused the relay's key (revoked, or not this office's): nothing changes
 * until an administrator acts, so the relay exits with EX_CONFIG (78), which the systemd
 * unit in docs/RELAY.md does not restart (RestartPreventExitStatus=78): restarted every few
 * seconds, it would ask the district to sign it in again and again. Any other failure to
 * start (the district unreachable before the relay holds a directory) exits 1, restarted.
 */
class RelayRefused extends ConfigError {}
const EX_CONFIG = 78;

main().catch((e: unknown) => {
  if (e instanceof ConfigError || e instanceof DataDirLockedError)
    console.error(`Patravali relay: ${e.message}`);
  else console.error(e);
  process.exit(e instanceof RelayRefused ? EX_CONFIG : 1);
});
