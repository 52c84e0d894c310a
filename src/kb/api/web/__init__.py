"""The Swedish web pages: templating, error pages and one view module per page."""
