import type { Db } from '../lib/db/open-db.ts';
import { saveProfile } from '../lib/db/profiles-repo.ts';
import type { ProfileRecord } from '../lib/db/schema/profiles.ts';
import type { ProjectRecord } from '../lib/db/schema/projects.ts';
import {
  defaultAssertions,
  evaluateAssertions,
  parseAssertionsYaml,
  type Assertion,
  type AssertionScope,
} from '../lib/profile/assertions.ts';

/** A project's assertion scope and current assertions: its own YAML, or the defaults for its scope. */
export function projectAssertions(project: ProjectRecord): {
  scope: AssertionScope;
  assertions: Assertion[];
} {
  const scope: AssertionScope = {
    classes: project.scope.classes,
    inputSize: project.scope.inputSize,
    gate: { threshold: project.scope.gate.threshold },
    ...(project.scope.mode ? { mode: project.scope.mode } : {}),
  };
  if (!project.assertionsYaml) return { scope, assertions: defaultAssertions(scope) };
  const parsed = parseAssertionsYaml(project.assertionsYaml);
  if ('errors' in parsed)
    throw new Error(
      `The project's assertions do not parse (line ${parsed.errors[0]?.line}: ${parsed.errors[0]?.message}). Fix them on the Profile screen.`,
    );
  return { scope, assertions: parsed.assertions };
}

/** Evaluates `assertions` against a stored profile and saves the new results with it. */
export async function reevaluateProfile(
  db: Db,
  record: ProfileRecord,
  assertions: Assertion[],
  scope: AssertionScope,
): Promise<ProfileRecord> {
  const next = { ...record, assertions, results: evaluateAssertions(record.profile, assertions, scope) };
  await saveProfile(db, next);
  return next;
}
