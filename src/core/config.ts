/**
 * The project file: what a team sets once for its notes — output folder, theme,
 * paper, handout layout, per-talk files, attributes — in `bbl.config.json`, or
 * under a `"bbl"` key of `package.json`, next to the notes or in a folder above
 * them (the nearest wins, as npm and most Node tools look for theirs). Its
 * values sit between the defaults and the flags: a flag given wins. Checked
 * here, once: an unknown key or a value of the wrong type is a usage error
 * naming it (exit 2); the values themselves are checked with the flags'.
 */
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { BblError, ExitCode } from './error.js'

/** What `bbl build` makes besides the decks, in one run (`--pdf --pptx --images`, or the project file's `outputs`). */
export type OutputKind = 'pdf' | 'pptx' | 'images'
export const OUTPUT_KINDS: readonly OutputKind[] = ['pdf', 'pptx', 'images']

/** A project file's settings, as written. */
export interface ProjectConfig {
  out?: string
  theme?: string
  paper?: string
  layout?: number
  talks?: boolean
  handout?: boolean
  photos?: string
  timeout?: number
  strict?: boolean
  /** AsciiDoc attributes for every notes file; a notes file's own setting wins. */
  attributes?: Record<string, string>
  /** What bbl build makes besides the decks, as its --pdf, --pptx, --images. */
  outputs?: OutputKind[]
}

/** Each key's type, for the check. */
const KEYS: Record<keyof ProjectConfig, 'string' | 'number' | 'boolean' | 'attributes' | 'outputs'> = {
  out: 'string',
  theme: 'string',
  paper: 'string',
  layout: 'number',
  talks: 'boolean',
  handout: 'boolean',
  photos: 'string',
  timeout: 'number',
  strict: 'boolean',
  attributes: 'attributes',
  outputs: 'outputs',
}

export const CONFIG_FILE = 'bbl.config.json'

/** A project file found: where, and what it says. */
export interface FoundConfig {
  file: string
  config: ProjectConfig
}

/** The nearest project file from `dir` up: bbl.config.json, or package.json with a "bbl" key. */
export function findConfig(dir: string): FoundConfig | undefined {
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    const own = path.join(d, CONFIG_FILE)
    if (existsSync(own)) return { file: own, config: checkConfig(readJson(own), own) }
    const pkg = path.join(d, 'package.json')
    if (existsSync(pkg)) {
      const json = readJson(pkg) as { bbl?: unknown } | null
      if (json && typeof json === 'object' && 'bbl' in json) return { file: pkg, config: checkConfig(json.bbl, `${pkg} ("bbl")`) }
    }
    if (path.dirname(d) === d) return undefined
  }
}

function readJson(file: string): unknown {
  const text = readFileSync(file, 'utf8')
  try {
    return JSON.parse(text)
  } catch (e) {
    throw new BblError(`${file}: not valid JSON (${(e as Error).message})`, ExitCode.USAGE, { file })
  }
}

const WANTED = {
  string: 'a string',
  number: 'a number',
  boolean: 'a boolean',
  attributes: 'an object of text values',
  outputs: `a list of ${OUTPUT_KINDS.map((k) => `"${k}"`).join(', ')}`,
}

function isOfType(value: unknown, type: keyof typeof WANTED): boolean {
  if (type === 'attributes') return value !== null && typeof value === 'object' && !Array.isArray(value) && Object.values(value).every((v) => typeof v === 'string')
  if (type === 'outputs') return Array.isArray(value) && value.every((v) => OUTPUT_KINDS.includes(v))
  return typeof value === type
}

/** A project file's content, checked: an object of known keys, each of its type. */
export function checkConfig(json: unknown, where: string): ProjectConfig {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) throw new BblError(`${where}: bbl's settings must be a JSON object`, ExitCode.USAGE)
  for (const [key, value] of Object.entries(json)) {
    if (key === '$schema') continue
    const type = KEYS[key as keyof ProjectConfig]
    if (!type) throw new BblError(`${where}: unknown key "${key}" (known: ${Object.keys(KEYS).join(', ')})`, ExitCode.USAGE)
    if (!isOfType(value, type)) throw new BblError(`${where}: "${key}" must be ${WANTED[type]}, not ${JSON.stringify(value)}`, ExitCode.USAGE)
  }
  const { $schema: _, ...config } = json as ProjectConfig & { $schema?: unknown }
  return config
}
