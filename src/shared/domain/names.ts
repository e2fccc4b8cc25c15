/** Names a person types for tenants and deployments: trimmed, non-empty, short enough for a table cell. */
export const NAME_MAX_LENGTH = 80;

/** Shown in place of a stored secret. Sending it back means "keep what is stored". */
export const SECRET_MASK = '****';
