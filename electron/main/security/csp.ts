/**
 * Sent as a header with every app:// response, so it holds even if the renderer's own <meta> tag changes.
 * Inline styles stay allowed for components that inject <style> elements; inline scripts and eval do not.
 */
export const contentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  // The video compare plays both files from blob: URLs made of the bytes the core sent.
  "media-src 'self' blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
