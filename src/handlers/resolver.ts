/**
 * The admin page's backend: one Forge resolver function holding every resolver, defined by topic in
 * ./resolvers/ with the shared checks of ./resolvers/define.ts (site admin, zod payload, errors as answers).
 */
import { resolver } from './resolvers/define';
import './resolvers/settings';
import './resolvers/schemes';
import './resolvers/runs';

export const handler = resolver.getDefinitions();
