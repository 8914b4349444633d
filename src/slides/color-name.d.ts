/** color-name: CSS's named colours as [r, g, b] (the package ships no types). */
declare module 'color-name' {
  const names: Record<string, [number, number, number]>
  export default names
}
