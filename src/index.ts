/**
 * The app's entry points, as manifest.yml names them (`index.<export>`). Nothing else lives here.
 */
// Admin page (confluence:globalSettings) backend
export { handler as resolver } from './handlers/resolver';
// Queue consumer (run-steps)
export { runWorker } from './handlers/runWorker';
// Scheduled triggers
export { scheduler, housekeeping } from './handlers/triggers';
// Web trigger: the "keep my access" link of warning emails
export { keepAccess } from './handlers/keepAccess';
export { restoreAccess } from './handlers/restoreAccess';
