"""The W3C SPARQL 1.1 test suites, driven by their manifests, over HTTP against a live RegionGraph."""
