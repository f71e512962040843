// Broker logging with winston, split the way Kafka's log4j setup splits it: `server.log` for the
// broker, `controller.log` for the controller, `state-change.log` for one line per partition or
// replica state transition, `kafka-authorizer.log` for the authorizer's allowed/denied lines
// (kafka.authorizer.logger, denials at INFO as Kafka's log4j.properties sets it). Lines look like Kafka's: `[2026-11-22 17:58:44,123] INFO message (name)`.

import * as path from 'node:path';
import { mkdirSync } from 'node:fs';
import * as winston from 'winston';
import type { Logger } from './logger';
import { ControlPlaneEventLog, recordingLogger, type EventLogger } from './control-plane-events';

export type LogLevel = 'error' | 'warn' | 'info' | 'debug';

export interface BrokerLoggers {
  server: Logger;
  /** Its election and broker-change lines are also recorded in `events`. */
  controller: EventLogger;
  /** Every line is also recorded in `events`. */
  stateChange: EventLogger;
  /** kafka.authorizer.logger, into kafka-authorizer.log. */
  authorizer: Logger;
  /** The control-plane events, for the observatory (served by the broker's metrics endpoint). */
  events: ControlPlaneEventLog;
  /** Flushes and closes every file; resolves when they are written. */
  close(): Promise<void>;
}

export interface LoggingOptions {
  /** Directory for the three files; created if missing. */
  dir: string;
  level?: LogLevel;
  /** Also print server.log lines to stdout (what `kafka-server-start` does in the foreground). */
  console?: boolean;
  /** Names the events' source, e.g. `broker-1`. */
  eventSource?: string;
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** log4j's ISO8601 layout in local time: `2026-11-22 17:58:44,123`. */
function kafkaTimestamp(date: Date): string {
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ` +
    `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())},${pad(date.getMilliseconds(), 3)}`
  );
}

const kafkaLine = winston.format.printf(
  (info) => `[${kafkaTimestamp(new Date())}] ${String(info.level).toUpperCase()} ${String(info.message)} (${String(info.label)})`,
);

function fileLogger(file: string, label: string, options: LoggingOptions): winston.Logger {
  const transports: winston.transport[] = [new winston.transports.File({ filename: file })];
  if (options.console) transports.push(new winston.transports.Console());
  return winston.createLogger({
    level: options.level ?? 'info',
    format: winston.format.combine(winston.format.label({ label }), kafkaLine),
    transports,
  });
}

function adapt(logger: winston.Logger): Logger {
  return {
    info: (message) => logger.info(message),
    warn: (message) => logger.warn(message),
    error: (message) => logger.error(message),
  };
}

function closed(logger: winston.Logger): Promise<void> {
  return new Promise((resolve) => {
    logger.on('finish', () => resolve());
    logger.end();
  });
}

export function createBrokerLoggers(options: LoggingOptions): BrokerLoggers {
  mkdirSync(options.dir, { recursive: true });
  const server = fileLogger(path.join(options.dir, 'server.log'), 'kafka.server', options);
  const controller = fileLogger(path.join(options.dir, 'controller.log'), 'kafka.controller', { ...options, console: false });
  const stateChange = fileLogger(path.join(options.dir, 'state-change.log'), 'state.change.logger', { ...options, console: false });
  const authorizer = fileLogger(path.join(options.dir, 'kafka-authorizer.log'), 'kafka.authorizer.logger', { ...options, console: false });
  const events = new ControlPlaneEventLog(options.eventSource ?? 'broker');
  return {
    authorizer: adapt(authorizer),
    server: adapt(server),
    controller: recordingLogger(adapt(controller), events, 'controller.log'),
    stateChange: recordingLogger(adapt(stateChange), events, 'state-change.log', 'state-change'),
    events,
    close: async () => {
      await Promise.all([closed(server), closed(controller), closed(stateChange), closed(authorizer)]);
    },
  };
}
