'use strict';
// Logging forms of the Node capture programs (--log=std|pino|winston):
//   std      `<ISO time> LEVEL [name] msg` on stdout, errors as console.error(err) on stderr
//            (the stack, then `{ code, details, metadata }`), as the original captures
//   pino     pino JSON on stdout; errors logged as logger.error({ err }, msg): pino's err serializer
//            puts type, message, stack (joined with \n inside the string), code, details, metadata
//   winston  winston JSON (timestamp + errors({ stack: true }) + json) on stdout; errors logged as
//            logger.error(msg, err): winston appends err.message to the message and adds stack, code
function makeLogger(form, name) {
  const ts = () => new Date().toISOString();
  if (!form || form === 'std') {
    return {
      log: (level, msg) => console.log(`${ts()} ${level.padEnd(5)} [${name}] ${msg}`),
      logErr: (msg, err) => { console.error(`${ts()} ERROR [${name}] ${msg}`); console.error(err); },
    };
  }
  if (form === 'pino') {
    const pino = require('pino');
    const logger = pino({ level: 'debug', name }, pino.destination({ dest: 1, sync: true }));
    const lv = { DEBUG: 'debug', INFO: 'info', WARN: 'warn', ERROR: 'error' };
    return {
      log: (level, msg) => logger[lv[level] || 'info'](msg),
      logErr: (msg, err) => logger.error({ err }, msg.replace(/:$/, '')),
    };
  }
  if (form === 'winston') {
    const winston = require('winston');
    const logger = winston.createLogger({
      level: 'debug',
      defaultMeta: { service: name },
      format: winston.format.combine(winston.format.timestamp(), winston.format.errors({ stack: true }), winston.format.json()),
      transports: [new winston.transports.Console()],
    });
    const lv = { DEBUG: 'debug', INFO: 'info', WARN: 'warn', ERROR: 'error' };
    return {
      log: (level, msg) => logger.log(lv[level] || 'info', msg),
      logErr: (msg, err) => logger.error(msg, err),
    };
  }
  throw new Error(`unknown --log form ${form}`);
}
module.exports = { makeLogger };
