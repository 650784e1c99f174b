"""assembly: the workflow engine for notices of peaceful assemblies (Law No. 333-VI)."""

__version__ = "0.1.0"
