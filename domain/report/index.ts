/** The annual report (条例 第四十九条、第五十条): template, data schema, checks, aggregation, layout. */
export * from './template';
export * from './schema';
export * from './checks';
export * from './narrative';
export * from './draft';
export * from './numerals';
export * from './aggregate';
export * from './layout';
export * from './process';
