import {
  ARCHIVE_LIMITS,
  ArchiveError,
  looksLikeZip,
  readSlackWorkspace,
  readZipArchive,
  type ArchiveFile,
  type SlackWorkspace,
} from '@retrace/shared';

/** What the person chose: pasted or uploaded text, or a Slack workspace export (zip or folder). */
export type ImportInput =
  | { readonly kind: 'text'; readonly name: string | null; readonly text: string }
  | { readonly kind: 'workspace'; readonly name: string; readonly workspace: SlackWorkspace };

const decoder = new TextDecoder('utf-8');

function workspaceOf(name: string, files: readonly ArchiveFile[]): ImportInput {
  const workspace = readSlackWorkspace(files);
  if (workspace.channels.length === 0)
    throw new ArchiveError(
      `${name} holds no Slack channel folders (a Slack export has users.json and one folder per channel with files named like 2024-05-01.json)`,
    );
  return { kind: 'workspace', name, workspace };
}

/**
 * Reads what was picked: one file (a .zip is read as a Slack export, anything else as
 * text) or a whole unzipped export folder. Sizes are checked before anything is read.
 */
export async function readImportFiles(list: FileList | readonly File[]): Promise<ImportInput> {
  const files = [...list];
  if (files.length === 0) throw new ArchiveError('no file was chosen');
  if (files.length === 1 && !files[0]!.webkitRelativePath) {
    const file = files[0]!;
    if (file.size > ARCHIVE_LIMITS.totalBytes) throw new ArchiveError(`${file.name} is larger than 200 MB`);
    const bytes = new Uint8Array(await file.arrayBuffer());
    if (looksLikeZip(bytes)) return workspaceOf(file.name, readZipArchive(bytes));
    if (file.size > ARCHIVE_LIMITS.fileBytes) throw new ArchiveError(`${file.name} is larger than 25 MB`);
    return { kind: 'text', name: file.name, text: decoder.decode(bytes) };
  }
  // A folder (webkitdirectory): every .json file with its path inside the folder.
  const json = files.filter((file) => file.name.toLowerCase().endsWith('.json'));
  const total = json.reduce((sum, file) => sum + file.size, 0);
  if (json.length > ARCHIVE_LIMITS.files)
    throw new ArchiveError(`the folder holds more than ${ARCHIVE_LIMITS.files} files`);
  if (total > ARCHIVE_LIMITS.totalBytes) throw new ArchiveError('the folder holds more than 200 MB of JSON');
  const top = files[0]!.webkitRelativePath.split('/')[0] ?? 'folder';
  const read = await Promise.all(
    json.map(async (file) => ({
      path: (file.webkitRelativePath || file.name).split('/').slice(1).join('/') || file.name,
      text: await file.text(),
    })),
  );
  return workspaceOf(top, read);
}
