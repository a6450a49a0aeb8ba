"""`pledgecheck compare` end to end: formats, many manifests, hostile input, the browser."""
