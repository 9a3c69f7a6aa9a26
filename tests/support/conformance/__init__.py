"""Support for the W3C SPARQL conformance tests: manifests, endpoints, comparison, known failures."""
