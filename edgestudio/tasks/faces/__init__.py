"""Faces: CenterFace detection, dlib alignment and embedding, an encrypted gallery."""
