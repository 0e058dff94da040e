import { type ConfigurationOptions, Observable, type ObservableMiddleware, type RequestContext, type ResponseContext } from "@kubernetes/client-node";

/**
 * Request options that attach an abort signal to the HTTP request client-node sends, so a caller can put a deadline
 * on one request. The object API runs request options' middleware in its observable form, as setHeaderOptions' does.
 */
function abortableBy(signal: AbortSignal): ConfigurationOptions {
  const middleware: ObservableMiddleware = {
    pre: (context: RequestContext) => {
      context.setSignal(signal);
      return new Observable(Promise.resolve(context));
    },
    post: (context: ResponseContext) => new Observable(Promise.resolve(context)),
  };
  return { middleware: [middleware], middlewareMergeStrategy: "append" };
}

export { abortableBy };
