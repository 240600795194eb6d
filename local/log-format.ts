import { loadLogFormat, type LogFormat } from '../shared/config.js';

/**
 * The `LOG_FORMAT` `npm start` gives the handler: the variable when set (validated as the
 * service validates it), else `pretty` when its output is a terminal and `json` when it is piped
 * or redirected (a file, a test, a log collector). The handler knows only the setting.
 */
export function localLogFormat(
  env: Readonly<Record<string, string | undefined>>,
  isTerminal: boolean,
): LogFormat {
  if (env.LOG_FORMAT?.trim()) return loadLogFormat(env);
  return isTerminal ? 'pretty' : 'json';
}
