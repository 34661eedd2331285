/** `pnpm retrace <command>`: operator commands. Export and import arrive with the report work. */
const [command] = process.argv.slice(2);
if (!command || command === 'help' || command === '--help') {
  console.log('usage: pnpm retrace <command>\n\ncommands:\n  help    this text');
  process.exit(0);
}
console.error(`unknown command: ${command} (try: pnpm retrace help)`);
process.exit(2);
