"""Stubs generated from proto/ by ``python tools/protogen.py stubs`` (grpcio-tools 1.66.2). Do not edit."""
