// Vitest runs server modules directly; "server-only" would throw outside a React server bundle.
export {};
