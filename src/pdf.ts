import type { Reporter } from './build.js'
import type { BrowserManager } from './browser/manager.js'
import type { PdfCommand } from './options.js'
export async function exportPdfs(_o: PdfCommand, _b: BrowserManager, _r: Reporter): Promise<void> { throw new Error('todo') }
