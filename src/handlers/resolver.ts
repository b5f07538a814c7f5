/**
 * The admin page's backend: one Forge resolver function holding every resolver, defined by topic in
 * ./resolvers/ with the shared checks of ./resolvers/define.ts (site admin, zod payload, errors as answers).
 */
import { resolver } from './resolvers/define';
import './resolvers/overview';
import './resolvers/settings';
import './resolvers/exemptions';
import './resolvers/groups';
import './resolvers/siteUsers';
import './resolvers/schemes';
import './resolvers/bulk';
import './resolvers/runs';
import './resolvers/deletions';
import './resolvers/restores';
import './resolvers/email';
import './resolvers/audit';
import './resolvers/fields';

export const handler = resolver.getDefinitions();
