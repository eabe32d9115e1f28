export * from './policy';
export * from './input';
export * from './sha256';
export * from './schedule';
export * from './state';
export * from './secrecy';
