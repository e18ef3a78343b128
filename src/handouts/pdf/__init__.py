"""Laying out and writing PDFs with WeasyPrint, and the pikepdf post-processing."""
