// Vitest runs server modules directly, outside React's "react-server" condition, where the real
// `server-only` package throws on import. This empty module stands in for it in tests only;
// Next's bundler still resolves the real package and refuses it in client bundles.
export {};
