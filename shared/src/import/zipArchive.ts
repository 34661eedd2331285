import { strFromU8, unzipSync } from 'fflate';

/**
 * Reads the text files of a ZIP archive (a Slack export as delivered) with fflate, bounded
 * against zip bombs: every file's size is checked from the archive's directory before
 * anything is inflated, and inflation never writes past the size the directory declares.
 */

export interface ArchiveFile {
  /** Path inside the archive, with forward slashes: "general/2024-05-01.json". */
  readonly path: string;
  readonly text: string;
}

export interface ArchiveLimits {
  /** Largest single file, uncompressed. */
  readonly fileBytes: number;
  /** All read files together, uncompressed. */
  readonly totalBytes: number;
  readonly files: number;
  /** Uncompressed ÷ compressed size above which a file is refused (deflate itself stays below ~1,030). */
  readonly ratio: number;
}

export const ARCHIVE_LIMITS: ArchiveLimits = {
  fileBytes: 25 * 1024 * 1024,
  totalBytes: 200 * 1024 * 1024,
  files: 20_000,
  ratio: 1_100,
};

export class ArchiveError extends Error {}

/** The ZIP local-file signature "PK\x03\x04" (or an empty archive's "PK\x05\x06"). */
export function looksLikeZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && (bytes[2] === 3 || bytes[2] === 5);
}

/**
 * The archive's files whose names `wanted` accepts (by default .json), decoded as UTF-8.
 * Throws ArchiveError with a reason a person can act on when the archive is not a ZIP,
 * is damaged, or is larger than the limits.
 */
export function readZipArchive(
  bytes: Uint8Array,
  wanted: (path: string) => boolean = (path) => path.toLowerCase().endsWith('.json'),
  limits: ArchiveLimits = ARCHIVE_LIMITS,
): ArchiveFile[] {
  if (!looksLikeZip(bytes)) throw new ArchiveError('this is not a ZIP archive');
  let total = 0;
  let count = 0;
  let refused: string | null = null;
  let raw: Record<string, Uint8Array>;
  try {
    raw = unzipSync(bytes, {
      filter: (file) => {
        if (refused || file.name.endsWith('/') || !wanted(normalisePath(file.name))) return false;
        count++;
        if (count > limits.files) refused = `the archive holds more than ${limits.files} files`;
        else if (file.originalSize > limits.fileBytes)
          refused = `${file.name} is ${megabytes(file.originalSize)} uncompressed (at most ${megabytes(limits.fileBytes)} per file)`;
        else if (file.size > 0 && file.originalSize / file.size > limits.ratio)
          refused = `${file.name} expands ${Math.round(file.originalSize / file.size)} times: refused as a zip bomb`;
        else if ((total += file.originalSize) > limits.totalBytes)
          refused = `the archive is more than ${megabytes(limits.totalBytes)} uncompressed`;
        return refused === null;
      },
    });
  } catch (error) {
    throw new ArchiveError(`the ZIP archive is damaged (${(error as Error).message})`);
  }
  if (refused) throw new ArchiveError(refused);
  return Object.entries(raw)
    .map(([path, data]) => ({ path: normalisePath(path), text: strFromU8(data) }))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

function normalisePath(path: string): string {
  return path.replace(/\\/g, '/').replace(/^\.?\//, '');
}

function megabytes(bytes: number): string {
  return `${Math.round(bytes / 1024 / 1024)} MB`;
}
