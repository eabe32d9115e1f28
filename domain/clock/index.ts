export * from './clock';
export * from './deadlines';
export * from './events';
export * from './window';
