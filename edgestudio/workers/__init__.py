"""The only Qt threading code: InferenceSession, FrameMailbox, capture threads."""
