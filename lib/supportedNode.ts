// The entry points import this module first: a side effect on purpose, so it runs before their other imports.
import { requireSupportedNode } from './nodeVersion';

requireSupportedNode();
