/**
 * Every Redis key of this forum starts with REDIS_KEY_PREFIX (default "forum"): several forums,
 * or several test files, can share one Redis server without reading each other's events or
 * counting each other's attempts. The live bus and the rate limiters both use it.
 */
export const redisKeyPrefix = () => process.env.REDIS_KEY_PREFIX || "forum";
