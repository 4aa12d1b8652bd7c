package dev.panoptes.metrics.api;

/**
 * One API operation. Runs on a worker thread that is interrupted when the client goes away or
 * the deadline passes; throws {@link ApiException} (or an engine or storage exception, mapped by
 * {@link ErrorMapping}) for an error answer.
 */
@FunctionalInterface
interface Endpoint {

    Reply handle(ApiRequest request) throws Exception;
}
