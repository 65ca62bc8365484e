/**
 * Files from a drop: plain files, and the files inside dropped folders (a model folder is the usual
 * thing people drop). Uses webkitGetAsEntry where the browser has it.
 */

function readEntries(reader: FileSystemDirectoryReader): Promise<FileSystemEntry[]> {
  return new Promise((resolve, reject) => reader.readEntries(resolve, reject));
}

async function filesOfEntry(entry: FileSystemEntry, depth: number): Promise<File[]> {
  if (entry.isFile) {
    return [await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject))];
  }
  if (!entry.isDirectory || depth > 3) return [];
  const reader = (entry as FileSystemDirectoryEntry).createReader();
  const out: File[] = [];
  // readEntries returns batches until an empty one.
  for (let batch = await readEntries(reader); batch.length; batch = await readEntries(reader)) {
    for (const child of batch) out.push(...(await filesOfEntry(child, depth + 1)));
  }
  return out;
}

export async function droppedFiles(data: DataTransfer | null): Promise<File[]> {
  if (!data) return [];
  const entries = Array.from(data.items ?? [])
    .filter((item) => item.kind === 'file')
    .map((item) => item.webkitGetAsEntry?.())
    .filter((e): e is FileSystemEntry => !!e);
  if (entries.length === 0) return Array.from(data.files ?? []);
  const files: File[] = [];
  for (const entry of entries) files.push(...(await filesOfEntry(entry, 0)));
  return files;
}
