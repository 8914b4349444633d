import type { Reporter } from './build.js'
import type { ServeCommand } from './options.js'
export async function serve(_o: ServeCommand, _r: Reporter, _s?: AbortSignal): Promise<number> { throw new Error('todo') }
