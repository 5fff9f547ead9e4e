"""Reusable widgets, one public class per module."""
