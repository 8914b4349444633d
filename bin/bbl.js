#!/usr/bin/env node
// The bbl command: a thin shell over main(), which returns the exit code.
import { main } from '../lib/cli/main.js'

const controller = new AbortController()
const onSignal = () => {
  if (controller.signal.aborted) process.exit(130)
  controller.abort()
}
process.once('SIGINT', onSignal)
process.once('SIGTERM', onSignal)
process.exitCode = await main(process.argv.slice(2), { signal: controller.signal })
process.removeListener('SIGINT', onSignal)
process.removeListener('SIGTERM', onSignal)
