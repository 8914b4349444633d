// Types of the generators in stress.mjs, for the tests that build the same notes.
export const list: (n: number) => string
export const nest: (depth: number) => string
export const listing: (n: number) => string
export const table: (n: number) => string
export const archive: (n: number) => string
