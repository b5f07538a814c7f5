export { LocalKvs, type LocalKvsOptions, type KvsResponse, type KvsMetrics, type KvsDump } from './store';
export { type EntityDefinition, type AttributeType, KEY_INDEX_NAME } from './entities';
export { KVS_LIMITS } from './limits';
export { FORGE_KVS_QUOTAS, type KvsQuotaLimits } from './quota';
