import { loadConfig } from './config';
import { REPORT_FORMATS, isReportFormat, renderBoardReport } from './boards/reportService';
import { createLogger } from './logger';
import { openStorage } from './storage/openStorage';
import { UpdateWriter } from './storage/UpdateWriter';
import { RoomRegistry } from './sync/RoomRegistry';
import { HeavyWork } from './workers/HeavyWork';

/**
 * `pnpm -s retrace <command>`: operator commands that read the data directory directly
 * (RETRACE_DATA_DIR, default ./data) or DATABASE_URL; they work whether or not a server runs.
 */
const USAGE = `usage: pnpm -s retrace <command>

commands:
  export <boardId> [--format md|html|json|changes.md]   print a board's report or its record of changes (default: md)
  help                                       this text`;

async function exportReport(args: string[]): Promise<number> {
  const boardId = args.find((arg) => !arg.startsWith('--'));
  const formatIndex = args.indexOf('--format');
  const format = formatIndex >= 0 ? (args[formatIndex + 1] ?? '') : 'md';
  if (!boardId) {
    console.error(`export: which board?\n\n${USAGE}`);
    return 2;
  }
  if (!isReportFormat(format)) {
    console.error(`export: unknown format "${format}" (use ${Object.keys(REPORT_FORMATS).join(', ')})`);
    return 2;
  }
  const config = loadConfig();
  const storage = await openStorage(config);
  try {
    const log = createLogger('silent');
    const writer = new UpdateWriter(storage);
    const heavy = new HeavyWork({ log });
    const registry = new RoomRegistry({ storage, writer, heavy, settings: config.room, log, now: Date.now });
    const report = await renderBoardReport({ storage, registry, heavy }, boardId, format).finally(() => heavy.close());
    if (!report) {
      console.error(`export: no board ${boardId} in ${config.dataDir}`);
      return 1;
    }
    process.stdout.write(report.body);
    return 0;
  } finally {
    await storage.close();
  }
}

async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  switch (command) {
    case 'export':
      return exportReport(args);
    case undefined:
    case 'help':
    case '--help':
      console.log(USAGE);
      return 0;
    default:
      console.error(`unknown command: ${command}\n\n${USAGE}`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error((error as Error).message);
    process.exit(1);
  },
);
