/**
 * A small strict JSON reader of our own (the project's dependency list is fixed): {@link
 * org.memvfs.win.json.Json} parses with size and depth limits, {@link org.memvfs.win.json.JsonNode}
 * navigates with errors that name the source and the JSON path.
 */
package org.memvfs.win.json;
