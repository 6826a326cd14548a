import type { DroppedFile } from '../../workers/ingest/ingest-types.ts';

/** Files from an `<input type=file>`, with folder-relative paths when a folder was picked. */
export function fromFileList(list: FileList | null): DroppedFile[] {
  return Array.from(list ?? [], (file) => ({ path: file.webkitRelativePath || file.name, file }));
}

function readEntries(reader: FileSystemDirectoryReader): Promise<FileSystemEntry[]> {
  return new Promise((resolve, reject) => reader.readEntries(resolve, reject));
}

async function walk(entry: FileSystemEntry, out: DroppedFile[]): Promise<void> {
  if (entry.isFile) {
    const file = await new Promise<File>((resolve, reject) =>
      (entry as FileSystemFileEntry).file(resolve, reject),
    );
    out.push({ path: entry.fullPath.replace(/^\//, ''), file });
    return;
  }
  const reader = (entry as FileSystemDirectoryEntry).createReader();
  // readEntries returns at most 100 entries per call: keep reading until it returns none.
  for (let batch = await readEntries(reader); batch.length; batch = await readEntries(reader)) {
    for (const child of batch) await walk(child, out);
  }
}

/** Every file of a drop, descending into dropped folders so their layout is kept. */
export async function fromDataTransfer(data: DataTransfer): Promise<DroppedFile[]> {
  const entries = Array.from(data.items, (item) => item.webkitGetAsEntry()).filter(
    (e): e is FileSystemEntry => !!e,
  );
  if (!entries.length) return fromFileList(data.files);
  const out: DroppedFile[] = [];
  for (const entry of entries) await walk(entry, out);
  return out;
}

/** A title for an import: the dropped folder or file names, so the same drop resumes the same import. */
export function importTitle(files: DroppedFile[]): string {
  const roots = [...new Set(files.map((f) => f.path.split('/')[0] ?? f.path))].sort();
  const shown =
    roots.length > 3 ? `${roots.slice(0, 3).join(', ')} and ${roots.length - 3} more` : roots.join(', ');
  const bytes = files.reduce((sum, f) => sum + f.file.size, 0);
  return `${shown} (${files.length} files, ${(bytes / 1e6).toFixed(1)} MB)`;
}
