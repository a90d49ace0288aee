// Where the examiner's own state lives (trust store, saved checkpoints). TRAILVIEW_CONFIG_DIR
// overrides it: tests, portable installs and air-gapped kits point it at a folder of their own.
import { homedir } from 'node:os';
import path from 'node:path';

export function configDir(env: Readonly<Record<string, string | undefined>> = process.env, platform: NodeJS.Platform = process.platform): string {
  const override = env.TRAILVIEW_CONFIG_DIR;
  if (override !== undefined && override !== '') return path.resolve(override);
  const home = env.HOME ?? env.USERPROFILE ?? homedir();
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'trailview');
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'trailview');
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), 'trailview');
}
