/**
 * The protobuf wire format read by hand, for the decoders on the hottest paths (remote write, the
 * protobuf exposition format): a bounds-checked {@code ProtoReader} over a byte array, strict
 * UTF-8 validation and a string cache that interns repeated label strings. Depends on nothing.
 */
package dev.panoptes.wire.proto;
