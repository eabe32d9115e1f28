export * from './decision';
export * from './fees';
export * from './intake';
export * from './privacy';
export * from './documents';
export * from './extension';
