/**
 * The protobuf wire format read by hand, shared by the hot-path decoders of this module (remote
 * write, Loki push): {@link dev.panoptes.wire.proto.ProtoReader} (bounds-checked fields over a byte
 * array), {@link dev.panoptes.wire.proto.Utf8} (strict validation), {@link
 * dev.panoptes.wire.proto.StringCache} (interning repeated strings of a request). Depends on nothing.
 */
package dev.panoptes.wire.proto;
