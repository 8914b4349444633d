// Loaded first by every deck: a script in the notes cannot open alert/confirm/prompt
// dialogs, which would stop the presentation (and a PDF export) until someone clicks.
;(() => {
  const quiet = { alert: () => undefined, confirm: () => false, prompt: () => null }
  for (const [name, fn] of Object.entries(quiet)) Object.defineProperty(window, name, { value: fn, writable: false, configurable: false })
})()
