// Celery remote control ("pidbox"): the client and the catalogue of commands it may send.
export { PidboxClient } from './pidbox-client.ts';
export type { PidboxCallOptions, PidboxClientOptions } from './pidbox-client.ts';
export type { PidboxResult } from './pending-call.ts';
export { COMMANDS, commandSpec, isCommandName, isDestructive, validateCommandArguments } from './commands.ts';
export type { CommandArguments, CommandKind, CommandName, CommandSpec, CommandValidation } from './commands.ts';
export { DEFAULT_NAMESPACE, replyExchange, requestExchange } from './wire.ts';
export type { Matcher } from './wire.ts';
export { sendCommand } from './send-command.ts';
export type { SendCommandOptions } from './send-command.ts';
