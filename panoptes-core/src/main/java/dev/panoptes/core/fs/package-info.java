/**
 * Local files: ownership of the data directory by one process. Write-ahead logs and segment files
 * shared by the pillars join this package as they arrive.
 */
package dev.panoptes.core.fs;
