"""The Optimize wizard's pages (model, target, data, build and check, results, deploy)."""
