// The case folder given on the command line, if any: `trailview-app CASE` when packaged,
// `electron . CASE` (or `electron build/electron/main.js CASE`) in development. Pure.
export function caseArgument(argv: readonly string[], packaged: boolean): string | null {
  // Packaged: argv[0] is the app. Development: argv[0] is electron, argv[1] the app path.
  const args = argv.slice(packaged ? 1 : 2);
  return args.find((a) => !a.startsWith('-') && a !== '') ?? null;
}
