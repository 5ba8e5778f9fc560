"""Files shipped with the package (fonts for invoice PDFs)."""
