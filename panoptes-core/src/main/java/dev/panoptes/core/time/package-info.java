/** Time values shared by every pillar: the Prometheus duration notation used in configuration and APIs. */
package dev.panoptes.core.time;
