// Python sources shipped with Porter are imported as text: esbuild strips the `?raw` suffix and
// applies its `.py` text loader; Vite (and so vitest) reads `?raw` imports as text natively.
declare module '*.py?raw' {
  const source: string;
  export default source;
}
