// Vite bundles the app's stylesheet from an import.
declare module '*.css';
