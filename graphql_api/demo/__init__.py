"""Demo data, loaded through the services. It sits above them: services never import it."""
