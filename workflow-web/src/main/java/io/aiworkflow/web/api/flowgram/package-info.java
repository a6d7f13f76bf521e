/** FlowGram.AI's task API: its editor's documents run as drafts, their runs read as its task reports. */
package io.aiworkflow.web.api.flowgram;
