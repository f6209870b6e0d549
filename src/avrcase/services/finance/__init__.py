"""Finance (issue #5): projects and budget lines, reinstallation allowances, the finance work lists."""
