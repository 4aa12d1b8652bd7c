/**
 * The object store: where immutable blocks of every pillar live. {@link
 * dev.panoptes.core.objstore.ObjectStore} is the interface (atomic put, get, ranged get, list by
 * prefix, delete) shaped so that a local directory and an S3-compatible bucket fit it alike;
 * {@link dev.panoptes.core.objstore.LocalDirectoryObjectStore} is the embedded default. Every
 * implementation passes the abstract {@code ObjectStoreContract} test in this module's test jar.
 */
package dev.panoptes.core.objstore;
