"""The demo desk: claims from one opinion article, loaded through the domain operations."""
