"""Developer tools of the govpatrol repository. Not installed: pyproject's packages list does not
name them, so nothing here ships in the runtime package."""
