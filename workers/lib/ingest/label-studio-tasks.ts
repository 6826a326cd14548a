/** Label Studio's full JSON export: tasks with annotation histories, reduced to one choice each. */

/** One labelled image reference pulled out of an export, before matching against images. */
export interface RawLabel {
  imageRef: string;
  label: string;
  annotator?: string;
}

/** One labelled image from an export; `fileName` is the decoded last segment of `imageRef`. */
export interface LabelStudioItem extends RawLabel {
  fileName: string;
}

/** A task or row that yields no label: `ref` is its image reference (or "task 12"/"row 3"), `reason` a sentence. */
export interface LabelProblem {
  ref: string;
  reason: string;
}

/** Plain-object guard for parsed JSON. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads a classification value: a plain string, or `{ choices: [...] }` (JSON or object). */
export function choiceOf(value: unknown): { label: string } | { problem: string } | null {
  let v = value;
  if (typeof v === 'string' && v.trim().startsWith('{')) {
    try {
      v = JSON.parse(v);
    } catch {
      // Not JSON after all: a label that happens to start with "{".
    }
  }
  if (typeof v === 'string') return v.trim() ? { label: v.trim() } : null;
  if (isRecord(v) && Array.isArray(v.choices)) return single(v.choices.filter((c) => typeof c === 'string'));
  return null;
}

function single(choices: string[]): { label: string } | { problem: string } | null {
  const distinct = [...new Set(choices.map((c) => c.trim()).filter(Boolean))];
  if (distinct.length === 0) return null;
  if (distinct.length > 1) {
    return {
      problem: `It has several choices (${distinct.join(', ')}); only single-choice labels can be imported. Pick one in Label Studio and export again.`,
    };
  }
  return { label: distinct[0] ?? '' };
}

function time(annotation: Record<string, unknown>): number {
  const stamp = annotation.updated_at ?? annotation.created_at;
  const t = typeof stamp === 'string' ? Date.parse(stamp) : NaN;
  return Number.isNaN(t) ? -Infinity : t;
}

function idOf(record: Record<string, unknown>): number {
  return typeof record.id === 'number' ? record.id : -Infinity;
}

// `data.image` by default; projects whose labeling config names the variable otherwise still
// have exactly one string field that points at the image.
function imageRefOf(data: Record<string, unknown>, isImagePath: (s: string) => boolean): string | null {
  if (typeof data.image === 'string' && data.image) return data.image;
  const strings = Object.values(data).filter((v): v is string => typeof v === 'string' && isImagePath(v));
  return strings.length === 1 ? (strings[0] ?? null) : null;
}

function annotatorOf(annotation: Record<string, unknown>): string | undefined {
  const by = annotation.completed_by;
  if (isRecord(by) && typeof by.email === 'string') return by.email;
  if (typeof annotation.created_username === 'string' && annotation.created_username) {
    return annotation.created_username;
  }
  if (typeof by === 'number') return `user ${by}`;
  return undefined;
}

/** Reduces full-JSON tasks to labels, using each task's latest non-cancelled annotation. */
export function parseTasks(
  tasks: readonly unknown[],
  isImagePath: (s: string) => boolean,
): { items: RawLabel[]; problems: LabelProblem[] } {
  const items: RawLabel[] = [];
  const problems: LabelProblem[] = [];
  tasks.forEach((task, index) => {
    const name = isRecord(task) && typeof task.id === 'number' ? `task ${task.id}` : `task #${index + 1}`;
    const data = isRecord(task) && isRecord(task.data) ? task.data : null;
    const imageRef = data ? imageRefOf(data, isImagePath) : null;
    if (!isRecord(task) || imageRef === null) {
      problems.push({
        ref: name,
        reason: 'The task has no image reference (data.image), so there is nothing to label.',
      });
      return;
    }
    // Older Label Studio versions called annotations "completions".
    const all = (Array.isArray(task.annotations) ? task.annotations : task.completions) ?? [];
    const list = (Array.isArray(all) ? all : []).filter(isRecord);
    const live = list.filter((a) => a.was_cancelled !== true);
    if (live.length === 0) {
      const reason = list.length
        ? 'Every annotation of it was cancelled (skipped); label it in Label Studio to import it.'
        : 'It is not annotated yet; label it in Label Studio to import it.';
      problems.push({ ref: imageRef, reason });
      return;
    }
    const latest = live.reduce((a, b) =>
      time(b) > time(a) || (time(b) === time(a) && idOf(b) > idOf(a)) ? b : a,
    );
    const results = Array.isArray(latest.result) ? latest.result.filter(isRecord) : [];
    const choices = results
      .filter((r) => r.type === 'choices' && isRecord(r.value) && Array.isArray(r.value.choices))
      .flatMap((r) => (isRecord(r.value) && Array.isArray(r.value.choices) ? r.value.choices : []))
      .filter((c): c is string => typeof c === 'string');
    const picked = single(choices);
    if (picked === null) {
      problems.push({
        ref: imageRef,
        reason: 'Its latest annotation has no classification choice (only other result types).',
      });
    } else if ('problem' in picked) {
      problems.push({ ref: imageRef, reason: picked.problem });
    } else {
      const annotator = annotatorOf(latest);
      items.push(
        annotator === undefined
          ? { imageRef, label: picked.label }
          : { imageRef, label: picked.label, annotator },
      );
    }
  });
  return { items, problems };
}
