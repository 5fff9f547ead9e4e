"""The site server's side: what EdgeStudio hands to an existing inference server (NVIDIA
Triton, OpenVINO Model Server, KServe). No Qt; nothing below this package imports it."""
