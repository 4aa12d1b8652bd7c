/**
 * Configuration loading: {@link dev.panoptes.core.config.YamlConfigLoader} maps a YAML file onto
 * record types strictly, and {@link dev.panoptes.core.config.ConfigException} says which key on
 * which line is wrong. The configuration records themselves live with the components they
 * configure; this package knows none of them.
 */
package dev.panoptes.core.config;
