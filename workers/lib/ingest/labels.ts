/** Maps label names found in folders and label exports onto a project's classes. */

// Folder and choice names people use for defect-free parts.
const GOOD_NAMES = new Set('good ok okay normal pass passed accept accepted no_defect'.split(' '));
// Names that clearly mean "defective", used to spot the bad class of a binary project.
const BAD_NAMES = new Set(
  'bad ng nok not_ok defect defective anomaly abnormal fail failed reject rejected'.split(' '),
);
// Names that carry no verdict; in a binary project "anything else is bad" must not swallow them.
const NEUTRAL_NAMES = new Set([
  ...'unlabeled unlabelled unknown unsure uncertain skip skipped ignore'.split(' '),
  ...'unsorted todo misc other images imgs img data raw new'.split(' '),
]);

/** Lower-cases and unifies separators, so "Scratch-Head", "scratch head" and "scratch_head" compare equal. */
export function normalizeLabel(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, '_');
}

/** True when `name` is a usual word for a defect-free part (good, ok, normal, pass, …). */
export function isGoodName(name: string): boolean {
  return GOOD_NAMES.has(normalizeLabel(name));
}

/** The good and bad class of a two-class project; the scope convention makes the first class good. */
export function binaryClasses(classes: readonly string[]): { good: string; bad: string } | null {
  if (classes.length !== 2) return null;
  const [a, b] = classes as [string, string];
  if (isGoodName(b) && !isGoodName(a)) return { good: b, bad: a };
  if (BAD_NAMES.has(normalizeLabel(a)) && !BAD_NAMES.has(normalizeLabel(b))) return { good: b, bad: a };
  return { good: a, bad: b };
}

/**
 * The project class a folder or exported label stands for, or null when none fits. Exact and
 * case/separator-insensitive class names win; a binary project then maps good/ok/normal/pass to its
 * good class and any other named defect (`defectType`, or a non-neutral folder) to its bad class;
 * a multi-class project maps a good synonym to its only good-named class and nothing else.
 */
export function mapLabel(
  folderLabel: string,
  defectType: string | null,
  classes: readonly string[],
): string | null {
  const exact = classes.find((c) => c === folderLabel) ?? findClass(folderLabel, classes);
  if (exact !== undefined) return exact;
  const binary = binaryClasses(classes);
  const name = normalizeLabel(folderLabel);
  if (binary) {
    if (GOOD_NAMES.has(name)) return binary.good;
    if (defectType !== null || (name !== '' && !NEUTRAL_NAMES.has(name))) return binary.bad;
    return null;
  }
  if (defectType !== null) {
    const byDefect = findClass(defectType, classes);
    if (byDefect !== undefined) return byDefect;
  }
  if (GOOD_NAMES.has(name)) {
    const good = classes.filter(isGoodName);
    if (good.length === 1) return good[0] ?? null;
  }
  return null;
}

function findClass(name: string, classes: readonly string[]): string | undefined {
  const wanted = normalizeLabel(name);
  return classes.find((c) => normalizeLabel(c) === wanted);
}
