// The order LSP puts requests in, kept before any handler runs: before `initialize` a request
// is answered ServerNotInitialized (-32002) and a notification other than `exit` is dropped; a
// second `initialize`, and any request after `shutdown`, is answered InvalidRequest. The
// JSON-RPC library hands every message it read to a message strategy first; this one lets
// through what may pass, drops what may not, and turns a request it refuses into one for
// REFUSED, whose handler answers the error (a strategy cannot answer by itself).
import type { Message, NotificationMessage, RequestMessage } from 'vscode-languageserver/node';
import { ErrorCodes, ResponseError } from 'vscode-languageserver/node';

/** The method a refused request is handed on as; its handler is `refusal`. */
export const REFUSED = 'errorCodes/$refused';

interface Refused {
  method: string;
  code: number;
  message: string;
}

interface Lifecycle {
  /** For the connection's options: `createConnection(features, { messageStrategy })`. */
  messageStrategy: { handleMessage(message: Message, next: (message: Message) => void): void };
  /** The handler of REFUSED. */
  refusal(params: unknown): ResponseError<void>;
}

function isRequest(m: Message): m is RequestMessage {
  const r = m as Partial<RequestMessage>;
  return typeof r.method === 'string' && r.id !== undefined && r.id !== null;
}

function isNotification(m: Message): m is NotificationMessage {
  const n = m as Partial<RequestMessage>;
  return typeof n.method === 'string' && (n.id === undefined || n.id === null);
}

export function lifecycle(): Lifecycle {
  let initialized = false;
  let shutDown = false;
  const refuse = (request: RequestMessage, code: number, message: string): RequestMessage => ({
    jsonrpc: request.jsonrpc,
    id: request.id,
    method: REFUSED,
    params: { method: request.method, code, message } satisfies Refused,
  });
  return {
    messageStrategy: {
      handleMessage(message, next) {
        if (isRequest(message)) {
          if (message.method === REFUSED) return next(refuse(message, ErrorCodes.MethodNotFound, `Unhandled method ${REFUSED}`));
          if (!initialized) {
            if (message.method !== 'initialize')
              return next(refuse(message, ErrorCodes.ServerNotInitialized, `the server is not initialized: send initialize before ${message.method}`));
            initialized = true;
            return next(message);
          }
          if (message.method === 'initialize') return next(refuse(message, ErrorCodes.InvalidRequest, 'initialize was already received'));
          if (shutDown) return next(refuse(message, ErrorCodes.InvalidRequest, `the server is shutting down: ${message.method} is not taken after shutdown`));
          if (message.method === 'shutdown') shutDown = true;
          return next(message);
        }
        // Dropped before initialize, as LSP asks; `exit` ends the server at any time.
        if (isNotification(message) && !initialized && message.method !== 'exit') return;
        next(message);
      },
    },
    refusal(params) {
      const p = params as Partial<Refused> | undefined;
      return new ResponseError(
        typeof p?.code === 'number' ? p.code : ErrorCodes.InvalidRequest,
        typeof p?.message === 'string' ? p.message : 'request refused',
      );
    },
  };
}
