/**
 * The regular-expression engine LogQL's {@code regexp} parser and regex line filters search lines
 * with: a backtracking search over a small compiled program, linear in the line by a visited set,
 * giving RE2's matches for the part of RE2's syntax it parses and leaving the rest to RE2/J. It
 * reads a line as a String or in place in a chunk's UTF-8 bytes. {@link
 * dev.panoptes.logs.regex.RequiredText} names the strings every match holds, so that a search
 * over many lines runs the expression only where one occurs. Used by the store's line
 * conditions and by LogQL; depends on nothing else of the project.
 */
package dev.panoptes.logs.regex;
