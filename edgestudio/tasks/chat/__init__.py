"""Chat with a local LLM: GGUF inspection, context trimming, conversation history."""
