/**
 * The typed options every command runs on, resolved once (by src/cli/options.ts
 * from argv, or by the API from an object). Nothing downstream reads argv or process.env.
 */

export interface Env {
  [key: string]: string | undefined
}

export interface CommonOptions {
  inputs: string[]
  cwd: string
  theme: string
  /** Straighten photos of projected slides (auto) or show them as taken (off). */
  photos: 'auto' | 'off'
  browser?: string
  timeoutMs: number
  quiet: boolean
  debug: boolean
  env: Env
  /** Progress lines (\r) only on a terminal. */
  progress: boolean
  color: boolean
}

export interface BuildCommand extends CommonOptions {
  command: 'build'
  outDir: string
  talk?: string
  strict: boolean
}

export interface PdfCommand extends CommonOptions {
  command: 'pdf'
  outDir: string
  talk?: string
  strict: boolean
  layout: 1 | 2 | 3 | 6
  paper: 'a4' | 'letter'
  talks: boolean
  handout: boolean
}

export interface ServeCommand extends CommonOptions {
  command: 'serve'
  port: number
  host: string
  open: boolean
}
