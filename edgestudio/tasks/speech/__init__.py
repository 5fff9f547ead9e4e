"""Speech to text: Whisper models, file transcription, live phrases, exports, history."""
