#!/usr/bin/env node
// The bbl command: a thin shell over main(), which returns the exit code.
import { main } from '../lib/cli/main.js'
import { cleanupSync } from '../lib/core/cleanup.js'

const controller = new AbortController()
const onSignal = () => {
  if (controller.signal.aborted) {
    // A second Ctrl-C: no time for `finally` blocks; kill the browser and remove temporary folders now.
    cleanupSync()
    process.stderr.write('bbl: interrupted again; stopped at once (temporary files removed, earlier output kept)\n')
    process.exit(130)
  }
  controller.abort()
}
// A closed terminal or a dropped SSH session (SIGHUP) and a service manager (SIGTERM) stop bbl as Ctrl-C does:
// the browser closed, temporary folders removed, the earlier output kept.
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP']
// After a hang-up, messages have nowhere to go: a write to the closed terminal must not end bbl before it has cleaned up.
process.stderr.on('error', () => {})
for (const s of SIGNALS) process.on(s, onSignal)
const code = await main(process.argv.slice(2), { signal: controller.signal })
if (controller.signal.aborted) {
  // Interrupted: main() has closed the browser and removed what it made, but the work it
  // abandoned may still hold a timer or a socket for a while. Stop now, with the handlers
  // still in place: a second Ctrl-C in that while used to end bbl by the signal (no 130).
  cleanupSync()
  process.exit(code)
}
process.exitCode = code
for (const s of SIGNALS) process.removeListener(s, onSignal)
