/**
 * Measurements: JMH benchmarks of the hot paths and command-line tools that compare Panoptes
 * with its peers on the same data in the same run. Run through {@code ./panoptes bench}; results
 * go to docs/benchmarks.md with the command and the machine.
 */
package dev.panoptes.bench;
