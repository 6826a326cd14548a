import { diagnostics } from '../lib/stores/diagnostics.svelte.ts';
import { BACKEND_NAMES, type BackendPreference } from '../../workers/tf/backend-types.ts';
import type { PipelineCommand } from './types.ts';
import { defineCommand } from './options.ts';
import { DATA_COMMANDS } from './data-commands.ts';
import { SNAPSHOT_COMMANDS } from './snapshot-commands.ts';
import { PROFILE_COMMANDS } from './profile-commands.ts';
import { TRAIN_COMMANDS } from './train-commands.ts';
import { EVALUATE_COMMANDS } from './evaluate-commands.ts';
import { REGISTRY_COMMANDS } from './registry-commands.ts';
import { DEPLOY_COMMANDS } from './deploy-commands.ts';
import { INSPECT_COMMANDS } from './inspect-commands.ts';
import { MONITOR_COMMANDS } from './monitor-commands.ts';

function fixed(value: number | undefined, digits: number): number | null {
  return value === undefined ? null : Number(value.toFixed(digits));
}

const diagnosticsCommand = defineCommand({
  name: 'diagnostics',
  describe: 'probe every tfjs backend in a worker and show the measured choice',
  options: {
    backend: {
      type: 'string',
      choices: ['auto', ...BACKEND_NAMES],
      help: 'force a backend (kept as the preference), or let the fastest win',
    },
  },
  async run(options) {
    if (options.backend) await diagnostics.setPreference(options.backend as BackendPreference);
    const report = await diagnostics.run();
    const backends = report.probes.map((p) => ({
      backend: p.backend,
      available: p.available,
      software: p.software,
      renderer: p.renderer ?? null,
      inferMedianMs: fixed(p.inferMedianMs, 2),
      matmulGflops: fixed(p.matmulGflops, 2),
      initMs: fixed(p.initMs, 1),
      error: p.error ?? null,
    }));
    const lines = backends.map(
      (b) =>
        `  ${b.backend.padEnd(7)} ${b.available ? 'ok  ' : 'n/a '} ` +
        (b.available
          ? `${String(b.inferMedianMs).padStart(8)} ms/inference ${String(b.matmulGflops).padStart(7)} GFLOP/s`
          : b.error) +
        (b.renderer ? `  [${b.renderer}${b.software ? ', software' : ''}]` : ''),
    );
    return {
      summary: [
        `Backends (median of 7 tiny-CNN inferences, 128x128 gray):`,
        ...lines,
        `Chosen: ${report.chosen}. ${report.reason}`,
      ].join('\n'),
      data: { chosen: report.chosen, reason: report.reason, preference: report.preference, backends },
      exitCode: 0,
    };
  },
});

/** Every pipeline command by name; stage modules add theirs here. */
export const COMMANDS: Record<string, PipelineCommand> = Object.fromEntries(
  [
    diagnosticsCommand,
    ...DATA_COMMANDS,
    ...SNAPSHOT_COMMANDS,
    ...PROFILE_COMMANDS,
    ...TRAIN_COMMANDS,
    ...EVALUATE_COMMANDS,
    ...REGISTRY_COMMANDS,
    ...DEPLOY_COMMANDS,
    ...INSPECT_COMMANDS,
    ...MONITOR_COMMANDS,
  ].map((c) => [c.name, c]),
);
