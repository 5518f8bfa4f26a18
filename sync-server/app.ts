import { mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import fastifyWebsocket from '@fastify/websocket';
import Fastify from 'fastify';
import type { FastifyError, FastifyInstance } from 'fastify';
import type { Directory } from '@domain/directory.ts';
import type { DeviceId } from '@domain/ids.ts';
import { API, PUSH_SUBPROTOCOL } from '@protocol/api.ts';
import { MAX_FRAME_BYTES } from '@protocol/messages.ts';
import type { ServerConfig } from './config.ts';
import { isDemoMode } from './config.ts';
import { openBlobDir } from './attachments/blob-dir.ts';
import { registerBlobRoutes } from './attachments/blob-routes.ts';
import { createPersonBytes } from './http/person-bytes.ts';
import { registerTusRoutes } from './attachments/tus-routes.ts';
import {
  referencedScans,
  startScanSweeps,
  sweepScans,
  SWEEP_EVERY_MS,
  logSweep,
} from './attachments/scan-sweep.ts';
import { createAccounts } from './auth/accounts.ts';
import { openLogSigner } from './auth/log-key.ts';
import { openRelayVouches } from './auth/relay-vouches.ts';
import { openSealKey } from './auth/seal-key.ts';
import { registerDemoRoutes } from './demo/demo-routes.ts';
import { seedDemoIfNeeded } from './demo/seed-demo.ts';
import { createRepulls } from './sync/repulls.ts';
import { registerCertRoute } from './tls/cert-route.ts';
import type { TlsServer } from './tls/tls-files.ts';
import { installDemoDirectory, installDirectoryFile } from './directory/install-directory.ts';
import type { FileInstallDeps } from './directory/install-directory.ts';
import { followStoredDirectory } from './directory/follow-directory.ts';
import { liveDirectory } from './directory/live-directory.ts';
import { createPersonRate } from './http/person-rate.ts';
import { createSerializer, sendApiError } from './http/context.ts';
import { createSyncResponseEncoder } from './http/response-encoding.ts';
import type { AppContext } from './http/context.ts';
import { registerJsonRoutes } from './http/json-routes.ts';
import { registerProofRoutes } from './http/proof-routes.ts';
import { registerReportRoutes } from './http/report-routes.ts';
import { registerSearchRoutes } from './http/search-routes.ts';
import { registerStaticSite } from './http/static-site.ts';
import { registerBodyTimeout } from './http/body-timeout.ts';
import { registerPushRoute } from './http/push-route.ts';
import { registerSecurityHeaders } from './http/security-headers.ts';
import { registerCors } from './http/cors.ts';
import { registerSyncRoutes, sendErrorFrame } from './http/sync-routes.ts';
import { lockDataDir } from './storage/data-dir-lock.ts';
import { createJudgePool, type JudgePoolOptions } from './sync/judge-pool.ts';
import { createKeyedLocks } from './sync/keyed-locks.ts';
import { openDirectoryWatch, openPushHub, openStorage } from './storage/open-storage.ts';
import type { ServerStorage } from './storage/types.ts';
import type { RelayRole } from './relay/relay-role.ts';
import { createContactBook } from './sync/device-contact.ts';
import { createDocRules } from './sync/doc-rules.ts';
import { rebuildStaleSummaries } from './sync/rebuild-projection.ts';
import type { RecordRules } from './sync/record-rules.ts';
import { createTreeHeads } from './sync/tree-heads.ts';

/**
 * One Fastify instance: JSON API, binary sync, WebSocket push and the built PWA
 * on one port. Storage is opened (and the directory installed) when the server
 * becomes ready, and closed when it closes.
 */

export interface ServerDeps {
  readonly now: () => number;
  readonly randomBytes: (n: number) => Uint8Array;
  readonly log?: boolean;
  /** A line for the server's log (the district's vouches, auth/relay-vouches.ts); stdout by default. */
  readonly logLine?: (line: string) => void;
  /** Defaults to the configured storage (storage/open-storage.ts). */
  readonly storage?: ServerStorage;
  /** Defaults to the src/doc validation and fold. */
  readonly rules?: RecordRules;
  /** Sync response pages; PAGE_BYTES unless a test wants many small pages. */
  readonly syncPageBytes?: number;
  /**
   * Serve HTTPS with this certificate: the classroom's, its CA at /cert.crt
   * (tls/certificate.ts), or the deployment's own (PATRAVALI_TLS_CERT), whose
   * files `watch` reads again for the server's life (tls/tls-files.ts).
   */
  readonly https?: {
    readonly key: string;
    readonly cert: string;
    readonly caCert?: string;
    readonly watch?: (server: TlsServer) => () => void;
  };
  /** The judging workers: how many, and a test's own task module (sync/judge-pool.ts). */
  readonly judging?: Pick<JudgePoolOptions, 'threads' | 'worker'>;
  /** Run as an office relay (relay/relay-role.ts); absent: the district server. */
  readonly relay?: RelayRole;
}

async function installDirectory(
  config: ServerConfig,
  storage: ServerStorage,
  deps: FileInstallDeps,
  relay: RelayRole | undefined,
): Promise<Directory> {
  if (relay !== undefined) {
    // A relay's people and passwords are the district's: it keeps no credentials.
    const directory = relay.directory();
    await storage.saveDirectory(directory);
    return directory;
  }
  if (config.directoryFile === null) return installDemoDirectory(storage, deps);
  const text = await readFile(config.directoryFile, 'utf8');
  return installDirectoryFile(storage, config.directoryFile, text, deps);
}

/**
 * The configured storage. SQLite's data directory is this server's alone until it
 * closes (data-dir-lock.ts); a PostgreSQL database is shared by every instance.
 */
async function openOwnStorage(config: ServerConfig, app: FastifyInstance): Promise<ServerStorage> {
  if ((config.databaseUrl ?? null) !== null) return openStorage(config);
  mkdirSync(config.dataDir, { recursive: true });
  const release = lockDataDir(config.dataDir);
  app.addHook('onClose', async () => release());
  try {
    return await openStorage(config);
  } catch (e) {
    release();
    throw e;
  }
}

function handleErrors(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const status = error.statusCode ?? 500;
    if (status >= 500) {
      request.log.error(error);
      return reply
        .code(500)
        .type('application/json')
        .send({ error: 'internal', detail: 'internal server error' });
    }
    if (request.url.startsWith(API.sync)) {
      if (status === 413)
        return sendErrorFrame(
          reply,
          'frameTooLarge',
          `frames are limited to ${MAX_FRAME_BYTES} bytes`,
        );
      return sendErrorFrame(reply, 'frameMalformed', error.message);
    }
    return sendApiError(reply, status, { error: 'badRequest', detail: error.message });
  });
}

/**
 * No limit on how long start-up may take. It hashes every initial password
 * (scrypt) and seeds the demo district, so it grows with the directory and with
 * how busy the machine is; Fastify's default of 10 s refused to start a correct
 * server on a loaded 2-core machine (FST_ERR_PLUGIN_TIMEOUT). A start that
 * hangs still shows: the "listening" line never comes.
 */
const PLUGIN_TIMEOUT_MS = 0;

/** Intervals that do not keep the process alive once the server is closed. */
const UNREF_TIMERS = {
  setInterval: (fn: () => void, ms: number): unknown => setInterval(fn, ms).unref(),
  clearInterval: (handle: unknown) => clearInterval(handle as NodeJS.Timeout),
};

function createFastify(config: ServerConfig, deps: ServerDeps): FastifyInstance {
  const proxies = config.trustProxy ?? [];
  const options = {
    logger: deps.log ?? false,
    bodyLimit: MAX_FRAME_BYTES,
    pluginTimeout: PLUGIN_TIMEOUT_MS,
    // request.ip: X-Forwarded-For only from a listed proxy (PATRAVALI_TRUST_PROXY), else the peer's.
    trustProxy: proxies.length === 0 ? false : [...proxies],
  };
  if (deps.https === undefined) return Fastify(options);
  const { key, cert } = deps.https;
  // Fastify types an HTTPS instance by its raw server; routes and hooks are the same.
  return Fastify({ ...options, https: { key, cert } }) as unknown as FastifyInstance;
}

export function buildServer(config: ServerConfig, deps: ServerDeps): FastifyInstance {
  const app = createFastify(config, deps);
  // A renewed certificate is taken for new connections (setSecureContext) without a restart.
  const stopWatch = deps.https?.watch?.(app.server as unknown as TlsServer);
  if (stopWatch !== undefined) app.addHook('onClose', async () => stopWatch());
  handleErrors(app);
  registerSecurityHeaders(app, deps.https !== undefined, config.connectSources);
  registerCors(app, config.corsOrigins ?? []);
  registerBodyTimeout(app, config.bodyTimeoutMs);
  app.register(async (scoped) => {
    const storage = deps.storage ?? (await openOwnStorage(config, scoped));
    const hub = await openPushHub(config, storage);
    const recheck = setInterval(() => {
      void hub
        .closeEnded(async (tokenHash) => {
          const s = await storage.findSession(tokenHash);
          return s !== null && s.revokedAt === null && s.expiresAt > deps.now();
        })
        .catch(() => undefined); // storage closing under a sweep: the next start sweeps again
    }, config.pushRecheckMs);
    recheck.unref();
    hub.startHeartbeat(config.pushHeartbeatMs, UNREF_TIMERS);
    scoped.addHook('onClose', async () => {
      clearInterval(recheck);
      hub.closeAll();
      await storage.close();
    });
    const installDeps = {
      now: deps.now,
      randomBytes: deps.randomBytes,
      scryptLogN: config.scryptLogN,
    };
    const log = deps.logLine ?? ((line: string) => console.log(line));
    const live = liveDirectory(
      await installDirectory(config, storage, { ...installDeps, log }, deps.relay),
    );
    // An office relay takes the district's changes while it runs, and a district instance
    // another instance's on its PostgreSQL database (follow-directory.ts): read at each use.
    const relay = deps.relay;
    const directoryNow = relay === undefined ? () => live.get() : () => relay.directory();
    const watch = relay === undefined ? await openDirectoryWatch(config) : null;
    if (watch !== null) {
      const follower = followStoredDirectory(watch, {
        storage,
        hub,
        directory: live,
        now: deps.now,
        log,
        checkEveryMs: config.directoryCheckMs,
        timers: UNREF_TIMERS,
      });
      scoped.addHook('onClose', () => follower.stop());
      // One stored between this start's and the watch's: taken now.
      void follower.check();
    }
    const rules = deps.rules ?? createDocRules(deps.now);
    // The workers run the src/doc rules; a test's own rules are judged on this thread.
    const judges =
      deps.rules === undefined
        ? createJudgePool({
            directory: directoryNow,
            budgetMs: config.checkBudgetMs,
            ...deps.judging,
          })
        : undefined;
    if (judges !== undefined) scoped.addHook('onClose', () => judges.close());
    // An office relay reads every record in the district's order (decision 0010, amendment
    // 4) from the first read on: the rebuild below folds with it.
    if (deps.relay !== undefined) storage.orderAsRelay();
    await rebuildStaleSummaries(storage, rules);
    if (isDemoMode(config) && config.demoContent)
      await seedDemoIfNeeded({ storage, rules, directory: live.get(), now: deps.now });
    const signer = openLogSigner(config.dataDir);
    const ownAccounts = createAccounts({
      storage,
      get directory() {
        return directoryNow();
      },
      ...installDeps,
      tokenTtlMs: config.tokenTtlMs,
      logKey: signer.publicKey,
    });
    const accounts = deps.relay?.accounts(ownAccounts, storage, signer.publicKey) ?? ownAccounts;
    const ctx: AppContext = {
      config,
      storage,
      get directory() {
        return directoryNow();
      },
      accounts,
      hub,
      rules,
      now: deps.now,
      serialize: createSerializer(),
      locks: createKeyedLocks(),
      ...(judges !== undefined ? { judges } : {}),
      contacts: createContactBook(storage),
      repulls: createRepulls(),
      encodeSyncResponse: createSyncResponseEncoder(),
      syncPageBytes: deps.syncPageBytes,
      ...(deps.relay === undefined
        ? {
            sealKey: openSealKey(config.dataDir),
            vouchRelay: openRelayVouches({
              dataDir: config.dataDir,
              signer,
              storage,
              now: deps.now,
              log,
            }).vouch,
          }
        : {
            relayVouch: deps.relay.vouch,
            provisionalKey: deps.relay.isProvisionalKey,
            laterRefusals: deps.relay.laterRefusals,
            districtLogTrouble: deps.relay.districtLogTrouble,
            districtDeviceNumber: (deviceId: DeviceId) =>
              deps.relay?.districtDeviceNumber(deviceId),
            registerAtDistrict: true as const,
            relayOffice: deps.relay.office,
            scanWanted: deps.relay.scanWanted,
            districtProofs: deps.relay.districtProofs,
          }),
      heads: createTreeHeads(storage, signer, deps.now),
      syncRate: createPersonRate(config.syncPerMinute),
      reportRate: createPersonRate(config.reportsPerMinute),
      proofRate: createPersonRate(config.syncPerMinute),
      dailyBytes: createPersonBytes(config.bytesPerDay),
    };
    await scoped.register(fastifyWebsocket, {
      options: {
        maxPayload: 1024,
        // The push channel's own name; the `bearer.` entry only carries the token.
        handleProtocols: (offered) => (offered.has(PUSH_SUBPROTOCOL) ? PUSH_SUBPROTOCOL : false),
      },
    });
    registerJsonRoutes(scoped, ctx);
    registerProofRoutes(scoped, ctx);
    registerSyncRoutes(scoped, ctx);
    registerPushRoute(scoped, ctx, config.corsOrigins);
    registerDemoRoutes(scoped, ctx);
    if (deps.https !== undefined) registerCertRoute(scoped, deps.https.caCert);
    registerReportRoutes(scoped, ctx);
    registerSearchRoutes(scoped, ctx);
    const blobDir = await openBlobDir(config.dataDir);
    registerBlobRoutes(scoped, ctx, blobDir);
    const stopSweeps = startScanSweeps(
      // File times are the machine's clock, whatever clock the server is given.
      () => sweepScans(blobDir, () => referencedScans(storage), Date.now(), config),
      SWEEP_EVERY_MS,
      UNREF_TIMERS,
      (result) => logSweep(scoped, result),
    );
    scoped.addHook('onClose', async () => stopSweeps());
    await registerTusRoutes(scoped, ctx, blobDir);
    await registerStaticSite(scoped, config.staticDir);
    if (deps.relay !== undefined) {
      // Before the server waits for the requests it serves: none then waits on the WAN.
      scoped.addHook('preClose', async () => deps.relay?.closing());
      const stopRelay = deps.relay.start(ctx);
      scoped.addHook('onClose', () => stopRelay());
    }
  });
  return app;
}
