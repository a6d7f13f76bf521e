/** The AiChat node: chat completions through LangChain4j against OpenAI-compatible and Ollama providers, streamed or not. */
package io.aiworkflow.engine.node.llm;
