/**
 * Builds the error the SDK produces for an error code its model does not declare (Auto Scaling's `ValidationError`,
 * `Throttling`; every EC2 error): an instance of the client's base ServiceException with `name` = the wire code,
 * `$fault` from the HTTP status (< 500 client, else server), and the query protocol's extra members (`Type`, `Code`,
 * `Error`) that the SDK copies onto it (`@aws-sdk/core` AwsQueryProtocol.handleError / ProtocolLib).
 */
// biome-ignore lint/suspicious/noExplicitAny: any client's ServiceException subclass
type ServiceExceptionClass = new (options: any) => Error;

interface QueryErrorOptions {
  code: string;
  message: string;
  httpStatusCode: number;
  /** awsQuery sends `<Type>Sender</Type>`; the EC2 protocol sends no Type. */
  type?: "Sender" | "Receiver";
}

function queryError(Base: ServiceExceptionClass, options: QueryErrorOptions): Error {
  const $fault = options.httpStatusCode < 500 ? "client" : "server";
  const error = new Base({ name: options.code, $fault, message: options.message, $metadata: { httpStatusCode: options.httpStatusCode } });
  Object.assign(error, {
    ...(options.type ? { Type: options.type } : {}),
    Code: options.code,
    Error: { Type: options.type, Code: options.code, Message: options.message },
  });
  return error;
}

export { queryError };
export type { QueryErrorOptions, ServiceExceptionClass };
