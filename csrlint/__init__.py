"""csrlint: a linter for Shanghai 文明单位 corporate social-responsibility reports."""

__version__ = "0.2.0"
