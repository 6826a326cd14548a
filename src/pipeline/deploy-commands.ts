import { registry } from '../lib/stores/registry.svelte.ts';
import { projects } from '../lib/stores/projects.svelte.ts';
import { getDb } from '../lib/stores/db.ts';
import { downloadBlob } from '../lib/download.ts';
import {
  checkFollowed,
  deployBundle,
  deployFromUrl,
  deploymentState,
  deployVersion,
  followAlias,
  rollback,
  type DeploymentState,
} from '../lib/bridges/deploy-bridge.ts';
import { requireVersion } from '../../workers/lib/db/registry-repo.ts';
import {
  buildRegistryIndex,
  REGISTRY_INDEX_FILE,
  type PublishedVersion,
} from '../../workers/lib/station/registry-index.ts';
import type { FollowCheck } from '../../workers/station/deploy-job.ts';
import type { DeployedModel } from '../../workers/lib/station/station-types.ts';
import { versionFor } from './evaluate-commands.ts';
import { RUNNER_FILE_INPUT_ID } from './data-commands.ts';
import { defineCommand } from './options.ts';
import type { CommandResult, PipelineCommand } from './types.ts';

/** Errors that mean a deployment was refused, reported with exit code 1 (matched by name: they crossed the worker). */
const REFUSALS = new Set([
  'BundleRejectedError',
  'DeploymentRuleError',
  'DeployFetchError',
  'RegistryIndexError',
  'RegistryRuleError',
  'NotFoundError',
]);

/** The open project's id; every command runs in one. */
function projectId(): string {
  const id = projects.current?.id;
  if (!id) throw new Error('No project is open.');
  return id;
}

/** A deployed model as the runner prints it. */
function modelData(model: DeployedModel | null) {
  return (
    model && {
      model: model.label,
      versionId: model.versionId,
      threshold: model.threshold,
      source: model.source,
      origin: model.origin,
      deployedAt: new Date(model.deployedAt).toISOString(),
      reason: model.reason,
    }
  );
}

/** The deployment as the runner prints it: what runs now, the previous one, the followed alias, recent history. */
function stateData(state: DeploymentState) {
  return {
    current: modelData(state.current),
    previous: modelData(state.previous),
    running: state.current?.label ?? state.shippedDefaultLabel,
    shippedDefault: state.current === null,
    follow: state.follow,
    history: state.history.slice(0, 10).map((e) => ({
      at: new Date(e.at).toISOString(),
      action: e.action,
      from: e.from,
      to: e.to,
      reason: e.reason,
    })),
  };
}

/** The summary lines of a deployment. */
function stateSummary(state: DeploymentState): string {
  const now = state.current
    ? `Running ${state.current.label} (threshold ${state.current.threshold.toFixed(3)}, from ${state.current.origin ?? state.current.source}).`
    : `Nothing deployed: the station runs the shipped default model (${state.shippedDefaultLabel}).`;
  const before = state.previous ? ` Previous: ${state.previous.label}.` : '';
  const follow = state.follow
    ? `\nFollowing ${state.follow.model}'s ${state.follow.alias} in ${state.follow.indexUrl}.`
    : '';
  return now + before + follow;
}

/** The one action a deploy command line asks for. */
function actionOf(options: Record<string, unknown>): string | undefined {
  // With --follow, --model names the published model rather than a version to deploy.
  const keys = ['model', 'bundle', 'url', 'rollback', 'follow', 'unfollow', 'check'];
  const asked = keys.filter(
    (key) => options[key] !== undefined && options[key] !== false && !(key === 'model' && options['follow']),
  );
  if (asked.length > 1)
    throw new Error(`deploy does one thing at a time; choose one of --${asked.join(', --')}.`);
  return asked[0];
}

const deployCommand = defineCommand({
  name: 'deploy',
  describe:
    'deploy a version, a bundle file or URL to this device’s station, roll back, or follow a published alias; prints what runs now and before (exit 1 when refused; the running model then stays)',
  options: {
    model: {
      type: 'string',
      help: 'a registered version NAME@V, or NAME for its champion; with --follow, the published model',
    },
    bundle: { type: 'string', help: 'a bundle zip to verify, register (once per digest) and deploy' },
    url: { type: 'string', help: 'the http(s) address of a bundle zip to download, verify and deploy' },
    rollback: { type: 'flag', help: 'return to the previously deployed model' },
    follow: {
      type: 'string',
      help: 'the URL of a published index.json whose alias to follow (with --model NAME)',
    },
    alias: { type: 'string', default: 'champion', help: 'with --follow: the alias to follow' },
    unfollow: { type: 'flag', help: 'stop following a published alias' },
    check: { type: 'flag', help: 'check the followed alias now and deploy what it points at' },
    reason: { type: 'string', default: '', help: 'why, for the deployment history' },
    bundleName: { type: 'string', internal: true, help: "the bundle file's name (the runner sets it)" },
  },
  async run(options) {
    const id = projectId();
    const action = actionOf(options);
    let state: DeploymentState;
    let check: FollowCheck | undefined;
    let registered: boolean | undefined;
    try {
      if (action === 'model') {
        const version = await versionFor(options.model!);
        state = await deployVersion(
          id,
          version.id,
          options.reason || `${version.name}@${version.version} by the runner`,
        );
      } else if (action === 'bundle') {
        const file = (document.getElementById(RUNNER_FILE_INPUT_ID) as HTMLInputElement | null)?.files?.[0];
        if (!file) throw new Error('deploy --bundle needs the bundle zip file.');
        const done = await deployBundle(
          id,
          new Uint8Array(await file.arrayBuffer()),
          options.bundleName ?? file.name,
        );
        ({ state, registered } = done);
      } else if (action === 'url') {
        ({ state, registered } = await deployFromUrl(id, options.url!));
      } else if (action === 'rollback') {
        state = await rollback(id, options.reason || 'rollback by the runner');
      } else if (action === 'follow') {
        if (!options.model)
          throw new Error('deploy --follow URL needs --model NAME, the published model to follow.');
        await followAlias(id, { indexUrl: options.follow!, model: options.model, alias: options.alias });
        ({ state, ...check } = await checkFollowed(id));
      } else if (action === 'unfollow') {
        state = await followAlias(id, null);
      } else if (action === 'check') {
        ({ state, ...check } = await checkFollowed(id));
      } else {
        state = await deploymentState(id);
      }
    } catch (error) {
      if (!(error instanceof Error && REFUSALS.has(error.name))) throw error;
      // The deployment as it stands after the refusal, which left it unchanged.
      const after = await deploymentState(id);
      return {
        summary: `Refused: ${error.message}\n${stateSummary(after)}`,
        data: { refused: true, reason: error.message, ...stateData(after) },
        exitCode: 1,
      };
    }
    const refusedCheck = check?.status === 'refused';
    return {
      summary: (check ? `${check.message}\n` : '') + stateSummary(state),
      data: {
        ...stateData(state),
        ...(registered === undefined ? {} : { registered }),
        ...(check ? { check: { ...check } } : {}),
        ...(refusedCheck ? { refused: true, reason: check!.reason } : {}),
      },
      exitCode: refusedCheck ? 1 : 0,
    };
  },
});

const publishCommand = defineCommand({
  name: 'publish',
  describe:
    'publish <folder>: write index.json and the bundle zip of every version that is not archived (of --model NAME, or every model) for any static HTTPS host to serve to a fleet of stations',
  options: {
    model: { type: 'string', help: 'publish only this registered model' },
  },
  async run(options) {
    await registry.load();
    const entries = registry.entries.filter(
      (e) => options.model === undefined || e.model.name === options.model,
    );
    if (options.model !== undefined && !entries.length)
      throw new Error(
        `No registered model "${options.model}"; registered: ${registry.entries.map((e) => e.model.name).join(', ') || 'none'}.`,
      );
    const published: PublishedVersion[] = [];
    const db = await getDb();
    for (const entry of entries)
      for (const version of entry.versions.filter((v) => !v.archived).sort((a, b) => a.version - b.version)) {
        // The export downloads the zip and records its digest on the version.
        const { fileName, bytes } = await registry.exportVersion(version);
        const { bundleSha256 } = await requireVersion(db, version.id);
        if (!bundleSha256)
          throw new Error(`The export of ${version.name}@${version.version} recorded no digest.`);
        published.push({
          model: version.name,
          version: version.version,
          file: fileName,
          sha256: bundleSha256,
          size: bytes,
          threshold: version.threshold,
          createdAt: version.createdAt,
        });
      }
    if (!published.length) throw new Error('Nothing to publish: register a model version first.');
    const aliases = Object.fromEntries(
      entries.map((e) => [e.model.name, e.model.aliases as Record<string, number>]),
    );
    const index = buildRegistryIndex(published, aliases);
    downloadBlob(
      new Blob([JSON.stringify(index, null, 2) + '\n'], { type: 'application/json' }),
      REGISTRY_INDEX_FILE,
    );
    const result: CommandResult = {
      summary: `Published ${published.length} bundle${published.length === 1 ? '' : 's'} of ${entries.map((e) => e.model.name).join(', ')} with ${REGISTRY_INDEX_FILE}.`,
      data: { index, files: [REGISTRY_INDEX_FILE, ...published.map((p) => p.file)] },
      exitCode: 0,
    };
    return result;
  },
});

/** The Deploy stage's pipeline commands. */
export const DEPLOY_COMMANDS: PipelineCommand[] = [deployCommand, publishCommand];
